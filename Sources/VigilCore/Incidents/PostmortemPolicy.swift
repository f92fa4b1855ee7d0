import Foundation

/// When a postmortem is required, decided in advance rather than after the fact (the
/// SRE book's postmortem culture): any of the listed
/// severities, user-visible downtime over a limit, an SLO that spent more than a share
/// of its budget, or data loss.
public struct PostmortemCriteria: Hashable, Sendable {
    public var severities: Set<String>
    public var downtimeOver: Duration?
    /// A share of the error budget (0.2 = 20 %).
    public var budgetSpentOver: Double?
    public var dataLoss: Bool

    public init(severities: Set<String> = ["SEV1", "SEV2"], downtimeOver: Duration? = .seconds(30 * 60), budgetSpentOver: Double? = 0.2, dataLoss: Bool = true)
    {
        self.severities = severities
        self.downtimeOver = downtimeOver
        self.budgetSpentOver = budgetSpentOver
        self.dataLoss = dataLoss
    }

    /// What is known of an incident when the question is asked.
    public struct Facts: Hashable, Sendable {
        public var severity: String
        /// start → mitigated (or resolved), the user-visible part.
        public var downtime: Duration?
        /// The largest share of budget any affected SLO spent during it.
        public var budgetSpent: Double?
        public var dataLoss: Bool

        public init(severity: String, downtime: Duration?, budgetSpent: Double?, dataLoss: Bool) {
            self.severity = severity
            self.downtime = downtime
            self.budgetSpent = budgetSpent
            self.dataLoss = dataLoss
        }
    }

    /// Every criterion the incident meets, in words; empty when none requires a postmortem.
    public func reasons(_ facts: Facts) -> [String] {
        var reasons: [String] = []
        if severities.contains(facts.severity) { reasons.append("severity \(facts.severity)") }
        if let limit = downtimeOver, let downtime = facts.downtime, downtime > limit {
            reasons.append("user-visible downtime \(downtime.compactDescription) (over \(limit.compactDescription))")
        }
        if let limit = budgetSpentOver, let spent = facts.budgetSpent, spent > limit {
            reasons.append(String(format: "%.1f %% of an error budget spent (over %.0f %%)", spent * 100, limit * 100))
        }
        if dataLoss && facts.dataLoss { reasons.append("data loss") }
        return reasons
    }
}

/// Blameless writing names systems and roles, not people: finds the configured people's
/// names in a postmortem's text (whole words, any case), with their line numbers.
public enum BlamelessCheck {
    public struct Finding: Hashable, Sendable {
        public var name: String
        public var line: Int
    }

    public static func findings(in text: String, people: [String]) -> [Finding] {
        var found: [Finding] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = Set(line.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "'" }).map(String.init))
            for person in people where !person.isEmpty {
                let parts = person.lowercased().split(separator: " ").map(String.init)
                // a full name, or its first part alone
                if parts.allSatisfy(words.contains) || words.contains(parts[0]) { found.append(Finding(name: person, line: index + 1)) }
            }
        }
        return found
    }
}

/// Changes shipped to an affected service shortly before an incident began: the first
/// suspects, since most outages (about 70 % in Google's experience) follow a change.
public enum SuspectChanges {
    /// A change as the finder needs it.
    public struct Change: Hashable, Sendable {
        public var id: Int64
        public var service: String
        public var time: Date

        public init(id: Int64, service: String, time: Date) {
            self.id = id
            self.service = service
            self.time = time
        }
    }

    /// The changes to `services` within `window` before `start` (and up to `start`),
    /// newest first.
    public static func select(_ changes: [Change], services: Set<String>, start: Date, window: Duration) -> [Change] {
        let from = start.addingTimeInterval(-window.inSeconds)
        return changes.filter { services.contains($0.service) && $0.time >= from && $0.time <= start }
            .sorted { ($0.time, $0.id) > ($1.time, $1.id) }
    }
}
