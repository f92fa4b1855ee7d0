import Foundation
import VigilConfig
import VigilCore
import VigilReports

/// `/slos/{name}`: one SLO's figures, its burn-down and SLI charts with change and
/// incident markers, the burn of each alert window and its alert history.
public struct SLOPage: DashboardPage {
    public static let template = "slo"

    /// One step of the SLI series (the API's `series.points`).
    public struct Step: Sendable {
        public let start: EpochMinute
        public let counts: EventCounts

        public init(start: EpochMinute, counts: EventCounts) {
            self.start = start
            self.counts = counts
        }
    }

    /// A change or an incident drawn on the charts.
    public struct Mark: Sendable {
        public let time: Date
        public let kind: SVGChart.Marker.Kind
        public let label: String
        public let href: String?

        public init(time: Date, kind: SVGChart.Marker.Kind, label: String, href: String? = nil) {
            self.time = time
            self.kind = kind
            self.label = label
            self.href = href
        }
    }

    /// An alert state change.
    public struct Transition: Sendable {
        public let minute: EpochMinute
        public let tier: String
        public let state: AlertState

        public init(minute: EpochMinute, tier: String, state: AlertState) {
            self.minute = minute
            self.tier = tier
            self.state = state
        }
    }

    /// A time range the SLI chart offers (`?range=7d`).
    public struct RangeChoice: Sendable {
        public let label: String
        public let minutes: Int64

        public init(label: String, minutes: Int64) {
            self.label = label
            self.minutes = minutes
        }
    }

    struct Row: Sendable {
        let time: String
        let value: String
        let ideal: String?
        let good: String?
        let valid: String?
    }

    struct TierRow: Sendable {
        let name: String
        let severity: String
        let windows: String
        let factor: String
        let long: String
        let short: String
        let state: String
        let css: String
    }

    struct HistoryLine: Sendable {
        let time: String
        let tier: String
        let state: String
    }

    struct MarkLine: Sendable {
        let time: String
        let kind: String
        let css: String
        let label: String
        let href: String?
    }

    struct RangeLink: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    let chrome: PageChrome
    let name: String
    let service: String
    let description: String?
    /// The service's release policy and its step, in words (`nil` without a policy).
    let release: String?
    let words: String
    let css: String
    let sli: String
    let target: String
    let window: String
    let budget: String
    let good: String
    let valid: String
    let burn: String
    let exhaustion: String
    let notes: [String]
    let windowStart: String
    let windowCloses: String
    let burnDownSVG: String
    let burnDownRows: [Row]
    let rangeLabel: String
    let ranges: [RangeLink]
    let sliSVG: String
    let sliRows: [Row]
    let tiers: [TierRow]
    let history: [HistoryLine]
    let markers: [MarkLine]

    /// - Parameters:
    ///   - steps: the SLI per step over the chosen range (as the API's detail series).
    ///   - burnDown: the burn-down of the current compliance window.
    ///   - range: the chosen range, one of `ranges`.
    public init(
        entry: SLOReport.Entry, steps: [Step], stepMinutes: Int64, burnDown: BurnDown, history: [Transition], marks: [Mark],
        range: RangeChoice, ranges: [RangeChoice], display: TimeDisplay, signedIn: Bool = false, refresh: Int? = nil, release: String? = nil
    ) {
        self.release = release
        let slo = entry.spec.objective
        let status = entry.status
        let keep = [("range", range.label)] + Self.groupQuery(entry)
        chrome = PageChrome(
            title: entry.name, path: "/", display: display, keep: keep, refresh: refresh,
            generatedAt: Date(epochMinute: burnDown.span.end), signedIn: signedIn)
        name = entry.name
        service = slo.service
        description = slo.description
        (words, css) = Figures.state(status)
        sli = Figures.percent(status?.sli, digits: 4)
        target = Formatting.objective(slo.objective)
        window = slo.window.description
        budget = Figures.percent(status?.budgetRemaining, digits: 1)
        good = Formatting.count(status?.counts.good ?? 0)
        valid = Formatting.count(status?.counts.valid ?? 0)
        burn = status.map { "\(Formatting.burn($0.currentBurn.rate)) over \($0.currentBurn.window.compactDescription)" } ?? "no data"
        exhaustion = Figures.exhaustion(status?.timeToExhaustion)
        notes = entry.notes
        windowStart = display.minute(Date(epochMinute: burnDown.span.start))
        windowCloses = display.minute(Date(epochMinute: burnDown.closes))

        let chartMarks = marks.map { SVGChart.Marker(time: $0.time, kind: $0.kind, label: "\($0.kind.rawValue): \($0.label)") }
        let percent: @Sendable (Double) -> String = { Formatting.percent($0, digits: 1) }
        var burnChart = SVGChart(
            title: "Error budget remaining of \(entry.name)",
            points: burnDown.points.map { SVGChart.Point(time: Date(epochMinute: $0.minute), value: $0.remaining) },
            references: [
                SVGChart.Reference(
                    label: "even spending: 100% at the window's start, 0% when it closes",
                    from: SVGChart.Point(time: Date(epochMinute: burnDown.span.start), value: 1),
                    to: SVGChart.Point(time: Date(epochMinute: burnDown.closes), value: 0))
            ],
            markers: chartMarks,
            yRange: min(0, burnDown.points.compactMap(\.remaining).min() ?? 0)...1, format: percent)
        burnChart.timeZone = display.zone
        burnDownSVG = burnChart.svg
        burnDownRows = burnDown.points.map {
            Row(
                time: display.minute(Date(epochMinute: $0.minute)), value: Figures.percent($0.remaining, digits: 2),
                ideal: Formatting.percent($0.ideal, digits: 1), good: nil, valid: nil)
        }

        rangeLabel = range.label
        let base = "/slos/\(TimeDisplay.encode(slo.name))?"
        let groupQuery = Self.groupQuery(entry).map { "&\($0.0)=\(TimeDisplay.encode($0.1))" }.joined()
        self.ranges = ranges.map {
            RangeLink(label: $0.label, href: base + "range=\($0.label)" + groupQuery + display.extraQuery, current: $0.label == range.label)
        }
        let ratios = steps.compactMap(\.counts.ratio)
        // Show the SLI against the target: the y axis reaches down to whichever is lower.
        let low = min(ratios.min() ?? slo.objective, slo.objective)
        let floor = Self.axisFloor(low)
        var sliChart = SVGChart(
            title: "SLI of \(entry.name) by \(Duration.seconds(Double(stepMinutes * 60)).compactDescription)",
            points: steps.map { SVGChart.Point(time: Date(epochMinute: $0.start), value: $0.counts.ratio) },
            references: steps.isEmpty
                ? []
                : [
                    SVGChart.Reference(
                        label: "target \(target)",
                        from: SVGChart.Point(time: Date(epochMinute: steps[0].start), value: slo.objective),
                        to: SVGChart.Point(time: Date(epochMinute: steps[steps.count - 1].start), value: slo.objective))
                ],
            markers: chartMarks, yRange: floor...1, format: { Formatting.percent($0, digits: 2) })
        sliChart.timeZone = display.zone
        sliSVG = sliChart.svg
        sliRows = steps.map {
            Row(
                time: display.minute(Date(epochMinute: $0.start)), value: Figures.percent($0.counts.ratio, digits: 3), ideal: nil,
                good: Formatting.count($0.counts.good), valid: Formatting.count($0.counts.valid))
        }

        tiers = (status?.tiers ?? []).map { tier in
            let (state, css): (String, String) =
                switch tier.state {
                case .firing: ("Firing", "crit")
                case .quiet: ("Quiet", "ok")
                case .heldBack(let required, let observed): ("Held back: \(observed) of \(required) events", "none")
                case .noData: ("No data", "none")
                }
            return TierRow(
                name: tier.tier.name, severity: tier.tier.severity.rawValue,
                windows: "\(tier.tier.longWindow.compactDescription) and \(tier.tier.shortWindow.compactDescription)",
                factor: Formatting.burn(tier.tier.factor), long: Formatting.burn(tier.long.rate), short: Formatting.burn(tier.short.rate),
                state: state, css: css)
        }
        self.history = history.map { HistoryLine(time: display.minute(Date(epochMinute: $0.minute)), tier: $0.tier, state: $0.state.rawValue) }
        markers = marks.sorted { $0.time > $1.time }.map {
            MarkLine(time: display.minute($0.time), kind: $0.kind.rawValue, css: $0.kind == .incident ? "crit" : "warn", label: $0.label, href: $0.href)
        }
    }

    /// A round lower end for an SLI axis that shows `low` with some room below it: one
    /// minus the smallest of 1, 2 or 4 × 10^k that covers 1.25 × the shortfall, so the
    /// quarter ticks are round too (0.92 → 90 %, 0.9991 → 99.8 %).
    static func axisFloor(_ low: Double) -> Double {
        let gap = max(1 - low, 1e-6) * 1.25
        let decade = pow(10, log10(gap).rounded(.down))
        let span = [1.0, 2, 4, 10].map { $0 * decade }.first { $0 >= gap * (1 - 1e-9) } ?? 10 * decade
        return max(0, 1 - span)
    }

    /// `group.<label>=value` (or `group=other`) naming a grouped SLO's instance.
    static func groupQuery(_ entry: SLOReport.Entry) -> [(String, String)] {
        switch entry.instance.group {
        case .values(let values): zip(entry.spec.objective.grouping?.labels ?? [], values).map { ("group.\($0)", $1) }
        case .overflow: [("group", "other")]
        case nil: []
        }
    }
}
