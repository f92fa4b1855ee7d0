import Foundation

/// `/oncall/ack/<token>` and `/oncall/resolve/<token>`: what the page is about and one
/// button. A link preview or a mail scanner that only fetches the link acknowledges
/// nothing; the button posts the token back.
public struct PageLinkPage: DashboardPage {
    public static let template = "pagelink"

    let chrome: PageChrome
    let heading: String
    let lines: [String]
    /// Set when the link cannot be used (expired, altered, used).
    let problem: String?
    /// Set after the action: what happened.
    let outcome: String?
    let form: Form?

    struct Form: Sendable {
        let action: String
        let button: String
    }

    /// The question before the click.
    public init(asking heading: String, lines: [String], action: String, button: String, now: Date) {
        chrome = PageChrome(title: heading, path: "", display: .utc, generatedAt: now)
        self.heading = heading
        self.lines = lines
        problem = nil
        outcome = nil
        form = Form(action: action, button: button)
    }

    /// The answer: done, or why not.
    public init(heading: String, lines: [String], outcome: String?, problem: String?, now: Date) {
        chrome = PageChrome(title: heading, path: "", display: .utc, generatedAt: now)
        self.heading = heading
        self.lines = lines
        self.problem = problem
        self.outcome = outcome
        form = nil
    }
}
