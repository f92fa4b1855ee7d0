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
/// its hour and one total per later hour, not every later minute.
public struct BucketSeries: Sendable {
    /// Minutes per block.
    public static let blockLength = 60

    /// The first minute the series can hold (aligned to a block).
    public private(set) var firstMinute: EpochMinute
    /// Cumulative (good, valid) before each block, interleaved: `[g0, v0, g1, v1, …]`.
    private var blockTotals: [Int64] = []
    /// Cumulative (good, valid) from the block's start through each minute, interleaved.
    private var offsets: Offsets = .narrow([])

    private enum Offsets: Sendable {
        case narrow([UInt32])
        case wide([Int64])
    }

    /// An empty series able to hold minutes from `start` on (rounded down to its hour).
    public init(startingAt start: EpochMinute) {
        firstMinute = Self.blockStart(of: start)
    }

    /// One past the last minute the series has storage for.
    public var endMinute: EpochMinute { firstMinute + EpochMinute(blockCount * Self.blockLength) }

    /// Whether the series uses 64-bit in-block totals (after a very busy hour).
    public var isWide: Bool { if case .wide = offsets { true } else { false } }

    private var blockCount: Int { blockTotals.count / 2 }

    private static func blockStart(of minute: EpochMinute) -> EpochMinute {
        let length = EpochMinute(blockLength)
        return minute >= 0 ? minute / length * length : ((minute - length + 1) / length) * length
    }

    /// Adds counts to one minute. Minutes before `firstMinute` are refused (the caller
    /// decides whether they are too old); minutes past the end grow the series.
    /// - Returns: `false` when the minute lies before the series.
    @discardableResult
    public mutating func record(_ counts: EventCounts, at minute: EpochMinute) -> Bool {
        guard minute >= firstMinute else { return false }
        if counts == .zero { return true }
        grow(toInclude: minute)
        let index = Int(minute - firstMinute)
        let block = index / Self.blockLength
        let blockEnd = (block + 1) * Self.blockLength
        if case .narrow(let values) = offsets {
            let last = 2 * (blockEnd - 1)
            let fits = Int64(values[last]) + counts.valid <= Int64(UInt32.max)
            if !fits || counts.good < 0 || counts.valid < 0 { widen() }
        }
        switch offsets {
        case .narrow(var values):
            offsets = .narrow([])  // keep the array uniquely referenced while mutating
            let good = UInt32(counts.good), valid = UInt32(counts.valid)
            for i in index..<blockEnd {
                values[2 * i] &+= good
                values[2 * i + 1] &+= valid
            }
            offsets = .narrow(values)
        case .wide(var values):
            offsets = .wide([])
            for i in index..<blockEnd {
                values[2 * i] += counts.good
                values[2 * i + 1] += counts.valid
            }
            offsets = .wide(values)
        }
        for b in (block + 1)..<max(block + 1, blockCount) {
            blockTotals[2 * b] += counts.good
            blockTotals[2 * b + 1] += counts.valid
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
        if minute <= firstMinute || blockTotals.isEmpty { return .zero }
        let index = Int(min(minute, endMinute) - firstMinute) - 1
        let block = index / Self.blockLength
        let baseGood = blockTotals[2 * block], baseValid = blockTotals[2 * block + 1]
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
        let drop = min(blockCount, Int((Self.blockStart(of: minute) - firstMinute) / EpochMinute(Self.blockLength)))
        guard drop > 0 else { return }
        blockTotals.removeFirst(2 * drop)
        switch offsets {
        case .narrow(var values):
            offsets = .narrow([])
            values.removeFirst(2 * drop * Self.blockLength)
            offsets = .narrow(values)
        case .wide(var values):
            offsets = .wide([])
            values.removeFirst(2 * drop * Self.blockLength)
            offsets = .wide(values)
        }
        firstMinute += EpochMinute(drop * Self.blockLength)
    }

    /// Reserves storage for the minutes up to `end` (exclusive), e.g. a whole compliance
    /// window before a bulk load.
    public mutating func reserve(through end: EpochMinute) {
        if end > firstMinute { grow(toInclude: end - 1) }
    }

    private mutating func grow(toInclude minute: EpochMinute) {
        while minute >= endMinute {
            let previous = blockCount - 1
            var carry = EventCounts.zero
            if previous >= 0 {
                let lastIndex = (previous + 1) * Self.blockLength - 1
                carry = EventCounts(good: blockTotals[2 * previous], valid: blockTotals[2 * previous + 1])
                    + offset(at: lastIndex)
            }
            blockTotals.append(carry.good)
            blockTotals.append(carry.valid)
            switch offsets {
            case .narrow(var values):
                offsets = .narrow([])
                values.append(contentsOf: repeatElement(0, count: 2 * Self.blockLength))
                offsets = .narrow(values)
            case .wide(var values):
                offsets = .wide([])
                values.append(contentsOf: repeatElement(0, count: 2 * Self.blockLength))
                offsets = .wide(values)
            }
        }
    }

    private func offset(at index: Int) -> EventCounts {
        switch offsets {
        case .narrow(let values): EventCounts(good: Int64(values[2 * index]), valid: Int64(values[2 * index + 1]))
        case .wide(let values): EventCounts(good: values[2 * index], valid: values[2 * index + 1])
        }
    }

    private mutating func widen() {
        guard case .narrow(let values) = offsets else { return }
        offsets = .wide(values.map { Int64($0) })
    }
}
