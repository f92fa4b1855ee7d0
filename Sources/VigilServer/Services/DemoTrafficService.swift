import Foundation
import Logging
import ServiceLifecycle
import VigilConfig
import VigilCore
import VigilIngest
import VigilStore

/// `vigil serve --demo`: synthetic requests for every service whose SLOs take events, so a
/// newcomer sees budgets move within a minute. Each request is an event of the
/// `service` form (route label, status, latency) and goes through the same judging,
/// grouping and durable ingestion as real events. Every 15 minutes a 3-minute incident
/// raises errors to 8 % and slows a fifth of the requests, enough to page on a 99.9 % SLO;
/// `/search` is always a little slow, so a per-route latency SLO shows one route burning.
/// Third-party services (`external: true`) have their own outages instead, at :20 and :50
/// for 5 minutes, which the demo's stand-in vendor status page (``DemoRoutes``) reports too.
struct DemoTrafficService: Service {
    let runtime: VigilRuntime
    /// Requests per minute per service.
    var requestsPerMinute: Int64 = 1200
    var tick: Duration = .seconds(5)

    static let routes: [(route: String, weight: Double, medianMs: Double)] = [
        ("/", 0.35, 35), ("/product", 0.3, 50), ("/search", 0.15, 110), ("/cart", 0.12, 45), ("/checkout", 0.08, 80),
    ]

    func run() async throws {
        runtime.logger.notice("demo traffic on: synthetic requests for every service with pushed SLIs; incidents at :00, :15, :30 and :45 for 3 minutes")
        var generator = SystemRandomNumberGenerator()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await runtime.hotState.isReady {
                do { try await send(using: &generator) } catch {
                    runtime.logger.error("demo traffic failed", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await runtime.clock.sleep(for: tick) }
        }
    }

    /// One tick's requests for every service, judged and committed like a pushed batch.
    private func send(using generator: inout SystemRandomNumberGenerator) async throws {
        let judge = await runtime.hotState.judge()
        let now = runtime.clock.now
        let perService = Int(max(1, requestsPerMinute * tick.wholeSeconds / 60))
        var events: [Event] = []
        let external = Set(await runtime.hotState.configuration.services.filter(\.external).map(\.name))
        for service in judge.serviceIndicators.keys.sorted() {
            let incident = external.contains(service) ? Self.inVendorOutage(now) : Self.inIncident(now)
            for _ in 0..<perService { events.append(Self.request(for: service, at: now, incident: incident, using: &generator)) }
        }
        guard !events.isEmpty else { return }
        let aggregate = judge.aggregate(events)
        let deltas = await runtime.hotState.admit(aggregate)
        _ = try await runtime.writer.submit(IngestBatch(idempotencyKey: nil, deltas: deltas, eventCount: events.count), roundedDown: aggregate.roundedDown)
    }

    /// Whether `date` falls in one of the demo's incidents.
    static func inIncident(_ date: Date) -> Bool {
        Calendar(identifier: .gregorian).component(.minute, from: date) % 15 < 3
    }

    /// Whether `date` falls in one of the demo vendor's outages.
    static func inVendorOutage(_ date: Date) -> Bool {
        (20..<25).contains(Calendar(identifier: .gregorian).component(.minute, from: date) % 30)
    }

    /// One request: a weighted route, a log-normal latency around the route's median,
    /// and a 5xx now and then (often during an incident).
    static func request(for service: String, at date: Date, incident: Bool, using generator: inout SystemRandomNumberGenerator) -> Event {
        var pick = Double.random(in: 0..<1, using: &generator)
        let route =
            routes.first {
                pick -= $0.weight
                return pick < 0
            } ?? routes[0]
        // Box–Muller: a standard normal from two uniforms.
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let u2 = Double.random(in: 0..<1, using: &generator)
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        var latency = route.medianMs * exp(0.6 * normal)
        if incident && Double.random(in: 0..<1, using: &generator) < 0.2 { latency += Double.random(in: 300...1500, using: &generator) }
        let failed = Double.random(in: 0..<1, using: &generator) < (incident ? 0.08 : 0.0005)
        return Event(
            time: date, subject: .service(service), labels: ["route": route.route],
            measurement: .request(status: failed ? [500, 502, 503].randomElement(using: &generator)! : 200, latency: .microseconds(Int64(latency * 1000))))
    }
}
