/// Counts added to one SLI's minute: the unit of ingestion between decoding, the store
/// and the hot series.
public struct MinuteDelta: Hashable, Sendable {
    public var sli: String
    public var minute: EpochMinute
    public var counts: EventCounts

    public init(sli: String, minute: EpochMinute, counts: EventCounts) {
        self.sli = sli
        self.minute = minute
        self.counts = counts
    }
}
