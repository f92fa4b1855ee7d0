import Foundation
import Logging
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// Incidents on the server: opening them (by hand or from a page), changing them under
/// the closing rule, and what a reader of one needs — budget impact, suspect changes,
/// whether a postmortem is required and why.
struct IncidentDesk: Sendable {
    let store: any IncidentStore
    let signals: any SignalStore
    let hotState: HotState
    /// The escalation log, woven into the timelines of incidents opened from a page.
    let oncall: any OnCallStore
    let logger: Logger

    /// What opening an incident needs.
    struct Opening: Sendable {
        var title: String
        var summary: String?
        var severity: String
        var start: Date?
        var detected: Date?
        var roles: [String: String] = [:]
        var services: [String] = []
        var slos: [String] = []
        var runbooks: [String] = []
        var chat: String?
        var dataLoss = false
        var alerts: [(fingerprint: String, summary: String)] = []
        var alertGroup: String?
    }

    /// Validates names against the configuration and stores the incident with its first
    /// timeline lines. SLOs bring their services along.
    func open(_ opening: Opening, by author: String, at now: Date) async throws -> Incident {
        let configuration = await hotState.configuration
        let vocabulary = configuration.incidents.vocabulary
        guard vocabulary.severities.contains(opening.severity) else {
            throw APIError.invalid(
                "incident", IncidentChangeError.unknownSeverity(opening.severity, known: vocabulary.severities).description, field: "severity")
        }
        for role in opening.roles.keys.sorted() where !vocabulary.roles.contains(role) {
            throw APIError.invalid("incident", IncidentChangeError.unknownRole(role, known: vocabulary.roles).description, field: "roles")
        }
        let serviceNames = configuration.services.map(\.name)
        for service in opening.services where !serviceNames.contains(service) {
            throw APIError.invalid("incident", "unknown service '\(service)'\(Suggestion.hint(for: service, among: serviceNames))", field: "services")
        }
        let sloNames = configuration.slos.map(\.name)
        var services = opening.services
        for slo in opening.slos {
            guard let spec = configuration.slo(named: slo) else {
                throw APIError.invalid("incident", "unknown SLO '\(slo)'\(Suggestion.hint(for: slo, among: sloNames))", field: "slos")
            }
            if !services.contains(spec.objective.service) { services.append(spec.objective.service) }
        }
        // Times given out of order are refused, as a change to them is; a start given
        // alone (up to the allowed clock skew ahead) is detected when it began.
        let detected = opening.detected ?? max(now, opening.start ?? now)
        let times = IncidentTimes(start: opening.start ?? detected, detected: detected)
        if let problem = times.orderProblem { throw APIError.invalid("incident", problem, field: opening.detected == nil ? "start" : "detected") }
        let incident = Incident(
            title: opening.title, summary: opening.summary, severity: opening.severity, times: times, roles: opening.roles,
            services: services, slos: opening.slos, runbooks: opening.runbooks, chat: opening.chat,
            alerts: opening.alerts.map(\.fingerprint), alertGroup: opening.alertGroup, dataLoss: opening.dataLoss,
            createdAt: now, createdBy: author)
        var lines = [IncidentTimelineEntry(at: now, kind: .opened, author: author, text: "opened: \(opening.title) (\(opening.severity))")]
        for role in opening.roles.keys.sorted() {
            lines.append(IncidentTimelineEntry(at: now, kind: .role, author: author, text: "\(role): \(opening.roles[role]!)"))
        }
        for alert in opening.alerts {
            lines.append(IncidentTimelineEntry(at: detected, kind: .alert, author: author, text: "\(alert.summary) (alert \(alert.fingerprint))"))
        }
        let stored = try await store.openIncident(incident, timeline: lines)
        logger.notice("incident opened", metadata: ["incident": "\(stored.reference)", "severity": "\(stored.severity)", "by": "\(author)"])
        return stored
    }

    /// Applies a change; closing checks the postmortem rule.
    /// - Returns: `nil` when there is no such incident.
    /// - Throws: ``IncidentChangeError`` for a refused change.
    func change(_ id: Int64, _ change: IncidentChange, by author: String, at now: Date) async throws -> Incident? {
        guard let current = try await store.incident(id: id) else { return nil }
        let configuration = await hotState.configuration
        let vocabulary = configuration.incidents.vocabulary
        var needsPostmortem = false
        if case .status(.closed) = change { needsPostmortem = !(await postmortemReasons(current, at: now)).isEmpty }
        let required = needsPostmortem
        return try await store.modifyIncident(id: id) { incident, postmortem in
            try incident.apply(
                change, at: now, by: author, vocabulary: vocabulary,
                postmortemSatisfied: !required || postmortem?.status == .final)
        }
    }

    /// The budget each affected SLO spent from start to resolved (or `now`).
    func budgetImpacts(_ incident: Incident, at now: Date) async -> [BudgetImpact] {
        var impacts: [BudgetImpact] = []
        for slo in incident.slos {
            if let impact = await hotState.budgetImpact(slo: slo, from: incident.times.start, to: incident.times.resolved ?? now) {
                impacts.append(impact)
            }
        }
        return impacts
    }

    /// Why a postmortem is required, in words; empty when it is not.
    func postmortemReasons(_ incident: Incident, at now: Date) async -> [String] {
        let criteria = await hotState.configuration.incidents.postmortemCriteria
        let spent = await budgetImpacts(incident, at: now).compactMap(\.budgetSpent).max()
        return criteria.reasons(.init(severity: incident.severity, downtime: incident.downtime(at: now), budgetSpent: spent, dataLoss: incident.dataLoss))
    }

    /// Changes to the affected services from the suspect window before start until the
    /// end, with the suspects (before start) marked.
    func relatedChanges(_ incident: Incident, at now: Date) async throws -> [(change: ChangeRecord, suspect: Bool)] {
        let window = await hotState.configuration.incidents.suspectWindow
        let from = incident.times.start.addingTimeInterval(-window.inSeconds)
        let until = incident.times.resolved ?? now
        var found: [ChangeRecord] = []
        for service in Set(incident.services).sorted() {
            // Newest first: page back until past the window.
            var before: Int64?
            paging: while true {
                let page = try await signals.changes(service: service, before: before, limit: 200)
                for change in page {
                    if change.time >= from && change.time <= until { found.append(change) }
                }
                guard page.count == 200, let last = page.last, last.time >= from.addingTimeInterval(-86_400) else { break paging }
                before = last.id
            }
        }
        let suspects = Set(
            SuspectChanges.select(
                found.compactMap { change in change.id.map { SuspectChanges.Change(id: $0, service: change.service, time: change.time) } },
                services: Set(incident.services), start: incident.times.start, window: window
            ).map(\.id))
        return found.sorted { ($0.time, $0.id ?? 0) < ($1.time, $1.id ?? 0) }.map { ($0, suspects.contains($0.id ?? -1)) }
    }

    /// The stored timeline with the related changes woven in, oldest first.
    func timeline(_ incident: Incident, at now: Date) async throws -> [IncidentTimelineEntry] {
        var lines = try await store.timeline(incident: incident.id)
        for (change, suspect) in try await relatedChanges(incident, at: now) {
            lines.append(
                IncidentTimelineEntry(
                    incident: incident.id, at: change.time, kind: .change, author: change.author ?? "unknown",
                    text: Self.describe(change, suspect: suspect)))
        }
        lines += try await pages(incident, at: now)
        // Ties keep the order lines were gathered in (the page log's own order).
        return lines.enumerated().sorted {
            ($0.element.at, $0.element.kind == .change ? 0 : 1, $0.element.id, $0.offset) < (
                $1.element.at, $1.element.kind == .change ? 0 : 1, $1.element.id, $1.offset
            )
        }.map(\.element)
    }

    /// Who the incident's alert group paged, when, by which step, and who acknowledged:
    /// the escalation log between the incident's start and its resolution.
    func pages(_ incident: Incident, at now: Date) async throws -> [IncidentTimelineEntry] {
        guard let group = incident.alertGroup else { return [] }
        let until = incident.times.resolved ?? now
        return try await oncall.escalationEvents(escalation: nil, groupKey: group, limit: 1000)
            .reversed().filter { $0.at >= incident.times.start && $0.at <= until && $0.kind != .started }
            .map { IncidentTimelineEntry(incident: incident.id, at: $0.at, kind: .page, author: $0.person ?? "vigil", text: $0.summary) }
    }

    /// An acknowledged escalation acknowledges the incident its group opened (the time
    /// to acknowledge comes from the page, not from someone remembering to set it).
    func escalationAcknowledged(_ event: EscalationEvent) async throws {
        let vocabulary = await hotState.configuration.incidents.vocabulary
        for incident in try await store.incidents(alertGroup: event.groupKey) where incident.times.acknowledged == nil && incident.status != .closed {
            guard incident.status != .resolved else { continue }
            _ = try await store.modifyIncident(id: incident.id) { incident, _ in
                try incident.apply(
                    .time(.acknowledged, max(event.at, incident.times.detected ?? event.at)), at: event.at, by: event.person ?? "vigil", vocabulary: vocabulary)
            }
        }
    }

    static func describe(_ change: ChangeRecord, suspect: Bool) -> String {
        var text = "change to \(change.service)"
        if let version = change.version { text += " \(version)" }
        if let description = change.description { text += ": \(description)" }
        if let link = change.link { text += " (\(link))" }
        return suspect ? "suspect " + text : text
    }
}

extension IncidentDesk {
    /// A page on a route with `open_incident`: opens the group's incident, or links new
    /// alerts to the one that is open (``IncidentTriggerDecision``). `detected` is when
    /// the page began firing; `start` is estimated from the SLO's minutes
    /// (``ImpactStart``), since a burn alert fires after errors begin.
    func handle(_ opening: IncidentOpening, at now: Date) async throws {
        let existing = try await store.incidents(alertGroup: opening.groupKey)
        let summaries = opening.alerts.map { (fingerprint: $0.fingerprint, summary: $0.annotations["summary"] ?? $0.labels["alertname"] ?? "alert") }
        switch IncidentTriggerDecision.decide(opening, existing: existing) {
        case .none:
            return
        case .link(let id, let fingerprints):
            let linked = summaries.filter { fingerprints.contains($0.fingerprint) }
            let vocabulary = await hotState.configuration.incidents.vocabulary
            _ = try await store.modifyIncident(id: id) { incident, _ in
                try incident.apply(.linkAlerts(linked), at: now, by: "vigil", vocabulary: vocabulary)
            }
        case .open:
            let configuration = await hotState.configuration
            let knownServices = Set(configuration.services.map(\.name))
            var slos: [String] = []
            var services: [String] = []
            for alert in opening.alerts {
                if let slo = alert.labels["slo"], configuration.slo(named: slo) != nil, !slos.contains(slo) { slos.append(slo) }
                if let service = alert.labels["service"], knownServices.contains(service), !services.contains(service) { services.append(service) }
            }
            let detected = opening.firingSince
            var start = detected
            for slo in slos {
                let lookback = configuration.slo(named: slo)?.objective.alerting.tiers.filter { $0.severity == .page }.map(\.longWindow).max() ?? .seconds(3600)
                if let estimate = await hotState.impactStart(slo: slo, detected: detected, lookback: lookback) { start = min(start, estimate) }
            }
            var request = Opening(title: Self.title(for: opening), severity: opening.severity)
            request.start = start
            request.detected = detected
            request.services = services
            request.slos = slos
            request.runbooks = Array(Set(opening.alerts.compactMap { $0.annotations["runbook_url"] })).sorted()
            request.alerts = summaries
            request.alertGroup = opening.groupKey
            _ = try await open(request, by: "vigil", at: now)
        }
    }

    /// The first page's summary, and how many more fire with it.
    static func title(for opening: IncidentOpening) -> String {
        let first = opening.alerts.first.map { $0.annotations["summary"] ?? $0.labels["alertname"] ?? "page" } ?? "page"
        return opening.alerts.count > 1 ? "\(first) (+\(opening.alerts.count - 1) more)" : first
    }
}

extension IncidentDesk {
    /// A postmortem draft of `incident` as things stand at `now`.
    func draft(_ incident: Incident, authors: [String], at now: Date) async throws -> PostmortemDraft {
        let configuration = await hotState.configuration
        let related = try await relatedChanges(incident, at: now)
        let base = configuration.server.linkBase
        return PostmortemDraft(
            incident: incident, timeline: try await timeline(incident, at: now), budgetImpacts: await budgetImpacts(incident, at: now),
            suspectChanges: related.filter(\.suspect).map { change, _ in
                PostmortemDraft.Change(
                    time: change.time, service: change.service, version: change.version, author: change.author, description: change.description)
            },
            suspectWindow: configuration.incidents.suspectWindow, requiredBecause: await postmortemReasons(incident, at: now),
            actionItems: try await store.actionItems(incident: incident.id), authors: authors,
            sloLinks: Dictionary(incident.slos.map { ($0, "\(base)/api/v1/slos/\($0)") }, uniquingKeysWith: { a, _ in a }),
            people: configuration.personNames, now: now)
    }

    /// The blameless check on a postmortem's text, leaving out the Authors row (which
    /// names the writers by design).
    func blamelessFindings(_ text: String) async -> [BlamelessCheck.Finding] {
        let people = await hotState.configuration.personNames
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return BlamelessCheck.findings(in: text, people: people).filter { finding in
            !(lines[finding.line - 1].hasPrefix("| Authors |"))
        }
    }
}
