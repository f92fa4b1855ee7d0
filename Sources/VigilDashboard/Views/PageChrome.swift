import Foundation

/// What every page's frame shows: the title, the navigation (only pages that exist), the
/// time-zone choice and the query values a form must keep.
public struct PageChrome: Sendable {
    public struct Link: Sendable {
        public let label: String
        public let href: String
        public let current: Bool
    }

    /// A query value a form keeps as a hidden field (the time zone when filtering).
    public struct Kept: Sendable {
        public let name: String
        public let value: String
    }

    public let title: String
    public let navigation: [Link]
    /// `UTC` or the zone's name, for the time-zone field.
    public let timeZone: String
    /// `?tz=…` or `""`, appended to links.
    public let query: String
    /// Hidden fields of the time-zone form (the page's other state).
    public let keep: [Kept]
    /// Seconds between reloads (`?refresh=30`), as a meta refresh: no script needed.
    public let refresh: Int?
    /// When the figures were computed, in the chosen zone.
    public let generatedAt: String
    /// Whether the viewer signed in with a cookie (offers "sign out").
    public let signedIn: Bool
    /// This page, reloading itself every 30 s.
    public let refreshHref: String

    /// The pages of the dashboard, in navigation order.
    public static let pages: [(label: String, path: String)] = [
        ("Overview", "/"), ("Probes", "/probes"), ("Alerts", "/alerts"), ("On call", "/oncall"), ("Incidents", "/incidents"),
        ("Changes", "/changes"), ("Weekly report", "/reports/weekly"),
    ]

    /// - Parameters:
    ///   - path: the current page's navigation path (`/incidents` for an incident too).
    ///   - keep: the page's own query values, kept when the time zone changes.
    public init(
        title: String, path: String, display: TimeDisplay, keep: [(String, String)] = [], refresh: Int? = nil,
        generatedAt: Date, signedIn: Bool = false
    ) {
        self.title = title
        navigation = Self.pages.map { Link(label: $0.label, href: $0.path + display.query, current: $0.path == path) }
        timeZone = display.parameter ?? "UTC"
        query = display.query
        self.keep = keep.map { Kept(name: $0.0, value: $0.1) }
        self.refresh = refresh
        self.generatedAt = display.minute(generatedAt)
        self.signedIn = signedIn
        let state = keep.map { "&\($0.0)=\(TimeDisplay.encode($0.1))" }.joined()
        refreshHref = "?refresh=30" + state + display.extraQuery
    }
}
