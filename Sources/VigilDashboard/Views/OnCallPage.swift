import Foundation
import VigilCore
import VigilReports

/// `/oncall`: for every schedule who is on now and next, the next 14 days as a timeline
/// (gaps red, overrides marked), its overrides, gap and balance warnings and its iCal
/// feed; the open escalations with their progress.
public struct OnCallPage: DashboardPage {
    public static let template = "oncall"

    /// One schedule as the page shows it.
    public struct ScheduleInput: Sendable {
        public let outlook: ScheduleOutlook
        public let timeZone: TimeZone
        public let overrides: [ScheduleOverride]
        public let feedURL: String?

        public init(outlook: ScheduleOutlook, timeZone: TimeZone, overrides: [ScheduleOverride], feedURL: String?) {
            self.outlook = outlook
            self.timeZone = timeZone
            self.overrides = overrides
            self.feedURL = feedURL
        }
    }

    struct ScheduleLine: Sendable {
        let name: String
        let zone: String
        let now: String
        let nowCSS: String
        let until: String
        let next: String
        let hours: String
        let feed: String?
        let overrides: [String]
    }

    struct Legend: Sendable {
        let person: String
        let colour: String
    }

    struct PersonFeed: Sendable {
        let name: String
        let url: String
    }

    let chrome: PageChrome
    let schedules: [ScheduleLine]
    let timeline: String
    let legend: [Legend]
    let warnings: [String]
    let escalations: [EscalationLine]
    let feeds: [PersonFeed]

    public init(
        schedules: [ScheduleInput], personFeeds: [(name: String, url: String)], escalations: [EscalationLine], now: Date, display: TimeDisplay,
        signedIn: Bool = false, refresh: Int? = nil
    ) {
        chrome = PageChrome(title: "On call", path: "/oncall", display: display, refresh: refresh, generatedAt: now, signedIn: signedIn)
        self.schedules = schedules.map { input in
            let outlook = input.outlook
            let hours = outlook.hours.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value.rounded())) h" }.joined(separator: ", ")
            return ScheduleLine(
                name: outlook.schedule, zone: input.timeZone.identifier,
                now: outlook.onCall.isEmpty ? "Nobody (a gap)" : outlook.onCall.joined(separator: ", "), nowCSS: outlook.onCall.isEmpty ? "crit" : "ok",
                until: outlook.until.map(display.minute) ?? "—", next: outlook.next.isEmpty ? "nobody (a gap)" : outlook.next.joined(separator: ", "),
                hours: hours, feed: input.feedURL,
                overrides: input.overrides.filter { $0.cancelledAt == nil && $0.end > now }.map {
                    "\($0.summary): \(display.minute($0.start)) – \(display.minute($0.end))\($0.reason.map { " (\($0))" } ?? "") [\($0.id)]"
                })
        }
        let rows = schedules.map { OnCallTimeline.Row(name: $0.outlook.schedule, segments: $0.outlook.segments) }
        let end = now.addingTimeInterval(ScheduleOutlook.defaultHorizon)
        timeline = schedules.isEmpty ? "" : OnCallTimeline.svg(rows, from: now, to: end, display: display)
        legend = OnCallTimeline.legend(rows).map { Legend(person: $0.person, colour: $0.colour) }
        warnings = schedules.flatMap { $0.outlook.warnings }
        self.escalations = escalations
        feeds = personFeeds.map { PersonFeed(name: $0.name, url: $0.url) }
    }
}

/// An escalation as the alert and on-call pages show it.
public struct EscalationLine: Sendable {
    let id: String
    let policy: String
    let status: String
    let css: String
    let about: String
    let pages: [String]
    let next: String?

    public init(_ escalation: Escalation, stepCount: Int, display: TimeDisplay) {
        id = escalation.id
        policy = escalation.policy
        status = escalation.status.rawValue.capitalized
        css =
            switch escalation.status {
            case .active: "crit"
            case .exhausted: "warn"
            case .acknowledged: "ok"
            case .resolved: "none"
            }
        about = escalation.summaries.joined(separator: "; ")
        var pages = escalation.pages.map { page in
            let who = page.recipient?.description ?? "nobody on call in \(page.target)"
            return "\(display.minute(page.at)): step \(page.step + 1)\(page.round > 0 ? " (round \(page.round + 1))" : "") → \(who)"
        }
        if let by = escalation.acknowledgedBy, let at = escalation.acknowledgedAt { pages.append("\(display.minute(at)): acknowledged by \(by)") }
        if let ended = escalation.endedAt, escalation.status == .resolved {
            pages.append("\(display.minute(ended)): resolved\(escalation.resolvedBy.map { " by \($0)" } ?? "")")
        }
        self.pages = pages
        next =
            escalation.status == .active && !escalation.finalStepSent
            ? escalation.nextAt.map { "step \(escalation.step % max(stepCount, 1) + 1) at \(display.minute($0)) unless acknowledged" } : nil
    }
}
