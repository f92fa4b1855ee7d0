import Foundation
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// Gathers the weekly production report's facts from the hot state and the stores.
struct WeeklyReportBuilder {
    let runtime: VigilRuntime

    /// Every SLO whose events this server holds: its SLI and budget left over its window
    /// ending at `to`, the budget spent in `[from, to)` and in the span before it.
    func sloLines(from: Date, to: Date) async -> [WeeklyReport.SLOLine] {
        var lines: [WeeklyReport.SLOLine] = []
        for spec in await runtime.hotState.configuration.slos {
            if case .prometheus = spec.objective.sli.source { continue }
            let week = await runtime.hotState.week(of: spec, from: from, to: to)
            lines.append(
                .init(
                    slo: spec.name, service: spec.objective.service, objective: spec.objective.objective, window: spec.objective.window.description,
                    compliance: week.compliance, budgetRemaining: week.remaining, spentThisWeek: week.spent, spentLastWeek: week.spentBefore))
        }
        return lines
    }

    /// The report for `[to − 7 d, to)`.
    func build(to: Date) async throws -> WeeklyReport {
        let from = to.addingTimeInterval(-7 * 86_400)
        let before = from.addingTimeInterval(-7 * 86_400)
        let configuration = await runtime.hotState.configuration
        let slos = await sloLines(from: from, to: to)
        let incidents = try await ReportRoutes.incidents(runtime, since: from).filter { $0.times.start < to }

        let store = runtime.notificationStore
        let noise = AlertNoiseReport(
            events: try await store.alertEvents(since: from.addingTimeInterval(-35 * 86_400)),
            acknowledgements: try await store.acknowledgementLog(since: from.addingTimeInterval(-35 * 86_400)).map { ($0.fingerprint, $0.at) },
            since: from, until: to, incidentLinks: try await ReportRoutes.incidentLinks(runtime, since: from.addingTimeInterval(-35 * 86_400)))
        let noisy = noise.rules.prefix(5).map {
            WeeklyReport.NoisyAlert(
                rule: $0.rule, notificationClass: $0.notificationClass.rawValue, fired: $0.fired,
                acknowledgedShare: $0.acknowledgedShare, incidentShare: $0.incidentShare, advice: $0.advice)
        }
        let overdue = try await runtime.incidentStore.actionItems(incident: nil).filter { $0.isOverdue(at: to) }

        var changes: [WeeklyReport.ChangeLine] = []
        var cursor: Int64?
        paging: while true {
            let page = try await runtime.store.changes(service: nil, before: cursor, limit: 500)
            for change in page where change.time >= from && change.time < to {
                changes.append(.init(service: change.service, version: change.version, time: change.time, author: change.author))
            }
            // ids grow with recording time, not change time: page a day past the week
            guard page.count == 500, let last = page.last, last.time >= before else { break paging }
            cursor = last.id
        }
        changes.sort { ($0.time, $0.service) < ($1.time, $1.service) }

        let teams = configuration.teams.map { ToilReport.Team(name: $0.name, members: $0.members.count, hoursPerWeek: $0.hoursPerWeek) }
        let entries = try await runtime.incidentStore.toil(since: before, team: nil)
        let thisWeek = ToilReport(entries: entries, teams: teams, since: from, until: to)
        let lastWeek = Dictionary(
            ToilReport(entries: entries, teams: teams, since: before, until: from).teams.map { ($0.team, $0.ratio) }, uniquingKeysWith: { a, _ in a })
        let toil = thisWeek.teams.map { WeeklyReport.ToilLine(team: $0.team, minutes: $0.minutes, ratio: $0.ratio, lastWeekRatio: lastWeek[$0.team] ?? nil) }

        let load = try await oncallLoad(from: from, to: to)
        let review = try await SLOReviewBuilder(runtime: runtime).review(slos, toil: thisWeek, load: load, at: to)
        return WeeklyReport(
            from: from, to: to, slos: slos, incidents: incidents, noisyAlerts: Array(noisy), overdueActions: overdue,
            changes: changes, toil: toil, review: review, releases: try await releaseLines(configuration, from: from, to: to), oncallLoad: load)
    }

    /// Pages per person and shift over `[from, to)` from the escalation log and the final
    /// shifts; `nil` when no on-call is configured.
    func oncallLoad(from: Date, to: Date) async throws -> OnCallLoad? {
        let configuration = await runtime.hotState.configuration
        guard !configuration.people.isEmpty else { return nil }
        let overrides = await runtime.notifier.storedOverrides
        let shifts = configuration.schedules.flatMap { $0.shifts(from: from, to: to, overrides: overrides) }
        let pages = try await runtime.oncallStore.escalationEvents(escalation: nil, groupKey: nil, limit: 100_000)
            .filter { $0.kind == .paged && $0.at >= from && $0.at < to }
            .compactMap { event in event.person.map { OnCallLoad.Page(person: $0, at: event.at, service: event.service, escalation: event.escalationID) } }
        return OnCallLoad(
            shifts: shifts, pages: pages, people: Dictionary(configuration.people.map { ($0.name, $0.person) }, uniquingKeysWith: { a, _ in a }),
            limit: configuration.oncall.maxPagesPerShift, from: from, to: to)
    }

    /// Each policy-covered service's recorded step at `to`, and the steps entered in the week.
    func releaseLines(_ configuration: VigilConfiguration, from: Date, to: Date) async throws -> [WeeklyReport.ReleaseLine] {
        var lines: [WeeklyReport.ReleaseLine] = []
        for policy in configuration.releasePolicies {
            for service in policy.services {
                let records = try await runtime.releases.policySteps(service: service, before: nil, limit: 500)
                let atEnd = records.first { $0.at < to }
                let moves = records.filter { $0.at >= from && $0.at < to }.reversed().map { "\($0.step ?? "none") at \(Formatting.stamp($0.at))" }
                lines.append(
                    .init(service: service, policy: policy.name, step: atEnd?.step, since: atEnd?.at, message: atEnd?.message, moves: Array(moves)))
            }
        }
        return lines
    }
}

/// The SLO review (docs/incidents.md): compliance × the owning team's toil × the service's latest
/// satisfaction score.
struct SLOReviewBuilder {
    let runtime: VigilRuntime

    func review(_ slos: [WeeklyReport.SLOLine], toil: ToilReport, load: OnCallLoad?, at now: Date) async throws -> [SLOReview] {
        let pages = Dictionary((load?.byService ?? []).compactMap { line in line.service.map { ($0, line.pages) } }, uniquingKeysWith: +)
        let configuration = await runtime.hotState.configuration
        let teamOf = Dictionary(configuration.services.map { ($0.name, $0.team) }, uniquingKeysWith: { a, _ in a })
        let ratios = Dictionary(toil.teams.map { ($0.team, $0.ratio) }, uniquingKeysWith: { a, _ in a })
        let satisfaction = try await runtime.incidentStore.latestSatisfaction(at: now)
        return slos.map { line in
            let team = teamOf[line.service] ?? nil
            let review = SLOReview(
                slo: line.slo, service: line.service, objective: line.objective, compliance: line.compliance,
                toilRatio: team.flatMap { ratios[$0] ?? nil }, satisfaction: satisfaction[line.service]?.score)
            guard let load else { return review }
            // The limit over the period: two per 12 hours of one person on call.
            let limit = load.limit * max(1, Int(load.to.timeIntervalSince(load.from) / 43_200))
            return review.withPages(pages[line.service] ?? 0, limit: limit)
        }
    }
}
