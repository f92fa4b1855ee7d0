import Foundation
import VigilCore
import VigilReports

/// `/probes`: each probe's state, a latency sparkline of its recent runs and its last
/// failure with the condition that failed and what was observed; probes of third-party
/// services are listed apart.
public struct ProbesPage: DashboardPage {
    public static let template = "probes"

    /// One probe as the server knows it.
    public struct Input: Sendable {
        public struct Failure: Sendable {
            public let time: Date
            public let failedConditions: [String]
            /// What the run saw: `status 503, 1,204 ms`.
            public let observed: String?
            public let error: String?

            public init(time: Date, failedConditions: [String], observed: String?, error: String?) {
                self.time = time
                self.failedConditions = failedConditions
                self.observed = observed
                self.error = error
            }
        }

        public let name: String
        public let service: String
        public let external: Bool
        public let kind: String
        public let target: String
        /// `up`, `down` or `unknown`.
        public let state: String
        public let since: Date?
        /// Latencies of the recent runs in milliseconds, oldest first; `nil` for a run
        /// without one.
        public let latencies: [Double?]
        public let lastFailure: Failure?

        public init(
            name: String, service: String, external: Bool, kind: String, target: String, state: String, since: Date?,
            latencies: [Double?], lastFailure: Failure?
        ) {
            self.name = name
            self.service = service
            self.external = external
            self.kind = kind
            self.target = target
            self.state = state
            self.since = since
            self.latencies = latencies
            self.lastFailure = lastFailure
        }
    }

    struct FailureLine: Sendable {
        let time: String
        let failed: [String]
        let observed: String?
        let error: String?
    }

    struct Row: Sendable {
        let name: String
        let service: String
        let kind: String
        let target: String
        let state: String
        let css: String
        let since: String?
        let sparkline: String
        let latency: String
        let failure: FailureLine?
    }

    struct Group: Sendable {
        let heading: String
        let probes: [Row]
    }

    let chrome: PageChrome
    let groups: [Group]

    public init(probes: [Input], now: Date, display: TimeDisplay, signedIn: Bool = false, refresh: Int? = nil) {
        chrome = PageChrome(title: "Probes", path: "/probes", display: display, refresh: refresh, generatedAt: now, signedIn: signedIn)
        func row(_ probe: Input) -> Row {
            let (state, css) =
                switch probe.state {
                case "up": ("Up", "ok")
                case "down": ("Down", "crit")
                default: ("Unknown (no verdict yet)", "none")
                }
            let known = probe.latencies.compactMap { $0 }
            let latency = known.last.map { "last \(Self.milliseconds($0)), max \(Self.milliseconds(known.max()!))" } ?? "no latency yet"
            return Row(
                name: probe.name, service: probe.service, kind: probe.kind, target: probe.target, state: state, css: css,
                since: probe.since.map(display.minute),
                sparkline: Sparkline.svg(probe.latencies, label: "\(probe.name): latency of the last \(probe.latencies.count) runs, \(latency)"),
                latency: latency,
                failure: probe.lastFailure.map {
                    FailureLine(time: display.minute($0.time), failed: $0.failedConditions, observed: $0.observed, error: $0.error)
                })
        }
        groups = [
            Group(heading: "Our services", probes: probes.filter { !$0.external }.map(row)),
            Group(heading: "Third-party dependencies", probes: probes.filter(\.external).map(row)),
        ].filter { !$0.probes.isEmpty }
    }

    public static func milliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f ms", value) : "\(Formatting.count(Int64(value.rounded()))) ms"
    }
}
