import Foundation
import Logging
import ServiceLifecycle
import VigilConfig
import VigilCore
import VigilStore

/// `vigil serve --demo`: synthetic traffic for every pushed SLI of the configuration, so
/// a newcomer sees budgets move within a minute. It goes through the same durable
/// ingestion path as real events. Every 15 minutes a 3-minute incident raises errors to
/// 8 % and slows a fifth of the requests, enough to page on a 99.9 % SLO.
struct DemoTrafficService: Service {
    let runtime: VigilRuntime
    /// Requests per minute per SLI.
    var requestsPerMinute: Int64 = 1200
    var tick: Duration = .seconds(5)

    func run() async throws {
        runtime.logger.notice("demo traffic on: synthetic events for every pushed SLI; incidents at :00, :15, :30 and :45 for 3 minutes")
        var generator = SystemRandomNumberGenerator()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await runtime.hotState.isReady {
                let indicators = await runtime.hotState.configuration.indicators.values.filter { $0.source == .events }
                let now = Date()
                let deltas = indicators.sorted { $0.name < $1.name }.map { Self.delta(for: $0, at: now, perMinute: requestsPerMinute, tick: tick, using: &generator) }
                do {
                    let events = Int(deltas.map(\.counts.valid).reduce(0, +))
                    _ = try await runtime.writer.submit(IngestBatch(idempotencyKey: nil, deltas: deltas, eventCount: events), roundedDown: [])
                } catch {
                    runtime.logger.error("demo traffic failed", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    /// Whether `date` falls in one of the demo's incidents.
    static func inIncident(_ date: Date) -> Bool {
        Calendar(identifier: .gregorian).component(.minute, from: date) % 15 < 3
    }

    static func delta(for indicator: ServiceLevelIndicator, at date: Date, perMinute: Int64, tick: Duration, using generator: inout SystemRandomNumberGenerator) -> MinuteDelta {
        let total = max(1, perMinute * tick.wholeSeconds / 60)
        let incident = inIncident(date)
        let badShare: Double = switch indicator.kind {
        case .ratio: incident ? 0.08 : 0.0005
        case .latency: incident ? 0.2 : 0.004
        }
        let expected = Double(total) * badShare
        let bad = min(total, Int64((expected + Double.random(in: -0.5...0.5, using: &generator) * expected).rounded()))
        return MinuteDelta(sli: indicator.name, minute: date.epochMinute, counts: EventCounts(good: total - max(0, bad), valid: total))
    }
}
