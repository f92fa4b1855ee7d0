/// How a grouped SLO splits: one instance, with its own budget, per combination of the
/// values of `labels` seen in events — up to `limit` instances; events with further
/// combinations are counted together in one overflow instance.
public struct SLOGrouping: Hashable, Sendable {
    /// The event labels that name an instance, in order.
    public var labels: [String]
    /// The most instances kept apart (the overflow instance comes on top).
    public var limit: Int

    public init(labels: [String], limit: Int) {
        self.labels = labels
        self.limit = limit
    }

    /// The values of `labels` in an event's label set; a missing label is the empty
    /// string, as in Prometheus.
    public func values(in eventLabels: [String: String]) -> [String] {
        labels.map { eventLabels[$0] ?? "" }
    }
}
