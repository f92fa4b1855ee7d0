/// Counts added to one series' minute (an SLI's, or a grouped-SLO instance's): the unit
/// of ingestion between decoding, the store and the hot series.
public struct MinuteDelta: Hashable, Sendable {
    public var sli: String
    public var minute: EpochMinute
    public var counts: EventCounts
    /// The latencies behind the counts, for latency SLIs fed raw latencies or histograms.
    public var latencies: LatencyDigest?

    public init(sli: String, minute: EpochMinute, counts: EventCounts, latencies: LatencyDigest? = nil) {
        self.sli = sli
        self.minute = minute
        self.counts = counts
        self.latencies = latencies
    }
}
