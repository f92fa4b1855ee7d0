/// The life of one alert (an SLO's tier): `inactive → pending → firing → resolved`.
public enum AlertState: String, Hashable, Sendable, CaseIterable {
    /// The condition does not hold.
    case inactive
    /// The condition holds, but not yet for the alert's `for` duration.
    case pending
    /// The condition has held long enough: a human (or a ticket) is needed.
    case firing
    /// It was firing and has stopped; kept until the condition holds again.
    case resolved
}

/// An alert's state and since when it has been in it.
public struct AlertStatus: Hashable, Sendable {
    public var state: AlertState
    /// When the current state began.
    public var since: EpochMinute
    /// When the condition began to hold (for pending/firing), to measure `for`.
    public var activeSince: EpochMinute?

    public init(state: AlertState = .inactive, since: EpochMinute, activeSince: EpochMinute? = nil) {
        self.state = state
        self.since = since
        self.activeSince = activeSince
    }
}

/// Decides alert state transitions from one evaluation to the next. Pure.
public enum AlertStateMachine {
    /// The status after an evaluation at `minute` found the condition `holds` (or not),
    /// for an alert that must hold for `holdFor` before it fires.
    /// - Returns: the new status, and whether the state changed.
    public static func next(_ current: AlertStatus, holds: Bool, at minute: EpochMinute, holdFor: Duration = .zero) -> (status: AlertStatus, changed: Bool) {
        switch (current.state, holds) {
        case (.inactive, true), (.resolved, true):
            let firesNow = holdFor <= .zero
            return (AlertStatus(state: firesNow ? .firing : .pending, since: minute, activeSince: minute), true)
        case (.pending, true):
            let activeSince = current.activeSince ?? current.since
            if minute - activeSince >= holdFor.wholeMinutes {
                return (AlertStatus(state: .firing, since: minute, activeSince: activeSince), true)
            }
            return (current, false)
        case (.firing, true):
            return (current, false)
        case (.pending, false):
            return (AlertStatus(state: .inactive, since: minute), true)
        case (.firing, false):
            return (AlertStatus(state: .resolved, since: minute), true)
        case (.inactive, false), (.resolved, false):
            return (current, false)
        }
    }
}
