extension BucketSeries {
    /// A copy of `events` over `[from, to)` without the minutes in `excluded` (maintenance
    /// windows an SLO leaves out): those minutes count as no data, neither good nor bad.
    public static func masking(_ events: BucketSeries, excluding excluded: [Range<EpochMinute>], from: EpochMinute, to: EpochMinute) -> BucketSeries {
        var masked = BucketSeries(startingAt: from)
        masked.reserve(through: to)
        let ranges = excluded.sorted { $0.lowerBound < $1.lowerBound }
        var minute = from
        var next = 0
        while minute < to {
            while next < ranges.count && ranges[next].upperBound <= minute { next += 1 }
            if next < ranges.count && ranges[next].contains(minute) {
                minute = ranges[next].upperBound
                continue
            }
            let counts = events.counts(at: minute)
            if counts.valid > 0 { masked.record(counts, at: minute) }
            minute += 1
        }
        return masked
    }
}
