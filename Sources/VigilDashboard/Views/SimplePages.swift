import Foundation
import VigilCore

/// `/changes`: deploys and configuration changes, newest first.
public struct ChangesPage: DashboardPage {
    public static let template = "changes"

    /// One change as recorded.
    public struct Input: Sendable {
        public let time: Date
        public let service: String
        public let version: String?
        public let author: String?
        public let link: String?
        public let description: String?
        /// `rollback` or `config` where not a deploy; the rollout stage (`10%`).
        public let kind: String?
        public let stage: String?

        public init(
            time: Date, service: String, version: String?, author: String?, link: String?, description: String?, kind: String? = nil, stage: String? = nil
        ) {
            self.kind = kind
            self.stage = stage
            self.time = time
            self.service = service
            self.version = version
            self.author = author
            self.link = link
            self.description = description
        }
    }

    struct Row: Sendable {
        let time: String
        let service: String
        let version: String
        let author: String
        let link: String?
        let description: String
        /// The version's deployment page.
        let deployment: String?
    }

    let chrome: PageChrome
    let rows: [Row]

    public init(changes: [Input], now: Date, display: TimeDisplay, signedIn: Bool = false) {
        chrome = PageChrome(title: "Changes", path: "/changes", display: display, generatedAt: now, signedIn: signedIn)
        rows = changes.map {
            Row(
                time: display.minute($0.time), service: $0.service,
                version: ($0.version ?? "—") + ($0.stage.map { " at \($0)" } ?? "") + ($0.kind.map { " (\($0))" } ?? ""), author: $0.author ?? "—",
                link: $0.link.flatMap { ["http", "https"].contains(URL(string: $0)?.scheme ?? "") ? $0 : nil },
                description: $0.description ?? $0.version ?? "change",
                deployment: $0.version.map { [service = $0.service] version in
                    "/deployments/\(service)/\(TimeDisplay.encodeComponent(version))" + display.query
                })
        }
    }
}

/// `/reports/weekly`: the weekly report (the same document as `vigil report weekly`).
public struct WeeklyPage: DashboardPage {
    public static let template = "weekly"

    let chrome: PageChrome
    let reportHTML: String
    let previous: String?
    let next: String?

    /// - Parameters:
    ///   - reportHTML: the report's HTML fragment (escaped by its renderer).
    ///   - previous: the Monday of the week before; `next`, of the week after (none for
    ///     the current week).
    public init(reportHTML: String, week: String?, previous: Date, next: Date?, now: Date, display: TimeDisplay, signedIn: Bool = false) {
        chrome = PageChrome(
            title: "Weekly report", path: "/reports/weekly", display: display, keep: week.map { [("week", $0)] } ?? [], generatedAt: now, signedIn: signedIn)
        self.reportHTML = reportHTML
        func link(_ date: Date) -> String { "/reports/weekly?week=\(RFC3339.format(date).prefix(10))" + display.extraQuery }
        self.previous = link(previous)
        self.next = next.map(link)
    }
}

/// `/login`: the form that keeps a read token in a cookie.
public struct LoginPage: DashboardPage {
    public static let template = "login"

    let chrome: PageChrome
    let next: String
    let problem: String?

    public init(next: String, problem: String?, now: Date) {
        chrome = PageChrome(title: "Sign in", path: "/login", display: .utc, generatedAt: now)
        self.next = next
        self.problem = problem
    }
}

/// A page that could not be shown: what went wrong, in words.
public struct ErrorPage: DashboardPage {
    public static let template = "error"

    let chrome: PageChrome
    let heading: String
    let message: String

    public init(status: Int, message: String, now: Date, display: TimeDisplay = .utc) {
        chrome = PageChrome(title: "Error \(status)", path: "", display: display, generatedAt: now)
        heading =
            switch status {
            case 404: "Not found"
            case 400: "That request did not make sense"
            default: "Something went wrong"
            }
        self.message = message
    }
}
