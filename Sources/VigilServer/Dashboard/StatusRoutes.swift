import Foundation
import Hummingbird
import VigilConfig
import VigilCore
import VigilDashboard
import VigilReports
import VigilStore

/// `/status`, `/status.json`, `/status.atom`: the public status page. No token is ever
/// needed, whatever `read_auth` says: it shows only what `status_page:` makes public.
enum StatusRoutes {
    static func page(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let display: TimeDisplay
        do throws(DashboardError) { display = try TimeDisplay(parameter: request.uri.queryParameters.get("tz")) } catch {
            return DashboardRoutes.errorPage(status: error.status, message: error.message, runtime: runtime)
        }
        do {
            let status = try await runtime.statusPage.page(runtime, display: display)
            return DashboardRoutes.html(DashboardRoutes.dashboard.render(status))
        } catch let error as APIError {
            return DashboardRoutes.errorPage(status: Int(error.status.code), message: error.message, runtime: runtime)
        }
    }

    static func json(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        var response = try JSONResponse.make(try await runtime.statusPage.page(runtime, display: .utc).document)
        // Other sites' status widgets read it from the browser.
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    static func atom(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let document = try await runtime.statusPage.page(runtime, display: .utc).document
        let base = await runtime.hotState.configuration.server.externalURL
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: document.atom(base: base))))
    }

    /// The page's facts from the running server: each listed service's condition from
    /// open incidents, maintenance, paging SLO alerts and failing probes; its daily uptime
    /// from the store's minutes and hours of its SLO's SLI; the public incidents.
    static func build(_ runtime: VigilRuntime, display: TimeDisplay) async throws -> StatusPage {
        let configuration = await runtime.hotState.configuration
        guard let settings = configuration.statusPage else {
            throw APIError.notFound("no status page is configured: add a status_page: block naming the public services (docs/dashboard.md)")
        }
        let now = runtime.clock.now
        let minute = now.epochMinute
        let severities = configuration.incidents.vocabulary.severities
        let horizon = now.addingTimeInterval(-Double(settings.days) * 86_400)
        let open = try await runtime.incidentStore.incidents(IncidentQuery(openOnly: true))
        let recent = try await runtime.incidentStore.incidents(IncidentQuery(startedSince: horizon, limit: 200))
        let maintenance = await runtime.hotState.maintenance
        let paging = await pagingServices(runtime, configuration)
        let failing = Set(await runtime.probes.all().filter { $0.health.state == .down }.map(\.spec.service))

        var services: [StatusPage.ServiceInput] = []
        for entry in settings.services {
            let condition = ServiceCondition.of(
                openIncidentRanks: open.filter { $0.services.contains(entry.service) }.map { severities.firstIndex(of: $0.severity) ?? severities.count },
                inMaintenance: maintenance.contains { $0.service == entry.service && $0.isActive(at: now) },
                paging: paging.contains(entry.service), probeFailing: failing.contains(entry.service))
            var days: [UptimeDay] = []
            if let name = entry.slo, let spec = configuration.slo(named: name) {
                let key = spec.objective.sli.name
                let stored = try await runtime.store.loadBuckets(since: minute - Int64(settings.days + 1) * 1440, only: [key])[key] ?? []
                days = UptimeDay.history(
                    minutes: stored.map { ($0.minute, $0.counts) }, days: settings.days, endingAt: minute,
                    objective: spec.objective.objective)
            }
            services.append(.init(entry: entry, condition: condition, days: days))
        }
        var incidents: [(Incident, [IncidentUpdate])] = []
        let listed = Set(settings.services.map(\.service))
        var seen = Set<Int64>()
        for incident in open + recent where seen.insert(incident.id).inserted && !listed.isDisjoint(with: incident.services) {
            incidents.append((incident, try await runtime.incidentStore.updates(incident: incident.id)))
        }
        return StatusPage(settings: settings, services: services, incidents: incidents, maintenance: maintenance, now: now, display: display)
    }

    /// Services with a page-severity SLO alert firing now.
    static func pagingServices(_ runtime: VigilRuntime, _ configuration: VigilConfiguration) async -> Set<String> {
        var services = Set<String>()
        for (key, status) in await runtime.hotState.activeAlerts() where status.state == .firing {
            // an instance is named `slo{label="value"}`
            let name = String(key.slo.prefix { $0 != "{" })
            guard let spec = configuration.slo(named: name) else { continue }
            let alerting = spec.objective.alerting
            let severity = key.tier == "exhaustion" ? alerting.exhaustion?.severity : alerting.tiers.first { $0.name == key.tier }?.severity
            if severity == .page { services.insert(spec.objective.service) }
        }
        return services
    }
}

/// The last status page built, reused for a few seconds: the page is public, so however
/// often it is read, the store is asked at most once per interval.
actor StatusPageCache {
    private var last: (built: ContinuousClock.Instant, zone: String?, page: StatusPage)?
    private let interval: Duration

    init(interval: Duration = .seconds(5)) {
        self.interval = interval
    }

    func page(_ runtime: VigilRuntime, display: TimeDisplay) async throws -> StatusPage {
        let now = ContinuousClock.now
        if let last, last.zone == display.parameter, now - last.built < interval { return last.page }
        let page = try await StatusRoutes.build(runtime, display: display)
        last = (now, display.parameter, page)
        return page
    }
}
