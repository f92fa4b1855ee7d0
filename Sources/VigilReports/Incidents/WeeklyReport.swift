import Foundation
import VigilCore

/// The weekly production report: how each service did against its SLOs and how
/// much budget it spent (against the week before), the week's incidents and their
/// figures, the noisiest alerts, overdue action items, the changes shipped, toil, and
/// the SLO review (met × toil × satisfaction). The server gathers the facts; this renders them (Markdown, HTML,
/// JSON), so the output is golden-tested.
public struct WeeklyReport: Sendable {
    public struct SLOLine: Hashable, Sendable, Codable {
        public var slo: String
        public var service: String
        public var objective: Double
        public var window: String
        /// The SLI over the window ending with the week.
        public var compliance: Double?
        public var budgetRemaining: Double?
        /// Share of the window's budget spent during the week, and during the week before.
        public var spentThisWeek: Double?
        public var spentLastWeek: Double?

        public init(
            slo: String, service: String, objective: Double, window: String, compliance: Double?, budgetRemaining: Double?,
            spentThisWeek: Double?, spentLastWeek: Double?
        ) {
            self.slo = slo
            self.service = service
            self.objective = objective
            self.window = window
            self.compliance = compliance
            self.budgetRemaining = budgetRemaining
            self.spentThisWeek = spentThisWeek
            self.spentLastWeek = spentLastWeek
        }

        public var met: Bool? { compliance.map { $0 >= objective } }
    }

    public struct NoisyAlert: Hashable, Sendable, Codable {
        public var rule: String
        public var notificationClass: String
        public var fired: Int
        public var acknowledgedShare: Double
        public var incidentShare: Double
        public var advice: String?

        public init(rule: String, notificationClass: String, fired: Int, acknowledgedShare: Double, incidentShare: Double, advice: String?) {
            self.rule = rule
            self.notificationClass = notificationClass
            self.fired = fired
            self.acknowledgedShare = acknowledgedShare
            self.incidentShare = incidentShare
            self.advice = advice
        }
    }

    public struct ChangeLine: Hashable, Sendable, Codable {
        public var service: String
        public var version: String?
        public var time: Date
        public var author: String?

        public init(service: String, version: String?, time: Date, author: String?) {
            self.service = service
            self.version = version
            self.time = time
            self.author = author
        }
    }

    /// A service under a release policy: its step when the week ended, since when, and
    /// the steps it entered during the week.
    public struct ReleaseLine: Hashable, Sendable, Codable {
        public var service: String
        public var policy: String
        /// `nil`: no step held.
        public var step: String?
        public var since: Date?
        public var message: String?
        /// `step at time` for each move in the week, oldest first.
        public var moves: [String]

        public init(service: String, policy: String, step: String?, since: Date?, message: String?, moves: [String]) {
            self.service = service
            self.policy = policy
            self.step = step
            self.since = since
            self.message = message
            self.moves = moves
        }
    }

    public struct ToilLine: Hashable, Sendable, Codable {
        public var team: String
        public var minutes: Int
        public var ratio: Double?
        public var lastWeekRatio: Double?

        public init(team: String, minutes: Int, ratio: Double?, lastWeekRatio: Double?) {
            self.team = team
            self.minutes = minutes
            self.ratio = ratio
            self.lastWeekRatio = lastWeekRatio
        }
    }

    public var from: Date
    public var to: Date
    public var slos: [SLOLine]
    /// Incidents that started in the week.
    public var incidents: [Incident]
    public var noisyAlerts: [NoisyAlert]
    public var overdueActions: [ActionItem]
    public var changes: [ChangeLine]
    public var toil: [ToilLine]
    public var review: [SLOReview]
    /// Release policies' steps; the section shows only when a policy exists.
    public var releases: [ReleaseLine]
    /// Pages per person and shift; the section shows only when on-call is configured.
    public var oncallLoad: OnCallLoad?

    public init(
        from: Date, to: Date, slos: [SLOLine], incidents: [Incident], noisyAlerts: [NoisyAlert], overdueActions: [ActionItem],
        changes: [ChangeLine], toil: [ToilLine], review: [SLOReview], releases: [ReleaseLine] = [], oncallLoad: OnCallLoad? = nil
    ) {
        self.releases = releases
        self.oncallLoad = oncallLoad
        self.from = from
        self.to = to
        self.slos = slos
        self.incidents = incidents
        self.noisyAlerts = noisyAlerts
        self.overdueActions = overdueActions
        self.changes = changes
        self.toil = toil
        self.review = review
    }

    public var figures: IncidentFigures { IncidentFigures(incidents.map(\.times), period: IncidentTimes.span(from, to)) }

    // MARK: Rendering

    var document: ReportDocument {
        let title = "Weekly production report: \(Self.day(from)) to \(Self.day(to))"
        var sections: [ReportDocument.Section] = []

        let missed = slos.filter { $0.met == false }.map(\.slo)
        let sloSummary =
            slos.isEmpty
            ? "No SLOs."
            : missed.isEmpty
                ? "All \(slos.count) SLOs met their objective over their window."
                : "\(missed.count) of \(slos.count) SLOs missed their objective: \(missed.joined(separator: ", "))."
        sections.append(
            .init(
                title: "SLOs",
                blocks: [
                    .paragraph(sloSummary),
                    .table(
                        headers: ["Service", "SLO", "Objective", "SLI", "Met", "Budget left", "Spent this week", "Week before", "Change"],
                        rows: slos.map { line in
                            [
                                line.service, line.slo, "\(Self.objective(line.objective)) over \(line.window)",
                                line.compliance.map { Self.percent($0, digits: 3) } ?? "no data",
                                line.met.map { $0 ? "yes" : "NO" } ?? "-", line.budgetRemaining.map { Self.percent($0, digits: 1) } ?? "-",
                                line.spentThisWeek.map { Self.percent($0, digits: 1) } ?? "-", line.spentLastWeek.map { Self.percent($0, digits: 1) } ?? "-",
                                Self.change(line.spentThisWeek, line.spentLastWeek),
                            ]
                        }),
                ]))

        var incidentBlocks: [ReportDocument.Block] = []
        if incidents.isEmpty {
            incidentBlocks.append(.paragraph("No incident started this week."))
        } else {
            let figures = figures
            var parts: [String] = []
            for (name, summary) in [
                ("detect", figures.detect), ("acknowledge", figures.acknowledge), ("mitigate", figures.mitigate), ("resolve", figures.resolve),
            ] {
                if let summary {
                    parts.append("time to \(name) \(Self.length(summary.mean)) mean, \(Self.length(summary.median)) median, \(Self.length(summary.p90)) p90")
                }
            }
            incidentBlocks.append(
                .paragraph("\(incidents.count) incident\(incidents.count == 1 ? "" : "s")" + (parts.isEmpty ? "." : "; " + parts.joined(separator: "; ") + "."))
            )
            incidentBlocks.append(
                .table(
                    headers: ["Incident", "Severity", "Status", "Started", "Detect", "Resolve", "Title"],
                    rows: incidents.sorted { $0.times.start < $1.times.start }.map { incident in
                        [
                            incident.reference, incident.severity, incident.status.rawValue, Self.stamp(incident.times.start),
                            incident.times.timeToDetect.map(Self.length) ?? "-", incident.times.timeToResolve.map(Self.length) ?? "open", incident.title,
                        ]
                    }))
        }
        sections.append(.init(title: "Incidents", blocks: incidentBlocks))

        sections.append(
            .init(
                title: "Noisiest alerts",
                blocks: noisyAlerts.isEmpty
                    ? [.paragraph("No alert fired this week.")]
                    : [
                        .table(
                            headers: ["Rule", "Class", "Fired", "Acknowledged", "Led to an incident", "Advice"],
                            rows: noisyAlerts.map { alert in
                                [
                                    alert.rule, alert.notificationClass, String(alert.fired), Self.percent(alert.acknowledgedShare, digits: 0),
                                    Self.percent(alert.incidentShare, digits: 0), alert.advice ?? "",
                                ]
                            })
                    ]))

        sections.append(
            .init(
                title: "Overdue action items",
                blocks: overdueActions.isEmpty
                    ? [.paragraph("None.")]
                    : [
                        .table(
                            headers: ["Item", "Incident", "Type", "Owner", "Due", "Tracking"],
                            rows: overdueActions.map { item in
                                [item.title, "INC-\(item.incident)", item.kind.rawValue, item.owner ?? "", item.due.map(Self.day) ?? "", item.link ?? ""]
                            })
                    ]))

        let byService = Dictionary(grouping: changes, by: \.service)
        sections.append(
            .init(
                title: "Changes shipped",
                blocks: changes.isEmpty
                    ? [.paragraph("No change recorded.")]
                    : [
                        .paragraph("\(changes.count) change\(changes.count == 1 ? "" : "s") to \(byService.count) service\(byService.count == 1 ? "" : "s")."),
                        .table(
                            headers: ["Service", "Changes", "Latest"],
                            rows: byService.keys.sorted().map { service in
                                let latest = byService[service]!.max { $0.time < $1.time }!
                                return [service, String(byService[service]!.count), "\(latest.version ?? "-") at \(Self.stamp(latest.time))"]
                            }),
                    ]))

        if !releases.isEmpty {
            sections.append(
                .init(
                    title: "Release policies",
                    blocks: [
                        .paragraph("Where each service stood under its error-budget policy when the week ended, as the gate read it."),
                        .table(
                            headers: ["Service", "Policy", "Step", "Since", "Moves this week"],
                            rows: releases.map { line in
                                [
                                    line.service, line.policy, line.step.map { "\($0): \(line.message ?? "")" } ?? "none: releases go on",
                                    line.since.map(Self.stamp) ?? "-", line.moves.isEmpty ? "-" : line.moves.joined(separator: "; "),
                                ]
                            }),
                    ]))
        }

        if let load = oncallLoad { sections.append(Self.oncallSection(load)) }

        sections.append(
            .init(
                title: "Toil",
                blocks: toil.isEmpty
                    ? [.paragraph("No toil logged.")]
                    : [
                        .paragraph("The cap is 50 % of a team's time."),
                        .table(
                            headers: ["Team", "Minutes", "This week", "Week before", "Over the cap"],
                            rows: toil.map { line in
                                [
                                    line.team, String(line.minutes), line.ratio.map { Self.percent($0, digits: 1) } ?? "-",
                                    line.lastWeekRatio.map { Self.percent($0, digits: 1) } ?? "-", (line.ratio ?? 0) > ToilReport.cap ? "YES" : "no",
                                ]
                            }),
                    ]))

        sections.append(
            .init(
                title: "SLO review",
                blocks: review.isEmpty
                    ? [.paragraph("No SLOs.")]
                    : [
                        .table(headers: reviewHeaders, rows: review.map(reviewRow))
                    ]))
        return ReportDocument(title: title, sections: sections)
    }

    var reviewHeaders: [String] { ["SLO", "Met", "Toil", "Satisfaction"] + (oncallLoad == nil ? [] : ["Pages"]) + ["Advice", "Why"] }

    func reviewRow(_ entry: SLOReview) -> [String] {
        var row = [
            entry.slo, entry.compliance.map { $0 >= entry.objective ? "yes" : "no" } ?? "-", entry.toilRatio.map { Self.percent($0, digits: 0) } ?? "-",
            entry.satisfaction.map { Self.percent($0, digits: 0) } ?? "-",
        ]
        if oncallLoad != nil { row.append(entry.pages.map(String.init) ?? "-") }
        return row + [entry.advice.rawValue, entry.reason]
    }

    /// Pages per person, shifts over the limit and the services that paged.
    static func oncallSection(_ load: OnCallLoad) -> ReportDocument.Section {
        var blocks: [ReportDocument.Block] = [
            .paragraph(
                "\(load.totalPages) page\(load.totalPages == 1 ? "" : "s") reached people. The limit is \(load.limit) per 12 hours on call (the SRE book's two events per shift); more means an SLO or an alert to fix, not a person to blame."
            )
        ]
        if !load.people.isEmpty {
            blocks.append(
                .table(
                    headers: ["Person", "Hours on call", "Pages", "Outside working hours", "Shifts over the limit"],
                    rows: load.people.map {
                        [$0.person, String(Int($0.hoursOnCall.rounded())), String($0.pages), String($0.offHoursPages), String($0.shiftsOverLimit)]
                    }))
        }
        if !load.flagged.isEmpty {
            blocks.append(
                .table(
                    headers: ["Shift over the limit", "Schedule", "Pages", "Allowed"],
                    rows: load.flagged.map {
                        [
                            "\($0.shift.person), \(Self.stamp($0.shift.start)) – \(Self.stamp($0.shift.end))", $0.shift.schedule, String($0.pages),
                            String($0.allowed),
                        ]
                    }))
        }
        if !load.byService.isEmpty {
            blocks.append(.table(headers: ["Service", "Pages"], rows: load.byService.map { [$0.service ?? "(none)", String($0.pages)] }))
        }
        return .init(title: "On-call load", blocks: blocks)
    }

    public var markdown: String { document.markdown }
    public var html: String { document.html }

    /// The report without the page around it, for the dashboard.
    public var htmlFragment: String { document.fragment }

    /// The figures as JSON (snake_case keys, RFC 3339 times).
    public func json() throws -> Data {
        struct Figures: Encodable {
            let incidents: Int
            let meanTimeToDetectSeconds: Double?
            let meanTimeToResolveSeconds: Double?
        }
        struct Incidents: Encodable {
            let id: String
            let title: String
            let severity: String
            let status: String
            let start: Date
            let detectSeconds: Double?
            let resolveSeconds: Double?
        }
        struct Body: Encodable {
            let from: Date
            let to: Date
            let slos: [SLOLine]
            let incidents: [Incidents]
            let incidentFigures: Figures
            let noisyAlerts: [NoisyAlert]
            let overdueActionItems: [ActionItem]
            let changes: [ChangeLine]
            let toil: [ToilLine]
            let sloReview: [SLOReviewLine]
            let releasePolicies: [ReleaseLine]
            let oncallLoad: OnCallLoadBody?
        }
        struct OnCallLoadBody: Encodable {
            struct Person: Encodable {
                let person: String
                let hoursOnCall: Double
                let pages: Int
                let offHoursPages: Int
                let shiftsOverLimit: Int
            }
            struct Flagged: Encodable {
                let person: String
                let schedule: String
                let start: Date
                let end: Date
                let pages: Int
                let allowed: Int
            }
            struct Service: Encodable {
                let service: String?
                let pages: Int
            }
            let limitPer12Hours: Int
            let pages: Int
            let people: [Person]
            let shiftsOverLimit: [Flagged]
            let byService: [Service]
        }
        struct SLOReviewLine: Encodable {
            let slo: String
            let service: String
            let compliance: Double?
            let toilRatio: Double?
            let satisfaction: Double?
            let pages: Int?
            let advice: String
            let reason: String
        }
        let figures = figures
        let body = Body(
            from: from, to: to, slos: slos,
            incidents: incidents.sorted { $0.times.start < $1.times.start }.map {
                Incidents(
                    id: $0.reference, title: $0.title, severity: $0.severity, status: $0.status.rawValue, start: $0.times.start,
                    detectSeconds: $0.times.timeToDetect?.inSeconds, resolveSeconds: $0.times.timeToResolve?.inSeconds)
            },
            incidentFigures: Figures(
                incidents: figures.count, meanTimeToDetectSeconds: figures.detect?.mean.inSeconds, meanTimeToResolveSeconds: figures.resolve?.mean.inSeconds),
            noisyAlerts: noisyAlerts, overdueActionItems: overdueActions, changes: changes, toil: toil,
            sloReview: review.map {
                SLOReviewLine(
                    slo: $0.slo, service: $0.service, compliance: $0.compliance, toilRatio: $0.toilRatio,
                    satisfaction: $0.satisfaction, pages: $0.pages, advice: $0.advice.rawValue, reason: $0.reason)
            }, releasePolicies: releases,
            oncallLoad: oncallLoad.map { load in
                OnCallLoadBody(
                    limitPer12Hours: load.limit, pages: load.totalPages,
                    people: load.people.map {
                        .init(
                            person: $0.person, hoursOnCall: ($0.hoursOnCall * 1000).rounded() / 1000, pages: $0.pages, offHoursPages: $0.offHoursPages,
                            shiftsOverLimit: $0.shiftsOverLimit)
                    },
                    shiftsOverLimit: load.flagged.map {
                        .init(
                            person: $0.shift.person, schedule: $0.shift.schedule, start: $0.shift.start, end: $0.shift.end, pages: $0.pages, allowed: $0.allowed
                        )
                    },
                    byService: load.byService.map { .init(service: $0.service, pages: $0.pages) })
            })
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return try encoder.encode(body)
    }

    // MARK: Formats

    static func day(_ date: Date) -> String { Formatting.day(date) }
    static func stamp(_ date: Date) -> String { Formatting.stamp(date) }
    static func length(_ duration: Duration) -> String { Formatting.approximate(duration) }
    static func objective(_ ratio: Double) -> String { Formatting.objective(ratio) }
    static func percent(_ ratio: Double, digits: Int) -> String { String(format: "%.\(digits)f %%", ratio * 100) }

    /// Week-over-week change in points of budget: `+12.5 pts`, `−3.0 pts`.
    static func change(_ now: Double?, _ before: Double?) -> String {
        guard let now, let before else { return "-" }
        let points = (now - before) * 100
        if abs(points) < 0.05 { return "same" }
        return String(format: "%@%.1f pts", points > 0 ? "+" : "−", abs(points))
    }
}
