import Foundation
import VigilCore

/// `/alerts`: SLO alerts pending or firing, active silences and recent state changes.
public struct AlertsPage: DashboardPage {
    public static let template = "alerts"

    /// An alert state change (the store's transitions).
    public struct Change: Sendable {
        public let slo: String
        public let tier: String
        public let state: AlertState
        public let minute: EpochMinute

        public init(slo: String, tier: String, state: AlertState, minute: EpochMinute) {
            self.slo = slo
            self.tier = tier
            self.state = state
            self.minute = minute
        }
    }

    struct ActiveLine: Sendable {
        let slo: String
        let href: String
        let tier: String
        let state: String
        let css: String
        let since: String
    }

    struct SilenceLine: Sendable {
        let matchers: String
        let ends: String
        let author: String
        let comment: String
    }

    struct HistoryLine: Sendable {
        let time: String
        let slo: String
        let href: String
        let tier: String
        let state: String
    }

    let chrome: PageChrome
    let active: [ActiveLine]
    let silences: [SilenceLine]
    let history: [HistoryLine]
    let escalations: [EscalationLine]

    public init(
        active: [ActiveAlert], silences: [Silence], history: [Change], escalations: [EscalationLine] = [], now: Date, display: TimeDisplay,
        signedIn: Bool = false, refresh: Int? = nil
    ) {
        self.escalations = escalations
        chrome = PageChrome(title: "Alerts", path: "/alerts", display: display, refresh: refresh, generatedAt: now, signedIn: signedIn)
        // An instance name (`slo{route="/x"}`) links to its SLO's page.
        func href(_ instance: String) -> String {
            Paths.slo(named: String(instance.prefix { $0 != "{" }), display: display)
        }
        self.active = active.map {
            ActiveLine(
                slo: $0.slo, href: href($0.slo), tier: $0.tier, state: $0.status.state == .firing ? "Firing" : "Pending",
                css: $0.status.state == .firing ? "crit" : "warn",
                since: display.minute(Date(epochMinute: $0.status.activeSince ?? $0.status.since)))
        }
        self.silences = silences.map {
            SilenceLine(
                matchers: $0.matchers.map(\.description).joined(separator: ", "), ends: display.minute($0.endsAt),
                author: $0.createdBy, comment: $0.comment)
        }
        self.history = history.map {
            HistoryLine(time: display.minute(Date(epochMinute: $0.minute)), slo: $0.slo, href: href($0.slo), tier: $0.tier, state: $0.state.rawValue)
        }
    }
}
