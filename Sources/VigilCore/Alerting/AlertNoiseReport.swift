import Foundation

/// The alert review: per alerting rule, how often it fired, for how long, how
/// often it flapped, and how often anyone acted on it — and which rules look like noise
/// (fire often, nobody acts) so they can be pruned or demoted to tickets. Pure: built
/// from the notifier's alert log and acknowledgement log.
public struct AlertNoiseReport: Hashable, Sendable {
    /// One rule's figures over the period.
    public struct Rule: Hashable, Sendable {
        /// `alertname` plus what names the rule's subject (`slo`, `tier`, `probe`).
        public var rule: String
        public var notificationClass: NotificationClass
        /// Firing episodes that began in the period (or were already firing at its start).
        public var fired: Int
        /// Total firing time inside the period.
        public var firingTime: Duration
        /// Episodes that resolved within the flap window of firing.
        public var flaps: Int
        /// Share of episodes someone acknowledged while they fired (0…1).
        public var acknowledgedShare: Double
        /// Share of episodes linked to an incident that overlapped them (0…1): the pages
        /// that were real.
        public var incidentShare: Double = 0
        /// What to do about it, when it looks like noise.
        public var advice: String?
    }

    public var since: Date
    public var until: Date
    public var flapWindow: Duration
    /// Busiest first.
    public var rules: [Rule]

    /// Labels that, with `alertname`, name a rule.
    static let ruleLabels = ["slo", "tier", "probe"]

    /// The rule an alert belongs to: `ErrorBudgetBurn{slo="checkout",tier="page-1h"}`.
    public static func rule(of labels: LabelSet) -> String {
        let name = labels["alertname"] ?? "unnamed"
        let parts = ruleLabels.compactMap { key in labels[key].map { "\(key)=\"\($0)\"" } }
        return parts.isEmpty ? name : "\(name){\(parts.joined(separator: ","))}"
    }

    /// - Parameters:
    ///   - events: the alert log, any order; may start before `since`.
    ///   - acknowledgements: when each fingerprint was acknowledged.
    ///   - minimumFirings: a rule that fired at least this often with no action is noise.
    ///   - incidentLinks: alerts linked to incidents, with the incident's span (`to` nil
    ///     while it is open).
    public init(
        events: [AlertEvent], acknowledgements: [(fingerprint: String, at: Date)], since: Date, until: Date,
        flapWindow: Duration = .seconds(600), minimumFirings: Int = 3,
        incidentLinks: [(fingerprint: String, from: Date, to: Date?)] = []
    ) {
        self.since = since
        self.until = until
        self.flapWindow = flapWindow
        var episodes: [String: [(labels: LabelSet, start: Date, end: Date?)]] = [:]
        for event in events.sorted(by: { ($0.at, $0.firing ? 1 : 0) < ($1.at, $1.firing ? 1 : 0) }) where event.at < until {
            var list = episodes[event.fingerprint] ?? []
            if event.firing {
                if list.last.map({ $0.end != nil }) ?? true { list.append((event.labels, event.at, nil)) }
            } else if let last = list.last, last.end == nil {
                list[list.count - 1].end = event.at
            }
            episodes[event.fingerprint] = list
        }
        let acks = Dictionary(grouping: acknowledgements, by: \.fingerprint).mapValues { $0.map(\.at) }
        let links = Dictionary(grouping: incidentLinks, by: \.fingerprint)
        var byRule: [String: Rule] = [:]
        for (fingerprint, list) in episodes {
            for episode in list where (episode.end ?? until) > since {
                let key = Self.rule(of: episode.labels)
                var rule = byRule[key] ?? Rule(rule: key, notificationClass: .log, fired: 0, firingTime: .zero, flaps: 0, acknowledgedShare: 0)
                let end = episode.end ?? until
                rule.fired += 1
                rule.notificationClass = max(rule.notificationClass, episode.labels[Alert.classLabel].flatMap(NotificationClass.init(rawValue:)) ?? .alert)
                rule.firingTime += .milliseconds(Int64((min(end, until).timeIntervalSince(max(episode.start, since)) * 1000).rounded()))
                if let resolved = episode.end, resolved.timeIntervalSince(episode.start) < flapWindow.inSeconds { rule.flaps += 1 }
                // acknowledgedShare holds a count until the end
                if acks[fingerprint]?.contains(where: { $0 >= episode.start && $0 <= end }) == true { rule.acknowledgedShare += 1 }
                // incidentShare too: an incident linked to this alert overlapping the episode
                if links[fingerprint]?.contains(where: { $0.from <= end && ($0.to ?? .distantFuture) >= episode.start }) == true { rule.incidentShare += 1 }
                byRule[key] = rule
            }
        }
        rules = byRule.values.map { rule in
            var rule = rule
            rule.acknowledgedShare /= Double(rule.fired)
            rule.incidentShare /= Double(rule.fired)
            rule.advice = Self.advice(for: rule, minimumFirings: minimumFirings, flapWindow: flapWindow)
            return rule
        }.sorted { ($0.fired, $0.firingTime, $1.rule) > ($1.fired, $1.firingTime, $0.rule) }
    }

    /// Rules that fire often and are never acted on, or that mostly flap.
    static func advice(for rule: Rule, minimumFirings: Int, flapWindow: Duration) -> String? {
        guard rule.fired >= minimumFirings else { return nil }
        if rule.acknowledgedShare == 0 && rule.incidentShare == 0 {
            return rule.notificationClass == .alert
                ? "fired \(rule.fired) times and nobody acknowledged it: demote it to a ticket, or prune it"
                : "fired \(rule.fired) times and nobody acted on it: prune it, or raise its threshold"
        }
        if Double(rule.flaps) / Double(rule.fired) >= 0.5 {
            return "\(rule.flaps) of \(rule.fired) firings resolved within \(flapWindow.compactDescription): make it hold longer before firing"
        }
        return nil
    }

    /// The rules advised to be pruned or demoted.
    public var candidates: [Rule] { rules.filter { $0.advice != nil } }
}

/// One alert starting or stopping to fire, as the notifier logged it.
public struct AlertEvent: Hashable, Sendable {
    public var fingerprint: String
    public var labels: LabelSet
    public var firing: Bool
    public var at: Date

    public init(fingerprint: String, labels: LabelSet, firing: Bool, at: Date) {
        self.fingerprint = fingerprint
        self.labels = labels
        self.firing = firing
        self.at = at
    }
}
