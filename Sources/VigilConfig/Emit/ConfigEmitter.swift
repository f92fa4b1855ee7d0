import Foundation
import VigilCore
import Yams

/// Writes a configuration as native Vigil YAML — what `vigil import` prints. Reading the
/// output back gives the same SLOs (the import tests check the round trip).
public enum ConfigEmitter {
    /// The configuration as one YAML document.
    public static func yaml(for configuration: VigilConfiguration) throws -> String {
        var root: [(String, Node?)] = []
        root.append(("services", list(configuration.services.map(service))))
        let declaredSLIs = Dictionary(configuration.slis.map { ($0.indicator.name, $0.indicator) }, uniquingKeysWith: { a, _ in a })
        root.append(("slis", list(configuration.slis.map { sli($0.indicator, includeName: true) })))
        root.append(("alert_policies", list(configuration.alertPolicies.map(policy))))
        root.append(("slos", list(configuration.slos.map { slo($0, declaredSLIs: declaredSLIs) })))
        root.append(("receivers", list(configuration.receivers.map(receiver))))
        root.append(("routing", configuration.routing.map { route($0, parent: nil) }))
        root.append(
            (
                "inhibit_rules",
                configuration.inhibitRules.map { rules in
                    .sequence(
                        Node.Sequence(
                            rules.map { rule in
                                mapping([
                                    ("source_matchers", .sequence(Node.Sequence(rule.sourceMatchers.map { string($0.description) }))),
                                    ("target_matchers", .sequence(Node.Sequence(rule.targetMatchers.map { string($0.description) }))),
                                    ("equal", list(rule.equal.map(string))),
                                ])
                            }))
                }
            ))
        root.append(("probes", list(configuration.probes.map(probe))))
        root += oncall(configuration)
        root.append(
            (
                "teams",
                list(
                    configuration.teams.map { team in
                        mapping([
                            ("name", string(team.name)), ("members", list(team.members.map(string))),
                            ("hours_per_week", team.hoursPerWeek == 40 ? nil : number(team.hoursPerWeek)),
                        ])
                    })
            ))
        return try Yams.serialize(node: mapping(root), width: -1)
    }

    // MARK: Node builders

    static func mapping(_ pairs: [(String, Node?)]) -> Node {
        .mapping(Node.Mapping(pairs.compactMap { key, value in value.map { (string(key), $0) } }))
    }

    static func list(_ nodes: [Node]) -> Node? { nodes.isEmpty ? nil : .sequence(Node.Sequence(nodes)) }

    /// A string; multi-line text (PromQL, descriptions) as a literal block, as people write it.
    static func string(_ text: String) -> Node {
        .scalar(Node.Scalar(text, Tag(.str), text.contains("\n") ? .literal : .any))
    }

    static func optional(_ text: String?) -> Node? { text.map(string) }

    static func number(_ value: Double) -> Node {
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        return .scalar(Node.Scalar(text, Tag(value == value.rounded() ? .int : .float)))
    }

    static func integer(_ value: Int64) -> Node { .scalar(Node.Scalar(String(value), Tag(.int))) }

    static func bool(_ value: Bool) -> Node { .scalar(Node.Scalar(value ? "true" : "false", Tag(.bool))) }

    static func duration(_ value: Duration) -> Node { string(value.compactDescription) }

    static func labels(_ values: [String: String]) -> Node? {
        values.isEmpty ? nil : mapping(values.sorted { $0.key < $1.key }.map { ($0.key, string($0.value)) })
    }

    // MARK: Sections

    static func service(_ spec: ServiceSpec) -> Node {
        mapping([
            ("name", string(spec.name)), ("team", optional(spec.team)),
            ("tier", spec.tier.map { integer(Int64($0)) }), ("description", optional(spec.description)),
            ("depends_on", list(spec.dependsOn.map(string))), ("external", spec.external ? bool(true) : nil),
        ])
    }

    static func sli(_ indicator: ServiceLevelIndicator, includeName: Bool) -> Node {
        var pairs: [(String, Node?)] = [("name", includeName ? string(indicator.name) : nil)]
        switch indicator.kind {
        case .ratio:
            pairs.append(("kind", string("ratio")))
            if indicator.errorStatuses != .serverErrors {
                pairs.append(("error_status", list(indicator.errorStatuses.description.components(separatedBy: ", ").map(string))))
            }
        case .latency(let threshold):
            pairs.append(("kind", string("latency")))
            pairs.append(("threshold", duration(threshold)))
        }
        if case .prometheus(let query) = indicator.source {
            let queries: [(String, Node?)] =
                switch query {
                case .errorsOverTotal(let errors, let total): [("error_query", string(errors)), ("total_query", string(total))]
                case .goodOverTotal(let good, let total): [("good_query", string(good)), ("total_query", string(total))]
                case .errorRatio(let ratio): [("error_ratio_query", string(ratio))]
                }
            pairs.append(("prometheus", mapping(queries)))
        }
        if case .probe(let probe) = indicator.source { pairs.append(("probe", string(probe))) }
        return mapping(pairs)
    }

    static func window(_ window: ComplianceWindow) -> Node {
        switch window {
        case .rolling(let length): duration(length)
        case .calendar(let period, let zone): mapping([("calendar", string(period.rawValue)), ("time_zone", string(zone.configName))])
        }
    }

    static func slo(_ spec: SLOSpec, declaredSLIs: [String: ServiceLevelIndicator]) -> Node {
        let objective = spec.objective
        let sliNode: Node
        if declaredSLIs[objective.sli.name] == objective.sli {
            sliNode = string(objective.sli.name)
        } else {
            sliNode = sli(objective.sli, includeName: objective.sli.name != objective.name)
        }
        var timeslices: Node?
        if case .timeslices(let slice, let target) = objective.budgeting {
            timeslices = mapping([("slice", duration(slice)), ("target", number(target))])
        }
        let alerting = spec.alerting
        let alertingNode = mapping([
            ("policy", optional(alerting.policy)), ("runbook", optional(alerting.runbook)),
            ("page", alerting.page ? nil : bool(false)), ("ticket", alerting.ticket ? nil : bool(false)),
            ("name", optional(alerting.name)), ("labels", labels(alerting.labels)),
            ("annotations", labels(alerting.annotations)), ("page_labels", labels(alerting.pageLabels)),
            ("ticket_labels", labels(alerting.ticketLabels)),
        ])
        let hasAlerting = if case .mapping(let m) = alertingNode { !m.isEmpty } else { false }
        return mapping([
            ("name", string(objective.name)), ("service", string(objective.service)),
            ("description", optional(objective.description)), ("sli", sliNode),
            ("objective", number(objective.objective)), ("window", window(objective.window)),
            ("timeslices", timeslices), ("alerting", hasAlerting ? alertingNode : nil),
            ("labels", labels(objective.labels)),
            ("group_by", objective.grouping.flatMap { list($0.labels.map(string)) }),
            ("max_groups", objective.grouping.map { integer(Int64($0.limit)) }),
        ])
    }

    static func policy(_ spec: AlertPolicySpec) -> Node {
        let exhaustion = spec.exhaustion.map { alert in
            mapping([
                ("within", duration(alert.horizon)), ("severity", string(alert.severity.rawValue)),
                ("min_events", alert.minEvents > 0 ? integer(alert.minEvents) : nil),
            ])
        }
        let tiers =
            spec.tiers.map { tiers in
                list(
                    tiers.map { tier in
                        let rate: (String, Node) =
                            switch tier.rate {
                            case .factor(let factor): ("factor", number(factor))
                            case .budgetShare(let share): ("budget_share", number(share))
                            }
                        return mapping([
                            ("name", string(tier.name)), ("severity", string(tier.severity.rawValue)),
                            ("long_window", duration(tier.longWindow)), ("short_window", duration(tier.shortWindow)),
                            (rate.0, rate.1), ("min_events", tier.minEvents.map(integer)), ("for", tier.holdFor.map(duration)),
                        ])
                    })
            } ?? nil
        return mapping([
            ("name", string(spec.name)),
            ("window_scaling", spec.scaling == .keepWindows ? nil : string(spec.scaling.rawValue)),
            ("min_events", spec.minEvents > 0 ? integer(spec.minEvents) : nil),
            ("burn_lookback", spec.burnLookback == .seconds(3600) ? nil : duration(spec.burnLookback)),
            ("exhaustion", exhaustion), ("tiers", tiers),
        ])
    }

    static func probe(_ spec: ProbeSpec) -> Node {
        let kind: (String, Node)
        switch spec.kind {
        case .http(let http):
            let defaults = HTTPProbe(url: http.url)
            kind = (
                "http",
                mapping([
                    ("url", string(http.url)), ("method", http.method == defaults.method ? nil : string(http.method)),
                    ("headers", labels(http.headers)), ("body", optional(http.body)),
                    ("follow_redirects", http.followRedirects ? nil : bool(false)), ("verify_tls", http.verifyTLS ? nil : bool(false)),
                    ("max_body_bytes", http.maxBodyBytes == defaults.maxBodyBytes ? nil : integer(Int64(http.maxBodyBytes))),
                    (
                        "client_certificate",
                        http.clientCertificate.map {
                            mapping([("cert", string($0.certificatePath)), ("key", string($0.keyPath))])
                        }
                    ),
                ])
            )
        case .tcp(let address, let send, let expect):
            kind = ("tcp", mapping([("address", string(address)), ("send", optional(send)), ("expect", optional(expect))]))
        case .tls(let address, let serverName):
            kind = ("tls", mapping([("address", string(address)), ("server_name", optional(serverName))]))
        case .dns(let dns):
            kind = ("dns", mapping([("resolver", string(dns.resolver)), ("name", string(dns.name)), ("type", string(dns.type.rawValue))]))
        case .heartbeat(let every, let grace):
            kind = ("heartbeat", mapping([("expect_every", duration(every)), ("grace", grace == .zero ? nil : duration(grace))]))
        }
        var isHeartbeat = false
        if case .heartbeat = spec.kind { isHeartbeat = true }
        return mapping([
            ("name", string(spec.name)), ("service", string(spec.service)),
            ("interval", isHeartbeat ? nil : duration(spec.interval)), ("timeout", isHeartbeat ? nil : duration(spec.timeout)),
            kind, ("conditions", list(spec.conditions.map { string($0.text) })),
            ("failure_threshold", spec.failureThreshold == 3 ? nil : integer(Int64(spec.failureThreshold))),
            ("success_threshold", spec.successThreshold == 2 ? nil : integer(Int64(spec.successThreshold))),
        ])
    }

    static func receiver(_ spec: ReceiverSpec) -> Node {
        let body: (String, Node) =
            switch spec.kind {
            case .webhook(let url, let secret): ("webhook", mapping([("url", string(url)), ("secret", optional(secret))]))
            case .slack(let url): ("slack", mapping([("url", string(url))]))
            case .alertmanager(let url): ("alertmanager", mapping([("url", string(url))]))
            case .textGateway(let url, let to, let secret, let voice):
                (voice ? "voice" : "sms", mapping([("url", string(url)), ("to", string(to)), ("secret", optional(secret))]))
            case .email(let email):
                (
                    "email",
                    mapping([
                        ("to", list(email.to.map(string))), ("from", string(email.from)), ("smarthost", string(email.smarthost)),
                        ("username", optional(email.username)), ("password", optional(email.password)),
                        ("require_tls", email.requireTLS ? nil : bool(false)),
                        ("insecure_skip_verify", email.insecureSkipVerify ? bool(true) : nil),
                    ])
                )
            }
        return mapping([
            ("name", string(spec.name)), (body.0, body.1),
            ("send_resolved", spec.sendResolved ? nil : bool(false)),
            ("retry_for", spec.retryFor == .seconds(24 * 3600) ? nil : duration(spec.retryFor)),
        ])
    }

    /// A route with only what it does not inherit from `parent`.
    static func route(_ route: AlertRoute, parent: AlertRoute?) -> Node {
        func differs<T: Equatable>(_ path: KeyPath<AlertRoute, T>) -> Bool { parent.map { $0[keyPath: path] != route[keyPath: path] } ?? true }
        let groupBy: Node? =
            switch route.groupBy {
            case .all: list([string("...")])
            case .labels(let names): .sequence(Node.Sequence(names.map(string)))
            }
        return mapping([
            ("receiver", differs(\.receiver) ? string(route.receiver) : nil),
            ("matchers", list(route.matchers.map { string($0.description) })),
            ("group_by", differs(\.groupBy) ? groupBy : nil),
            ("group_wait", differs(\.groupWait) ? duration(route.groupWait) : nil),
            ("group_interval", differs(\.groupInterval) ? duration(route.groupInterval) : nil),
            ("repeat_interval", differs(\.repeatInterval) ? duration(route.repeatInterval) : nil),
            ("continue", route.continueMatching ? bool(true) : nil),
            ("open_incident", optional(route.openIncident)),
            ("routes", list(route.routes.map { self.route($0, parent: route) })),
        ])
    }
}
