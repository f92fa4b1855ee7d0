/// Per-minute good/valid counts for one SLI, laid out so that the counts of *any* window
/// come from two look-ups (O(1)), however long the window.
///
/// The layout is a two-level prefix sum. Minutes are grouped in blocks of one hour; each
/// block keeps the cumulative totals of every block before it (`Int64`), and each minute
/// keeps the cumulative totals since the start of its own block. The in-block totals fit
/// in 32 bits for any service under ~1.2 million events per second, which halves memory
/// against one flat 64-bit prefix sum (a 30-day series is ~340 KiB instead of ~690 KiB);
/// a block that would overflow switches the series to 64-bit storage, so no count is ever
/// clipped. The split also bounds the cost of a late event: it touches at most the rest of
/// its hour and one total per later hour, not every later minute. Appending in time order
/// costs O(1) per minute.
public struct BucketSeries: Sendable {
    /// Minutes per block.
    public static let blockLength = 60

    /// The first minute the series can hold (aligned to a block).
    public private(set) var firstMinute: EpochMinute
    /// Cumulative (good, valid) before each block, interleaved: `[g0, v0, g1, v1, …]`.
    /// One pair per block up to the one holding the last filled minute.
    private var blockTotals: [Int64] = []
    /// Cumulative (good, valid) from the block's start through each minute, interleaved.
    /// Entries past `filledThrough` are not yet meaningful.
    private var offsets: Offsets = .narrow([])
    /// Index of the last minute whose offsets are filled in, or -1.
    private var filledThrough = -1

    private enum Offsets: Sendable {
        case narrow([UInt32])
        case wide([Int64])

        /// Mutates whichever array is held, keeping it uniquely referenced meanwhile so
        /// the change happens in place rather than on a copy.
        mutating func modify(narrow: (inout [UInt32]) -> Void, wide: (inout [Int64]) -> Void) {
            switch self {
            case .narrow(var values):
                self = .narrow([])
                narrow(&values)
                self = .narrow(values)
            case .wide(var values):
                self = .wide([])
                wide(&values)
                self = .wide(values)
            }
        }
    }

    /// An empty series able to hold minutes from `start` on (rounded down to its hour).
    public init(startingAt start: EpochMinute) {
        firstMinute = Self.blockStart(of: start)
    }

    /// One past the last minute that holds data (or lies between minutes that do).
    public var endMinute: EpochMinute { firstMinute + EpochMinute(filledThrough + 1) }

    /// Whether the series uses 64-bit in-block totals (after a very busy hour).
    public var isWide: Bool { if case .wide = offsets { true } else { false } }

    private static func blockStart(of minute: EpochMinute) -> EpochMinute {
        let length = EpochMinute(blockLength)
        return minute >= 0 ? minute / length * length : ((minute - length + 1) / length) * length
    }

    /// Adds counts to one minute. Minutes before `firstMinute` are refused (the caller
    /// decides whether they are too old); later minutes grow the series.
    /// - Returns: `false` when the minute lies before the series.
    @discardableResult
    public mutating func record(_ counts: EventCounts, at minute: EpochMinute) -> Bool {
        guard minute >= firstMinute else { return false }
        if counts == .zero { return true }
        let index = Int(minute - firstMinute)
        if index > filledThrough { fill(through: index) }
        let block = index / Self.blockLength
        let blockEnd = min((block + 1) * Self.blockLength, filledThrough + 1)
        if case .narrow(let values) = offsets {
            // The block's largest in-block total sits at its last filled minute.
            let fits = Int64(values[2 * (blockEnd - 1) + 1]) + counts.valid <= Int64(UInt32.max)
            if !fits || counts.good < 0 || counts.valid < 0 { widen() }
        }
        offsets.modify(
            narrow: { Self.add(counts, to: &$0, over: index..<blockEnd) },
            wide: { Self.add(counts, to: &$0, over: index..<blockEnd) })
        let lastBlock = blockTotals.count / 2 - 1
        if block < lastBlock {
            for b in (block + 1)...lastBlock {
                blockTotals[2 * b] += counts.good
                blockTotals[2 * b + 1] += counts.valid
            }
        }
        return true
    }

    /// Counts of the minutes in `[from, to)`; minutes outside the series count zero.
    @inline(__always)
    public func counts(from: EpochMinute, to: EpochMinute) -> EventCounts {
        guard to > from else { return .zero }
        return cumulative(before: to) - cumulative(before: from)
    }

    /// Counts of the `length` minutes that end just before `end`.
    @inline(__always)
    public func counts(endingBefore end: EpochMinute, minutes length: Int64) -> EventCounts {
        counts(from: end - length, to: end)
    }

    /// Counts recorded in one minute.
    public func counts(at minute: EpochMinute) -> EventCounts {
        counts(from: minute, to: minute + 1)
    }

    /// Totals of every minute before `minute`.
    @inline(__always)
    func cumulative(before minute: EpochMinute) -> EventCounts {
        if minute <= firstMinute || filledThrough < 0 { return .zero }
        let index = min(Int(minute - firstMinute) - 1, filledThrough)
        let block = index / Self.blockLength
        let baseGood = blockTotals[2 * block]
        let baseValid = blockTotals[2 * block + 1]
        switch offsets {
        case .narrow(let values):
            return EventCounts(good: baseGood + Int64(values[2 * index]), valid: baseValid + Int64(values[2 * index + 1]))
        case .wide(let values):
            return EventCounts(good: baseGood + values[2 * index], valid: baseValid + values[2 * index + 1])
        }
    }

    /// Forgets whole hours that end at or before `minute`, e.g. data older than the
    /// compliance window. Later sums are unchanged.
    public mutating func discard(before minute: EpochMinute) {
        let requested = Int((Self.blockStart(of: minute) - firstMinute) / EpochMinute(Self.blockLength))
        guard requested > 0 else { return }
        let filledBlocks = blockTotals.count / 2
        guard requested < filledBlocks else {
            self = BucketSeries(startingAt: firstMinute + EpochMinute(requested * Self.blockLength))
            return
        }
        let minutes = requested * Self.blockLength
        blockTotals.removeFirst(2 * requested)
        offsets.modify(narrow: { $0.removeFirst(2 * minutes) }, wide: { $0.removeFirst(2 * minutes) })
        filledThrough -= minutes
        firstMinute += EpochMinute(minutes)
    }

    /// Reserves storage for the minutes up to `end` (exclusive), e.g. a whole compliance
    /// window before a bulk load.
    public mutating func reserve(through end: EpochMinute) {
        let minutes = Int(max(0, end - firstMinute))
        blockTotals.reserveCapacity(2 * (minutes / Self.blockLength + 1))
        offsets.modify(narrow: { $0.reserveCapacity(2 * minutes) }, wide: { $0.reserveCapacity(2 * minutes) })
    }

    /// Extends the filled range to `index`: each new minute starts with the total of the
    /// minute before it in its block, and each new block records the totals before it.
    private mutating func fill(through index: Int) {
        let from = filledThrough + 1
        var totals = blockTotals
        blockTotals = []
        offsets.modify(
            narrow: { Self.fill(&$0, blockTotals: &totals, from: from, through: index) },
            wide: { Self.fill(&$0, blockTotals: &totals, from: from, through: index) })
        blockTotals = totals
        filledThrough = index
    }

    /// Adds `counts` to the in-block totals of the minutes in `range`. Narrow storage
    /// wraps on purpose: `record` widens first whenever a total would not fit.
    private static func add<Word: FixedWidthInteger>(_ counts: EventCounts, to values: inout [Word], over range: Range<Int>) {
        let good = Word(truncatingIfNeeded: counts.good)
        let valid = Word(truncatingIfNeeded: counts.valid)
        for i in range {
            values[2 * i] &+= good
            values[2 * i + 1] &+= valid
        }
    }

    private static func fill<Word: FixedWidthInteger>(_ values: inout [Word], blockTotals: inout [Int64], from: Int, through index: Int) {
        if values.count < 2 * (index + 1) {
            let blocks = (index + 1 + blockLength - 1) / blockLength
            values.append(contentsOf: repeatElement(0, count: 2 * blocks * blockLength - values.count))
        }
        for i in from...index {
            if i % blockLength == 0 {
                var carryGood: Int64 = 0
                var carryValid: Int64 = 0
                if i > 0 {
                    let previous = (i / blockLength - 1) * 2
                    carryGood = blockTotals[previous] + Int64(values[2 * (i - 1)])
                    carryValid = blockTotals[previous + 1] + Int64(values[2 * (i - 1) + 1])
                }
                blockTotals.append(carryGood)
                blockTotals.append(carryValid)
                values[2 * i] = 0
                values[2 * i + 1] = 0
            } else {
                values[2 * i] = values[2 * (i - 1)]
                values[2 * i + 1] = values[2 * (i - 1) + 1]
            }
        }
    }

    private mutating func widen() {
        guard case .narrow(let values) = offsets else { return }
        offsets = .wide(values.map { Int64($0) })
    }
}
