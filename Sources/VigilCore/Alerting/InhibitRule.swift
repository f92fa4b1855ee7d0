/// Mutes target alerts while a source alert fires with the same values of `equal`
/// (Alertmanager's `inhibit_rules`).
public struct InhibitRule: Hashable, Sendable {
    public var sourceMatchers: [LabelMatcher]
    public var targetMatchers: [LabelMatcher]
    /// Labels whose values must be equal in source and target (a missing label equals a
    /// missing label).
    public var equal: [String]

    public init(sourceMatchers: [LabelMatcher], targetMatchers: [LabelMatcher], equal: [String]) {
        self.sourceMatchers = sourceMatchers
        self.targetMatchers = targetMatchers
        self.equal = equal
    }

    /// Whether `target` is muted by one of `firing` (the alerts firing now). An alert never
    /// inhibits itself, and an alert that matches both sides is muted only by sources
    /// that do not (so two pages of the same kind cannot silence each other).
    public func inhibits(_ target: Alert, among firing: [Alert]) -> Bool {
        guard targetMatchers.matches(target.labels) else { return false }
        let twoSided = sourceMatchers.matches(target.labels)
        return firing.contains { source in
            source.labels != target.labels
                && sourceMatchers.matches(source.labels)
                && !(twoSided && targetMatchers.matches(source.labels))
                && equal.allSatisfy { source.labels[$0] == target.labels[$0] }
        }
    }

    /// The two rules Vigil uses when a configuration gives none: a firing page mutes the
    /// ticket of the same SLO; a probe that is down mutes its service's SLO alerts.
    public static let defaults: [InhibitRule] = [
        InhibitRule(
            sourceMatchers: [try! LabelMatcher(name: Alert.classLabel, op: .equal, value: NotificationClass.alert.rawValue)],
            targetMatchers: [try! LabelMatcher(name: Alert.classLabel, op: .equal, value: NotificationClass.ticket.rawValue)],
            equal: ["slo"]),
        InhibitRule(
            sourceMatchers: [try! LabelMatcher(name: "alertname", op: .equal, value: "ProbeDown")],
            targetMatchers: [try! LabelMatcher(name: "alertname", op: .matchesRegex, value: "ErrorBudget.*")],
            equal: ["service"]),
    ]
}
