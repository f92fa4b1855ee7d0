import Foundation
import VigilCore

/// `/deployments/{service}/{version}`: one version's rollout on one page — its stages with
/// the budget left at each, the canary runs with every interval's per-SLI comparison (the
/// "why is my score 0" answer), the gate's decisions and the overrides that opened it.
public struct DeploymentPage: DashboardPage {
    public static let template = "deployment"

    /// What the page is built from.
    public struct Input: Sendable {
        public var service: String
        public var version: String
        /// The service's policy, its mode and the step it stands in now.
        public var policy: (name: String, mode: String, step: String?, message: String?, because: [String])?
        /// The version's changes (stages, rollbacks to or from it), oldest first, each with
        /// the service's SLOs' budget left at that minute.
        public var stages: [(change: ChangeRecord, budgets: [(slo: String, remaining: Double?)])]
        public var canaryRuns: [CanaryRun]
        public var decisions: [GateRecord]
        public var overrides: [GateOverride]

        public init(
            service: String, version: String, policy: (name: String, mode: String, step: String?, message: String?, because: [String])?,
            stages: [(change: ChangeRecord, budgets: [(slo: String, remaining: Double?)])], canaryRuns: [CanaryRun], decisions: [GateRecord],
            overrides: [GateOverride]
        ) {
            self.service = service
            self.version = version
            self.policy = policy
            self.stages = stages
            self.canaryRuns = canaryRuns
            self.decisions = decisions
            self.overrides = overrides
        }
    }

    struct Stage: Sendable {
        let time: String
        let what: String
        let author: String
        let budgets: [Budget]
    }

    struct Budget: Sendable {
        let slo: String
        let remaining: String
        let css: String
    }

    struct Run: Sendable {
        let id: Int64
        let title: String
        let status: String
        let css: String
        let reason: String
        let rollback: String?
        let rows: [Row]
    }

    /// One SLI of one interval; the interval's own figures on its first SLI's row only.
    struct Row: Sendable {
        let interval: String
        let score: String
        let css: String
        let metric: Metric
    }

    struct Metric: Sendable {
        let sli: String
        let verdict: String
        let css: String
        let canary: String
        let baseline: String
        let difference: String
        let margin: String
        let needed: String
    }

    struct Decision: Sendable {
        let time: String
        let result: String
        let css: String
        let by: String
        let reasons: String
    }

    struct Override: Sendable {
        let text: String
    }

    let chrome: PageChrome
    /// `&tz=…` for links that already have a query.
    let extraQuery: String
    let service: String
    let version: String
    let policy: String?
    let standing: String?
    let stages: [Stage]
    let runs: [Run]
    let decisions: [Decision]
    let overrides: [Override]

    public init(_ input: Input, now: Date, display: TimeDisplay, signedIn: Bool = false) {
        chrome = PageChrome(
            title: "\(input.service) \(input.version)", path: "/changes", display: display, generatedAt: now, signedIn: signedIn)
        extraQuery = display.extraQuery
        service = input.service
        version = input.version
        policy = input.policy.map { "Policy \($0.name), \($0.mode)" }
        standing = input.policy.map { policy in
            let message = (policy.message ?? "").trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            return policy.step.map { "now in step \($0) (for \(policy.because.joined(separator: ", "))): \(message)" }
                ?? "now in no step: releases go on as normal"
        }
        stages = input.stages.map { entry in
            let change = entry.change
            let what: String =
                switch change.kind {
                case .rollback: "rolled back to \(change.version ?? "?")"
                case .config: "configuration change"
                case .deploy: change.stage.map { "\($0) of traffic" } ?? "deployed to everyone"
                }
            return Stage(
                time: display.minute(change.time), what: what + (change.description.map { " — \($0)" } ?? ""), author: change.author ?? "—",
                budgets: entry.budgets.map { Budget(slo: $0.slo, remaining: Figures.percent($0.remaining, digits: 1), css: Figures.budgetClass($0.remaining)) })
        }
        runs = input.canaryRuns.map { run in
            Run(
                id: run.id ?? 0,
                title: "Canary run \(run.id ?? 0): \(run.canaryVersion) against \(run.baselineVersion), "
                    + "\(run.intervalCount) × \(Duration.seconds(run.intervalSeconds).compactDescription) from \(display.minute(run.start))",
                status: run.status.rawValue, css: Self.css(run.status), reason: run.reason ?? "\(run.intervals.count) of \(run.intervalCount) intervals judged",
                rollback: run.rollback.map { call in
                    "Rollback webhook \(call.url) called at \(display.minute(call.at)): \(call.state.rawValue)"
                        + (call.status.map { " (HTTP \($0))" } ?? "") + (call.error.map { " — \($0)" } ?? "")
                },
                rows: run.intervals.flatMap { interval in
                    (interval.metrics.map(Self.metric) + interval.distributions.map(Self.metric)).enumerated().map { position, metric in
                        let first = position == 0
                        return Row(
                            interval: first ? "\(interval.index) (to \(display.minute(interval.end)))" : "",
                            score: first ? (interval.score.map { String(format: "%g", $0) } ?? "–") + " " + interval.verdict.rawValue : "",
                            css: Self.css(interval.verdict), metric: metric)
                    }
                })
        }
        decisions = input.decisions.map {
            Decision(
                time: display.minute($0.time), result: "\($0.result.rawValue) (exit \($0.result.exitCode))", css: Self.css($0.result), by: $0.requestedBy,
                reasons: $0.reasons.joined(separator: "; "))
        }
        overrides = input.overrides.map {
            Override(
                text: "\($0.version.map { "version \($0)" } ?? "every version") open from \(display.minute($0.createdAt)) to "
                    + "\(display.minute($0.expires)), by \($0.createdBy): \($0.reason)")
        }
    }

    static func metric(_ result: CanarySLIResult) -> Metric {
        func ratio(_ counts: ErrorRatioComparison.Counts) -> String {
            counts.total == 0 ? "no requests" : "\(Figures.percent(counts.ratio, digits: 3)) of \(counts.total)"
        }
        let css: String =
            switch result.verdict {
            case .pass: "ok"
            case .fail: "crit"
            case .insufficientData: "warn"
            case .nodata: "none"
            }
        let interval =
            result.difference.map { difference in
                let bounds = result.lower.flatMap { lower in result.upper.map { String(format: " [%+.3f, %+.3f]", lower * 100, $0 * 100) } } ?? ""
                return String(format: "%+.3f", difference * 100) + bounds + " points"
            } ?? "–"
        return Metric(
            sli: result.sli, verdict: result.verdict.rawValue, css: css, canary: ratio(result.canary), baseline: ratio(result.baseline),
            difference: interval, margin: String(format: "+%.3f points", result.margin * 100),
            needed: result.requestsNeeded.map { "\($0) more canary requests" } ?? "")
    }

    /// A latency percentile's row: minutes compared, the shift in milliseconds.
    static func metric(_ result: CanaryDistributionResult) -> Metric {
        let css: String =
            switch result.classification {
            case .pass: "ok"
            case .high, .low, .nodataFailMetric: "crit"
            case .nodata, .error: "none"
            }
        let shift =
            result.estimate.map { estimate in
                String(format: "%+.1f ms", estimate)
                    + (result.lower.flatMap { lower in result.upper.map { String(format: " [%+.1f, %+.1f]", lower, $0) } } ?? "")
            } ?? "–"
        return Metric(
            sli: result.metric, verdict: result.classification.rawValue, css: css, canary: "\(result.canaryCount) minutes",
            baseline: "\(result.baselineCount) minutes", difference: shift, margin: "Mann-Whitney", needed: result.reason ?? "")
    }

    static func css(_ status: CanaryRun.Status) -> String {
        switch status {
        case .pass: "ok"
        case .marginal, .inconclusive, .running: "warn"
        case .fail: "crit"
        }
    }

    static func css(_ result: GateDecision.Result) -> String {
        switch result {
        case .pass: "ok"
        case .warn, .noDecision: "warn"
        case .fail: "crit"
        }
    }
}
