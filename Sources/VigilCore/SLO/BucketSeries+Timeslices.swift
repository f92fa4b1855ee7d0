extension BucketSeries {
    /// The slice series of timeslices budgeting: slices of `sliceMinutes`, aligned to the
    /// epoch, each judged by its own SLI. A slice with data counts as one valid event, and
    /// as good when its `good / valid` is at least `target`; a slice without data counts
    /// nothing. Each slice is recorded at its last minute, so a window counts the slices
    /// that completed inside it. Only slices complete before `to` are included.
    public static func timeslices(of events: BucketSeries, sliceMinutes: Int64, target: Double, from: EpochMinute, to: EpochMinute) -> BucketSeries {
        let length = max(1, sliceMinutes)
        var firstSlice = (from / length) * length
        if firstSlice > from { firstSlice -= length }
        var slices = BucketSeries(startingAt: firstSlice)
        slices.reserve(through: to)
        var sliceStart = firstSlice
        while sliceStart + length <= to {
            let counts = events.counts(from: sliceStart, to: sliceStart + length)
            if let ratio = counts.ratio {
                slices.record(EventCounts(good: ratio >= target ? 1 : 0, valid: 1), at: sliceStart + length - 1)
            }
            sliceStart += length
        }
        return slices
    }
}
