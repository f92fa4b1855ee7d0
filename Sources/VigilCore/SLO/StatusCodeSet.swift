/// A set of response status codes, written as classes (`5xx`), single codes (`429`) or
/// ranges (`500-504`): which statuses a ratio SLI counts as errors.
public struct StatusCodeSet: Hashable, Sendable, CustomStringConvertible {
    /// The ranges, as written.
    public let ranges: [ClosedRange<Int>]

    public init(ranges: [ClosedRange<Int>]) {
        self.ranges = ranges
    }

    /// Server errors, `5xx`: what an availability SLI usually counts as bad.
    public static let serverErrors = StatusCodeSet(ranges: [500...599])

    /// Whether `status` is in the set.
    public func contains(_ status: Int) -> Bool {
        ranges.contains { $0.contains(status) }
    }

    /// Parses one entry: `5xx`, `429` or `500-504`; `nil` when it is none of these.
    public static func range(parsing text: String) -> ClosedRange<Int>? {
        let lowered = text.lowercased()
        if lowered.count == 3, lowered.hasSuffix("xx"), let digit = Int(lowered.prefix(1)), (1...5).contains(digit) {
            return digit * 100...digit * 100 + 99
        }
        let bounds = lowered.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!),
            (100...599).contains(low), (100...599).contains(high), low <= high
        else { return nil }
        return low...high
    }

    public var description: String {
        ranges.map { range in
            if range.lowerBound % 100 == 0 && range.upperBound == range.lowerBound + 99 { return "\(range.lowerBound / 100)xx" }
            return range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
        }.joined(separator: ", ")
    }
}
