import Foundation
import VigilConfig
import VigilCore

/// Turns SLOs whose SLI is PromQL into Prometheus recording and alerting rules in Sloth's
/// shape (docs/scaling.md). Pure: the same configuration gives the same rules, so the
/// output is golden-tested, and the alert expressions make the same comparison as
/// Vigil's evaluator (`bad/valid > factor · (1 − T)`).
public struct PrometheusRuleGenerator: Sendable {
    /// The names of the identifying labels.
    public enum LabelScheme: String, Sendable, CaseIterable {
        /// `vigil_id`, `vigil_service`, `vigil_slo`, `vigil_window`, `vigil_severity`.
        case vigil
        /// Sloth's names, so dashboards made for Sloth work unchanged.
        case sloth

        var prefix: String { rawValue }
        var info: String { "\(prefix)_slo_info" }
    }

    /// The rules and, for SLOs that could not become rules, why.
    public struct Output: Sendable {
        public let file: PrometheusRuleFile
        /// SLOs rendered.
        public let slos: [String]
        /// Lines such as `shop-latency: skipped: its SLI is not PromQL`.
        public let notes: [String]
    }

    public let scheme: LabelScheme

    public init(scheme: LabelScheme = .vigil) {
        self.scheme = scheme
    }

    public func generate(_ configuration: VigilConfiguration) -> Output {
        var groups: [PrometheusRuleFile.RuleGroup] = []
        var rendered: [String] = []
        var notes: [String] = []
        for spec in configuration.slos {
            let slo = spec.objective
            guard case .prometheus(let query) = slo.sli.source else { continue }
            if slo.grouping != nil {
                notes.append("\(slo.name): skipped: grouped SLOs are evaluated by Vigil only")
                continue
            }
            if case .timeslices = slo.budgeting {
                notes.append("\(slo.name): skipped: timeslice budgeting has no Prometheus rule form")
                continue
            }
            if case .calendar = slo.window {
                notes.append("\(slo.name): its calendar window becomes a rolling \(slo.window.nominalLength.compactDescription) in Prometheus")
            }
            if slo.alerting.exhaustion != nil { notes.append("\(slo.name): the budget-exhaustion forecast stays in Vigil (no rule)") }
            groups += self.groups(for: spec, query: query)
            rendered.append(slo.name)
        }
        return Output(file: PrometheusRuleFile(groups: groups), slos: rendered, notes: notes)
    }

    // MARK: One SLO

    /// The identity of an SLO in labels, in Sloth's convention: `slo` without the service
    /// prefix, `id` = `<service>-<slo>` (an imported Sloth SLO keeps its own id).
    struct Identity {
        let id: String
        let service: String
        let slo: String

        init(_ objective: ServiceLevelObjective) {
            service = objective.service
            slo = objective.name.hasPrefix(service + "-") ? String(objective.name.dropFirst(service.count + 1)) : objective.name
            id = "\(service)-\(slo)"
        }
    }

    func groups(for spec: SLOSpec, query: PrometheusSLIQuery) -> [PrometheusRuleFile.RuleGroup] {
        let slo = spec.objective
        let identity = Identity(slo)
        let base = slo.labels.merging(identityLabels(identity)) { _, ours in ours }
        let period = slo.window.nominalLength
        let policy = slo.alerting
        var windows = Set(policy.tiers.flatMap { [$0.longWindow, $0.shortWindow] })
        windows.insert(policy.burnLookback)
        let shortest = windows.min() ?? .seconds(300)
        let selector = self.selector(identity)

        var sli: [PrometheusRuleFile.Rule] = windows.sorted().map { window in
            .recording(
                record: Self.errorRatioName(window), expr: Self.errorRatio(query, window: window),
                labels: base.merging([label("window"): Self.promDuration(window)]) { _, ours in ours })
        }
        let periodExpr: String
        switch query {
        case .errorsOverTotal, .goodOverTotal:
            periodExpr = Self.errorRatio(query, window: period)
        case .errorRatio:
            // No counts to weigh: the average of the shortest window's ratio, as Sloth does.
            let inner = "\(Self.errorRatioName(shortest))\(selector)"
            periodExpr =
                "sum_over_time(\(inner)[\(Self.promDuration(period))])\n/ ignoring (\(label("window")))\ncount_over_time(\(inner)[\(Self.promDuration(period))])"
        }
        if !windows.contains(period) {
            sli.append(
                .recording(
                    record: Self.errorRatioName(period), expr: periodExpr,
                    labels: base.merging([label("window"): Self.promDuration(period)]) { _, ours in ours }))
        }

        let budget = Self.number(1 - slo.objective)
        let on = "on(\(label("id")), \(label("slo")), \(label("service"))) group_left"
        var meta: [PrometheusRuleFile.Rule] = [
            .recording(record: "slo:objective:ratio", expr: "vector(\(Self.number(slo.objective)))", labels: base),
            .recording(record: "slo:error_budget:ratio", expr: "vector(\(budget))", labels: base),
            .recording(record: "slo:time_period:days", expr: "vector(\(Self.number(period.inSeconds / 86_400)))", labels: base),
            .recording(
                record: "slo:current_burn_rate:ratio",
                expr: "\(Self.errorRatioName(policy.burnLookback))\(selector)\n/ \(on)\nslo:error_budget:ratio\(selector)", labels: base),
            .recording(
                record: "slo:period_burn_rate:ratio",
                expr: "\(Self.errorRatioName(period))\(selector)\n/ \(on)\nslo:error_budget:ratio\(selector)", labels: base),
            .recording(record: "slo:period_error_budget_remaining:ratio", expr: "1 - slo:period_burn_rate:ratio\(selector)", labels: base),
        ]
        var info = base
        info[label("objective")] = Self.percent(slo.objective)
        info[label("window")] = Self.promDuration(period)
        meta.append(.recording(record: scheme.info, expr: "vector(1)", labels: info))

        var alerts: [PrometheusRuleFile.Rule] = []
        for severity in TierSeverity.allCases {
            let tiers = policy.tiers.filter { $0.severity == severity }
            guard !tiers.isEmpty else { continue }
            // Prometheus's `for:` belongs to a rule: tiers that hold for different times
            // need a rule each (told apart by a `for` label so their alerts do not collide).
            let holds = tiers.map(\.holdFor).reduce(into: [Duration]()) { if !$0.contains($1) { $0.append($1) } }
            for hold in holds {
                alerts.append(
                    alert(
                        spec, identity: identity, severity: severity, tiers: tiers.filter { $0.holdFor == hold }, query: query, budget: budget,
                        holdFor: hold, labelled: holds.count > 1))
            }
        }
        let suffix = identity.id
        return [
            .init(name: "\(scheme.prefix)-slo-sli-recordings-\(suffix)", rules: sli),
            .init(name: "\(scheme.prefix)-slo-meta-recordings-\(suffix)", rules: meta),
        ] + (alerts.isEmpty ? [] : [.init(name: "\(scheme.prefix)-slo-alerts-\(suffix)", rules: alerts)])
    }

    /// One alert per severity: the `or` of its tiers, each "both windows over the factor"
    /// (and, with a minimum-traffic guard, enough valid events in the short window).
    func alert(
        _ spec: SLOSpec, identity: Identity, severity: TierSeverity, tiers: [BurnRateTier], query: PrometheusSLIQuery,
        budget: String, holdFor: Duration = .zero, labelled: Bool = false
    ) -> PrometheusRuleFile.Rule {
        let selector = self.selector(identity)
        let without = "without (\(label("window")))"
        let clauses = tiers.map { tier -> String in
            let threshold = "(\(Self.number(tier.factor)) * \(budget))"
            var lines = [
                "    max(\(Self.errorRatioName(tier.shortWindow))\(selector) > \(threshold)) \(without)",
                "    and",
                "    max(\(Self.errorRatioName(tier.longWindow))\(selector) > \(threshold)) \(without)",
            ]
            if tier.minEvents > 0, let total = Self.totalQuery(query) {
                let seconds = Self.number(tier.shortWindow.inSeconds)
                lines += ["    and on()", "    (\(Self.substitute(total, window: tier.shortWindow)) * \(seconds) >= \(tier.minEvents))"]
            }
            return "(\n" + lines.joined(separator: "\n") + "\n)"
        }
        let alerting = spec.alerting
        var labels = alerting.labels
        labels.merge(severity == .page ? alerting.pageLabels : alerting.ticketLabels) { _, extra in extra }
        labels[label("severity")] = severity.rawValue
        if labelled { labels[label("for")] = Self.promDuration(holdFor) }
        var annotations = alerting.annotations
        let who = "{{$labels.\(label("service"))}} {{$labels.\(label("slo"))}}"
        annotations["title"] = annotations["title"] ?? "(\(severity.rawValue)) \(who) SLO error budget burn rate is too fast."
        annotations["summary"] = annotations["summary"] ?? "\(who) SLO error budget burn rate is over expected."
        if let runbook = alerting.runbook { annotations["runbook_url"] = annotations["runbook_url"] ?? runbook }
        return .alerting(
            alert: alerting.name ?? spec.name, expr: clauses.joined(separator: "\nor\n"), holdFor: holdFor > .zero ? Self.promDuration(holdFor) : nil,
            labels: labels, annotations: annotations)
    }

    // MARK: Pieces

    func label(_ name: String) -> String { "\(scheme.prefix)_\(name)" }

    func identityLabels(_ identity: Identity) -> [String: String] {
        [label("id"): identity.id, label("service"): identity.service, label("slo"): identity.slo]
    }

    func selector(_ identity: Identity) -> String {
        "{\(label("id"))=\"\(identity.id)\", \(label("service"))=\"\(identity.service)\", \(label("slo"))=\"\(identity.slo)\"}"
    }

    /// `slo:sli_error:ratio_rate5m`.
    static func errorRatioName(_ window: Duration) -> String { "slo:sli_error:ratio_rate\(promDuration(window))" }

    /// The error ratio over `window`: bad ÷ valid for the count forms.
    static func errorRatio(_ query: PrometheusSLIQuery, window: Duration) -> String {
        switch query {
        case .errorsOverTotal(let errors, let total):
            "(\(substitute(errors, window: window)))\n/\n(\(substitute(total, window: window)))"
        case .goodOverTotal(let good, let total):
            "1 - (\n(\(substitute(good, window: window)))\n/\n(\(substitute(total, window: window)))\n)"
        case .errorRatio(let ratio):
            "(\(substitute(ratio, window: window)))"
        }
    }

    static func totalQuery(_ query: PrometheusSLIQuery) -> String? {
        switch query {
        case .errorsOverTotal(_, let total), .goodOverTotal(_, let total): total
        case .errorRatio: nil
        }
    }

    static func substitute(_ query: String, window: Duration) -> String {
        PrometheusSLIQuery.substitute(query, window: promDuration(window))
    }

    /// A duration as PromQL writes it: `5m`, `1h`, `30d`, `1h30m`.
    static func promDuration(_ duration: Duration) -> String { duration.compactDescription }

    /// The shortest text that reads back as the same double, so Prometheus compares with
    /// exactly the threshold Vigil uses.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// `99.9` for 0.999, as Sloth's info metric writes objectives.
    static func percent(_ ratio: Double) -> String {
        var text = String(format: "%.6f", ratio * 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
