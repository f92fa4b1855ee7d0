/// The three outputs of monitoring (SRE book, ch. 6). Software, not people, decides which.
public enum NotificationClass: String, Hashable, Sendable, Comparable, CaseIterable, Codable {
    /// Recorded only; nobody needs to look now.
    case log
    /// A human must act within days.
    case ticket
    /// A human must act now (a page).
    case alert

    private var rank: Int {
        switch self {
        case .log: 0
        case .ticket: 1
        case .alert: 2
        }
    }

    public static func < (lhs: NotificationClass, rhs: NotificationClass) -> Bool { lhs.rank < rhs.rank }
}

/// The severity a burn-rate tier is configured with.
public enum TierSeverity: String, Hashable, Sendable, CaseIterable {
    /// Pages a human: class `alert`.
    case page
    /// Opens a ticket: class `ticket`.
    case ticket

    /// The monitoring output this severity produces.
    public var notificationClass: NotificationClass {
        switch self {
        case .page: .alert
        case .ticket: .ticket
        }
    }
}
