import Foundation
import Hummingbird
import VigilConfig
import VigilCore
import VigilDashboard
import VigilReports
import VigilStore

/// The operators' pages. Each gathers what the matching API route gathers and hands it
/// to a page value of VigilDashboard.
extension DashboardRoutes {
    /// `/`: `?team=`, `?tier=`.
    static func overview(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let configuration = await runtime.hotState.configuration
        let team = request.uri.queryParameters.get("team").flatMap { $0.isEmpty ? nil : String($0) }
        if let team, !configuration.services.contains(where: { $0.team == team }) {
            let teams = Set(configuration.services.compactMap(\.team))
            throw DashboardError(status: 400, message: "team: no service belongs to team '\(team)'\(Suggestion.hint(for: team, among: teams))")
        }
        let tier = try integer(request, "tier", in: 1...4)
        let report = await runtime.hotState.report()
        let alerts = await runtime.hotState.activeAlerts().map { ActiveAlert(slo: $0.key.slo, tier: $0.key.tier, status: $0.status) }
        let incidents = try await runtime.incidentStore.incidents(IncidentQuery(openOnly: true))
        let now = runtime.clock.now
        let overrides = try await runtime.releases.gateOverrides(service: nil, before: nil, limit: 200).filter { $0.createdAt <= now && now < $0.expires }
        return dashboard.render(
            OverviewPage(
                report: report, configuration: configuration, alerts: alerts, incidents: incidents, overrides: overrides, team: team, tier: tier,
                display: viewer.display, signedIn: viewer.signedIn, refresh: viewer.refresh))
    }

    /// The SLI chart's ranges; the step keeps about a hundred points.
    static let sloRanges = [
        SLOPage.RangeChoice(label: "6h", minutes: 360), SLOPage.RangeChoice(label: "24h", minutes: 1440),
        SLOPage.RangeChoice(label: "7d", minutes: 7 * 1440), SLOPage.RangeChoice(label: "30d", minutes: 30 * 1440),
    ]

    /// `/slos/{name}`: `?range=24h` and, for a grouped SLO's instance, `group.<label>=`.
    static func slo(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let report = await runtime.hotState.report()
        let entry: SLOReport.Entry
        switch try await SLORoutes.resolve(request, context, runtime, report: report) {
        case .instance(let found): entry = found
        case .grouped(let name, let grouping, _):
            throw DashboardError(
                status: 400, message: "'\(name)' is grouped by \(grouping.labels.joined(separator: ", ")): pick one of its instances on the overview")
        }
        let rangeText = request.uri.queryParameters.get("range") ?? "24h"
        guard let range = sloRanges.first(where: { $0.label == rangeText }) else {
            throw DashboardError(status: 400, message: "range: expected one of \(sloRanges.map(\.label).joined(separator: ", ")), found '\(rangeText)'")
        }
        let slo = entry.spec.objective
        let now = report.evaluatedAt
        let step = max(1, range.minutes / 96)
        let from = now - (range.minutes / step) * step
        let span = slo.window.span(endingAt: now)
        let series = await SLORoutes.budgeted(entry, runtime, from: min(from, span.start), to: now)
        let steps = stride(from: from, to: now, by: Int(step)).map { SLOPage.Step(start: $0, counts: series.counts(from: $0, to: min($0 + step, now))) }
        let burnDown = BurnDown.of(series, budget: slo.budget, span: span)

        let earliest = Date(epochMinute: min(from, span.start))
        let changes = try await runtime.store.changes(service: slo.service, before: nil, limit: 200).filter { $0.time >= earliest }
        let incidents = try await runtime.incidentStore.incidents(IncidentQuery(startedSince: earliest, service: slo.service))
        let marks =
            changes.map { SLOPage.Mark(time: $0.time, kind: .change, label: IncidentDesk.describe($0, suspect: false)) }
            + incidents.map {
                SLOPage.Mark(time: $0.times.start, kind: .incident, label: "\($0.reference) \($0.title)", href: "/incidents/\($0.id)" + viewer.display.query)
            }
        let history = try await runtime.store.transitions(slo: entry.name, before: nil, limit: 20).map {
            SLOPage.Transition(minute: $0.at, tier: $0.key.tier, state: $0.state)
        }
        return dashboard.render(
            SLOPage(
                entry: entry, steps: steps, stepMinutes: step, burnDown: burnDown, history: history, marks: marks, range: range,
                ranges: sloRanges, display: viewer.display, signedIn: viewer.signedIn, refresh: viewer.refresh,
                release: try await releaseLine(slo.service, runtime, viewer)))
    }

    /// "Release policy P (mode): step S since T — message", for the SLO page.
    static func releaseLine(_ service: String, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String? {
        guard let (policy, standing, since) = try await runtime.releaseStanding(of: service) else { return nil }
        let head = "Release policy \(policy.name) (\(policy.mode.rawValue)) for \(service): "
        guard !standing.hasNoData else { return head + "no data, so the gate has no decision." }
        let when = since.map { " since \(viewer.display.minute($0))" } ?? ""
        guard let step = standing.step else { return head + "no step holds\(when); releases go on as normal." }
        return head + "step \(step.name)\(when) (for \(standing.because.joined(separator: ", "))) — \(step.message)"
    }

    /// `/probes`: the probe board and each probe's last 30 runs.
    static func probes(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let configuration = await runtime.hotState.configuration
        let external = Set(configuration.services.filter(\.external).map(\.name))
        var inputs: [ProbesPage.Input] = []
        for entry in await runtime.probes.all() {
            let runs = try await runtime.store.probeRuns(probe: entry.spec.name, before: nil, limit: 30)
            inputs.append(
                ProbesPage.Input(
                    name: entry.spec.name, service: entry.spec.service, external: external.contains(entry.spec.service),
                    kind: entry.spec.kind.name, target: entry.spec.kind.target, state: entry.health.state.rawValue, since: entry.since,
                    latencies: runs.reversed().map { $0.responseTime?.inMilliseconds },
                    lastFailure: entry.lastFailure.map(failure)))
        }
        return dashboard.render(ProbesPage(probes: inputs, now: runtime.clock.now, display: viewer.display, signedIn: viewer.signedIn, refresh: viewer.refresh))
    }

    /// A failed run in words: the conditions that failed and what the run saw.
    static func failure(_ run: ProbeRunRecord) -> ProbesPage.Input.Failure {
        var observed: [String] = []
        if let status = run.status { observed.append("status \(status)") }
        if let time = run.responseTime { observed.append(ProbesPage.milliseconds(time.inMilliseconds)) }
        if run.missed { observed.append("the run was missed") }
        return .init(
            time: run.startedAt, failedConditions: run.conditions.filter { !$0.success }.map(\.condition),
            observed: observed.isEmpty ? nil : observed.joined(separator: ", "), error: run.error)
    }

    /// `/alerts`.
    static func alerts(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let now = runtime.clock.now
        let active = await runtime.hotState.activeAlerts().map { ActiveAlert(slo: $0.key.slo, tier: $0.key.tier, status: $0.status) }
        let silences = try await runtime.notificationStore.silences(activeAt: now, includeExpired: false)
        let history = try await runtime.store.transitions(slo: nil, before: nil, limit: 30).map {
            AlertsPage.Change(slo: $0.key.slo, tier: $0.key.tier, state: $0.state, minute: $0.at)
        }
        let escalations = try await escalationLines(runtime, display: viewer.display)
        return dashboard.render(
            AlertsPage(
                active: active, silences: silences, history: history, escalations: escalations, now: now, display: viewer.display,
                signedIn: viewer.signedIn, refresh: viewer.refresh))
    }

    /// The notifier's escalations, open ones first, for the alert and on-call pages.
    static func escalationLines(_ runtime: VigilRuntime, display: TimeDisplay) async throws -> [EscalationLine] {
        let configuration = await runtime.hotState.configuration
        return try await runtime.escalations().sorted { ($0.isOpen ? 0 : 1) < ($1.isOpen ? 0 : 1) }.prefix(20).map {
            EscalationLine($0, stepCount: configuration.escalationPolicy(named: $0.policy)?.steps.count ?? 1, display: display)
        }
    }

    /// `/oncall`: every schedule now and over the next 14 days, overrides, feeds, escalations.
    static func oncall(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let now = runtime.clock.now
        let configuration = await runtime.hotState.configuration
        let stored = await runtime.notifier.storedOverrides
        let key = await runtime.notifier.linkKey
        let base = configuration.server.linkBase
        let schedules = configuration.schedules.map { schedule in
            OnCallPage.ScheduleInput(
                outlook: ScheduleOutlook(schedule, at: now, overrides: stored), timeZone: schedule.timeZone,
                overrides: schedule.overrides + stored.filter { $0.schedule == schedule.name },
                feedURL: key.map { OnCallFeedRoutes.url(base: base, kind: .schedule, name: schedule.name, key: $0) })
        }
        let feeds =
            key.map { key in configuration.people.map { (name: $0.name, url: OnCallFeedRoutes.url(base: base, kind: .person, name: $0.name, key: key)) } } ?? []
        return dashboard.render(
            OnCallPage(
                schedules: schedules, personFeeds: feeds, escalations: try await escalationLines(runtime, display: viewer.display), now: now,
                display: viewer.display, signedIn: viewer.signedIn, refresh: viewer.refresh))
    }

    /// `/incidents`: the latest 100.
    static func incidents(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let incidents = try await runtime.incidentStore.incidents(IncidentQuery(limit: 100))
        return dashboard.render(
            IncidentsPage(incidents: incidents, now: runtime.clock.now, display: viewer.display, signedIn: viewer.signedIn, refresh: viewer.refresh))
    }

    /// `/incidents/{id}` (`7` or `INC-7`).
    static func incident(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let incident = try await IncidentRoutes.find(context, runtime)
        let now = runtime.clock.now
        let desk = runtime.incidents
        return dashboard.render(
            IncidentPage(
                incident: incident, timeline: try await desk.timeline(incident, at: now),
                updates: try await runtime.incidentStore.updates(incident: incident.id), impacts: await desk.budgetImpacts(incident, at: now),
                postmortem: try await runtime.incidentStore.postmortem(incident: incident.id),
                postmortemReasons: await desk.postmortemReasons(incident, at: now), now: now, display: viewer.display, signedIn: viewer.signedIn))
    }

    /// `/changes`: the latest 100, `?service=` for one service.
    static func changes(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let service = request.uri.queryParameters.get("service")
        let records = try await runtime.store.changes(service: service, before: nil, limit: 100)
        return dashboard.render(
            ChangesPage(
                changes: records.map {
                    .init(
                        time: $0.time, service: $0.service, version: $0.version, author: $0.author, link: $0.link, description: $0.description,
                        kind: $0.kind == .deploy ? nil : $0.kind.rawValue, stage: $0.stage)
                },
                now: runtime.clock.now, display: viewer.display, signedIn: viewer.signedIn))
    }

    /// `/reports/weekly`: `?week=<day>` for the week that holds it, else the last seven days.
    static func weekly(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let to = try ReportRoutes.weekEnd(request, runtime)
        let report = try await WeeklyReportBuilder(runtime: runtime).build(to: to)
        let start = to.addingTimeInterval(-7 * 86_400)
        let chosen = request.uri.queryParameters.get("week") != nil
        // The last seven days start mid-week: "previous" is the Monday week they began in.
        let monday = ToilReport.monday(onOrBefore: start)
        let previous = chosen ? monday.addingTimeInterval(-7 * 86_400) : monday
        let next = chosen ? to : nil
        return dashboard.render(
            WeeklyPage(
                reportHTML: report.htmlFragment, week: chosen ? Formatting.day(start) : nil, previous: previous,
                next: next.flatMap { $0 <= runtime.clock.now ? $0 : nil },
                now: runtime.clock.now, display: viewer.display, signedIn: viewer.signedIn))
    }
}
