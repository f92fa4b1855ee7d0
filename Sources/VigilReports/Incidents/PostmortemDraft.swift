import Foundation
import VigilCore

/// A postmortem draft on the SRE book's template (docs/incidents.md), prefilled from the
/// incident: impact from the budget each SLO spent and the durations, detection from the
/// figures, the suspect changes, and the timeline. Sections only people can write carry
/// a prompt in italics. A pure function of its facts, so its output is golden-tested.
public struct PostmortemDraft: Sendable {
    /// A change as the draft lists it.
    public struct Change: Hashable, Sendable {
        public var time: Date
        public var service: String
        public var version: String?
        public var author: String?
        public var description: String?

        public init(time: Date, service: String, version: String?, author: String?, description: String?) {
            self.time = time
            self.service = service
            self.version = version
            self.author = author
            self.description = description
        }
    }

    public var incident: Incident
    /// The timeline, oldest first (changes woven in).
    public var timeline: [IncidentTimelineEntry]
    public var budgetImpacts: [BudgetImpact]
    public var suspectChanges: [Change]
    public var suspectWindow: Duration
    /// Why a postmortem is required (empty: written by choice).
    public var requiredBecause: [String]
    public var actionItems: [ActionItem]
    public var authors: [String]
    /// SLO name → the link people open to see it.
    public var sloLinks: [String: String]
    /// The configured people: the draft names their roles instead (blameless).
    public var people: [String]
    public var now: Date

    public init(
        incident: Incident, timeline: [IncidentTimelineEntry], budgetImpacts: [BudgetImpact], suspectChanges: [Change],
        suspectWindow: Duration, requiredBecause: [String], actionItems: [ActionItem], authors: [String],
        sloLinks: [String: String] = [:], people: [String] = [], now: Date
    ) {
        self.incident = incident
        self.timeline = timeline
        self.budgetImpacts = budgetImpacts
        self.suspectChanges = suspectChanges
        self.suspectWindow = suspectWindow
        self.requiredBecause = requiredBecause
        self.actionItems = actionItems
        self.authors = authors
        self.sloLinks = sloLinks
        self.people = people
        self.now = now
    }

    /// The Markdown.
    public var markdown: String {
        var lines: [String] = []
        let times = incident.times
        lines += ["# Postmortem: \(incident.reference) — \(incident.title)", ""]
        lines += [
            "| | |", "|---|---|",
            "| Date | \(Self.day(times.start)) |",
            "| Authors | \(authors.isEmpty ? "_who writes this_" : authors.joined(separator: ", ")) |",
            "| Status | draft |",
            "| Incident | \(incident.reference), \(incident.severity), \(incident.status.rawValue) |",
            "| Postmortem required | \(requiredBecause.isEmpty ? "no (written by choice)" : "yes: " + requiredBecause.joined(separator: "; ")) |",
            "",
        ]
        lines += ["## Summary", "", incident.summary ?? "_What happened, to whom, for how long, in two or three sentences._", ""]
        lines += ["## Impact", ""] + impact() + [""]
        lines += [
            "## Root causes", "", "_The conditions that let this happen — systems and processes, not people. Ask why until the answer is something to change._",
            "",
        ]
        lines += ["## Trigger", ""] + trigger() + [""]
        lines += ["## Resolution", ""] + resolution() + [""]
        lines += ["## Detection", ""] + detection() + [""]
        lines += ["## Action items", ""] + actions() + [""]
        lines += [
            "## Lessons learned", "",
            "### What went well", "", "_…_", "",
            "### What went wrong", "", "_…_", "",
            "### Where we got lucky", "", "_…_", "",
        ]
        lines += ["## Timeline", "", "All times UTC.", ""] + timelineLines() + [""]
        lines += ["## Supporting information", ""] + supporting()
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Sections

    func impact() -> [String] {
        let times = incident.times
        var lines: [String] = []
        let end = times.resolved ?? now
        var span = "- Impact from \(Self.stamp(times.start)) to \(times.resolved.map(Self.stamp) ?? "now (still open)")"
        span += " (\(Self.length(IncidentTimes.span(times.start, end))))"
        if let mitigated = times.mitigated {
            span += "; user-visible until mitigated at \(Self.stamp(mitigated)) (\(Self.length(IncidentTimes.span(times.start, mitigated))))"
        }
        lines.append(span + ".")
        if !incident.services.isEmpty { lines.append("- Services affected: \(incident.services.joined(separator: ", ")).") }
        for impact in budgetImpacts {
            var line = "- Error budget of \(impact.slo) (\(Self.objective(impact.objective)) over \(impact.window)): "
            if let spent = impact.budgetSpent {
                line += String(format: "%.1f %% of the window's budget spent", spent * 100)
                line += " (\(Self.count(impact.bad)) bad of \(Self.count(impact.valid)) events during the incident)"
                if spent >= 1 { line += " — more than the whole budget" }
            } else {
                line += "no events recorded in the window"
            }
            lines.append(line + ".")
        }
        if incident.dataLoss { lines.append("- Data was lost: _what, how much, recovered?_") }
        lines.append("- _Who noticed, and what did users see?_")
        return lines
    }

    func trigger() -> [String] {
        guard !suspectChanges.isEmpty else {
            return [
                "No change to an affected service in the \(suspectWindow.compactDescription) before impact began.",
                "", "_What set it off?_",
            ]
        }
        var lines = ["Changes to affected services in the \(suspectWindow.compactDescription) before impact began (most outages follow a change):", ""]
        for change in suspectChanges.sorted(by: { $0.time < $1.time }) {
            var line = "- \(Self.stamp(change.time)): \(change.service)"
            if let version = change.version { line += " \(version)" }
            if let author = change.author { line += " by \(author)" }
            if let description = change.description { line += " — \(description)" }
            line += " (\(Self.length(IncidentTimes.span(change.time, incident.times.start))) before impact)"
            lines.append(line)
        }
        return lines + ["", "_Which of these, if any, set it off — and how?_"]
    }

    func resolution() -> [String] {
        let times = incident.times
        var facts: [String] = []
        if let mitigate = times.timeToMitigate { facts.append("mitigated \(Self.length(mitigate)) after impact began") }
        if let resolve = times.timeToResolve { facts.append("resolved after \(Self.length(resolve))") }
        let notes = timeline.filter { $0.kind == .note }.map { "- \(Self.stamp($0.at)): \($0.text) (\(who($0.author)))" }
        var lines = facts.isEmpty ? [] : ["It was " + facts.joined(separator: " and ") + "."]
        if !notes.isEmpty { lines += (lines.isEmpty ? [] : [""]) + ["Notes from the responders:", ""] + notes }
        return lines + (lines.isEmpty ? [] : [""]) + ["_What stopped the impact, and what fixed it for good?_"]
    }

    func detection() -> [String] {
        let times = incident.times
        var lines: [String] = []
        if let detected = times.detected, let ttd = times.timeToDetect {
            lines.append("- Detected at \(Self.stamp(detected)), \(Self.length(ttd)) after impact began (time to detect).")
        }
        if let acknowledged = times.acknowledged, let tta = times.timeToAcknowledge {
            lines.append("- Acknowledged at \(Self.stamp(acknowledged)), \(Self.length(tta)) after detection (time to acknowledge).")
        }
        let alerts = timeline.filter { $0.kind == .alert }
        if alerts.isEmpty {
            lines.append("- No alert is linked: a person noticed. _Which signal should have paged?_")
        } else {
            lines.append("- Alerts:")
            lines += alerts.map { "  - \($0.text)" }
        }
        return lines + ["- _Could it have been detected sooner? What would have caught it?_"]
    }

    func actions() -> [String] {
        var lines = ["| Item | Type | Owner | Due | Tracking | Status |", "|---|---|---|---|---|---|"]
        for item in actionItems {
            lines.append(
                "| \(Self.cell(item.title)) | \(item.kind.rawValue) | \(Self.cell(item.owner ?? "")) | \(item.due.map(Self.day) ?? "") | \(Self.cell(item.link ?? "")) | \(item.status.rawValue) |"
            )
        }
        if actionItems.isEmpty { lines.append("| _to prevent, mitigate, detect; process_ | | | | | |") }
        return lines
    }

    func timelineLines() -> [String] {
        let times = incident.times
        var entries: [(Date, Int, String)] = [(times.start, 0, "Impact began.")]
        if let detected = times.detected { entries.append((detected, 1, "Detected.")) }
        for (index, entry) in timeline.enumerated() {
            let by = entry.kind == .change ? "" : " (\(who(entry.author)))"
            var text = entry.text
            if entry.kind == .role {
                // "commander: Dana" → the role, not the person.
                let role = text.prefix { $0 != ":" }
                text = text.hasSuffix(": unassigned") ? "\(role) unassigned" : "\(role) assigned"
            }
            entries.append((entry.at, 2 + index, "\(Self.kindWord(entry.kind))\(text)\(by)"))
        }
        return entries.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "- \(Self.stamp($0.0)) — \($0.2)" }
    }

    func supporting() -> [String] {
        var lines: [String] = []
        for slo in incident.slos { lines.append("- SLO \(slo)" + (sloLinks[slo].map { ": \($0)" } ?? "")) }
        for runbook in incident.runbooks { lines.append("- Runbook: \(runbook)") }
        if let chat = incident.chat { lines.append("- Chat: \(chat)") }
        if !incident.alerts.isEmpty { lines.append("- Alert fingerprints: \(incident.alerts.joined(separator: ", "))") }
        if !incident.roles.isEmpty { lines.append("- Roles held: \(incident.roles.keys.sorted().joined(separator: ", ")) (names are in the incident record)") }
        return lines.isEmpty ? ["_Dashboards, logs, graphs._"] : lines
    }

    /// Blameless: a person is named by the role they held, or as a responder.
    /// A login such as `dana` counts as its person's first name, as the blameless check reads it.
    func who(_ author: String) -> String {
        func same(_ person: String) -> Bool {
            person.caseInsensitiveCompare(author) == .orderedSame
                || person.split(separator: " ").first.map { $0.caseInsensitiveCompare(author) == .orderedSame } == true
        }
        if let role = incident.roles.filter({ same($0.value) }).keys.sorted().first { return role }
        if people.contains(where: same) { return "responder" }
        return author
    }

    // MARK: Formats

    static func kindWord(_ kind: IncidentTimelineEntry.Kind) -> String {
        switch kind {
        case .status: "Status "
        case .role: "Role: "
        case .severity: "Severity "
        case .alert: "Alert: "
        case .page: "Page: "
        case .opened: "Incident "
        case .change, .note, .times: ""
        }
    }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func day(_ date: Date) -> String { Formatting.day(date) }
    static func stamp(_ date: Date) -> String { Formatting.stamp(date) }
    static func length(_ duration: Duration) -> String { Formatting.approximate(duration) }
    static func objective(_ ratio: Double) -> String { Formatting.objective(ratio) }
    static func count(_ value: Int64) -> String { Formatting.count(value) }
}
