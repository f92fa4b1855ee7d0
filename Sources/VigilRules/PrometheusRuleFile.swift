import Yams

/// A Prometheus rule file: groups of recording and alerting rules, as `rule_files:`
/// loads them and `promtool check rules` checks them.
public struct PrometheusRuleFile: Hashable, Sendable {
    public var groups: [RuleGroup]

    public init(groups: [RuleGroup]) {
        self.groups = groups
    }

    /// A named group; Prometheus evaluates a group's rules in order, so a recording a later
    /// rule reads is listed first.
    public struct RuleGroup: Hashable, Sendable {
        public var name: String
        public var rules: [Rule]

        public init(name: String, rules: [Rule]) {
            self.name = name
            self.rules = rules
        }
    }

    public enum Rule: Hashable, Sendable {
        case recording(record: String, expr: String, labels: [String: String])
        case alerting(alert: String, expr: String, holdFor: String?, labels: [String: String], annotations: [String: String])
    }

    /// The file as YAML, with a header naming its generator. Multi-line expressions are
    /// literal blocks; everything else is quoted as YAML needs.
    public func yaml(header: String) throws -> String {
        var groupNodes: [Node] = []
        for group in groups {
            let rules: [Node] = group.rules.map { rule in
                switch rule {
                case .recording(let record, let expr, let labels):
                    return Self.mapping(
                        [("record", Self.scalar(record)), ("expr", Self.expression(expr))]
                            + (labels.isEmpty ? [] : [("labels", Self.map(labels))]))
                case .alerting(let alert, let expr, let holdFor, let labels, let annotations):
                    var pairs: [(String, Node)] = [("alert", Self.scalar(alert)), ("expr", Self.expression(expr))]
                    if let holdFor { pairs.append(("for", Self.scalar(holdFor))) }
                    if !labels.isEmpty { pairs.append(("labels", Self.map(labels))) }
                    if !annotations.isEmpty { pairs.append(("annotations", Self.map(annotations))) }
                    return Self.mapping(pairs)
                }
            }
            groupNodes.append(Self.mapping([("name", Self.scalar(group.name)), ("rules", Node.sequence(Node.Sequence(rules)))]))
        }
        let root = Self.mapping([("groups", Node.sequence(Node.Sequence(groupNodes)))])
        let body = try Yams.serialize(node: root, width: -1, allowUnicode: true)
        return header.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n") + "\n\n" + body
    }

    static func scalar(_ text: String) -> Node { Node.scalar(Node.Scalar(text)) }

    static func expression(_ text: String) -> Node {
        text.contains("\n") ? Node.scalar(Node.Scalar(text, .implicit, .literal)) : scalar(text)
    }

    static func map(_ labels: [String: String]) -> Node {
        mapping(labels.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) })
    }

    /// A label or annotation value, quoted when YAML would otherwise read it as a number,
    /// a boolean or null (`tier: "1"`, `objective: "99.9"`).
    static func value(_ text: String) -> Node {
        let plain = Node.scalar(Node.Scalar(text))
        return Resolver.default.resolveTag(of: plain) == .str ? plain : Node.scalar(Node.Scalar(text, .implicit, .doubleQuoted))
    }

    static func mapping(_ pairs: [(String, Node)]) -> Node {
        Node.mapping(Node.Mapping(pairs.map { (scalar($0.0), $0.1) }))
    }
}
