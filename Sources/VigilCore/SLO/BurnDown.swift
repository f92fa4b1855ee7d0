/// The error-budget burn-down of one compliance window: how much budget was left at each
/// step from the window's start to now, against the line of even spending that reaches
/// zero as the window closes.
///
/// Every point divides by the valid events of the whole window so far — the denominator
/// of ``ErrorBudget/remaining(_:)`` — so the line starts at 100 %, only falls, and its
/// last point is exactly the budget remaining the SLO report shows.
public struct BurnDown: Hashable, Sendable {
    public struct Point: Hashable, Sendable {
        public let minute: EpochMinute
        /// `nil` while the window has no valid events.
        public let remaining: Double?
        /// Where even spending would be: 1 at the start, 0 when the window closes.
        public let ideal: Double
    }

    public let span: WindowSpan
    /// The minute the window closes (`start + W`); for a rolling window, now.
    public let closes: EpochMinute
    public let points: [Point]

    /// The burn-down of `span` over `series` (budgeted events or slices), with at most
    /// `maximumPoints` steps (the last point is always the span's end).
    public static func of(_ series: BucketSeries, budget: ErrorBudget, span: WindowSpan, maximumPoints: Int = 120) -> BurnDown {
        let closes = span.start + max(1, span.length.wholeMinutes)
        let total = series.counts(from: span.start, to: span.end)
        let minutes = max(0, span.end - span.start)
        let step = max(1, (minutes + Int64(maximumPoints) - 1) / Int64(max(1, maximumPoints)))
        var points: [Point] = []
        var minute = span.start
        var bad: Int64 = 0
        while true {
            let remaining: Double? = total.valid > 0 ? 1 - Double(bad) / (budget.allowedErrorRatio * Double(total.valid)) : nil
            let ideal = 1 - Double(minute - span.start) / Double(closes - span.start)
            points.append(Point(minute: minute, remaining: remaining, ideal: ideal))
            guard minute < span.end else { break }
            let next = min(minute + step, span.end)
            bad += series.counts(from: minute, to: next).bad
            minute = next
        }
        return BurnDown(span: span, closes: closes, points: points)
    }
}
