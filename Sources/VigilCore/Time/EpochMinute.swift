import Foundation

/// Minutes since 1970-01-01T00:00:00Z. Vigil stores and evaluates signals per minute, so a
/// minute index is the unit of time inside the core; `Date` appears only at the edges.
public typealias EpochMinute = Int64

extension Date {
    /// The minute this instant falls in (floored, so 12:00:59 is minute 12:00).
    public var epochMinute: EpochMinute {
        EpochMinute((timeIntervalSince1970 / 60).rounded(.down))
    }

    /// The instant at which an epoch minute begins.
    public init(epochMinute: EpochMinute) {
        self.init(timeIntervalSince1970: TimeInterval(epochMinute) * 60)
    }
}
