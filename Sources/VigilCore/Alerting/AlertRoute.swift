/// A node of the routing tree, with every setting already inherited from its parents
/// (Alertmanager's semantics; the configuration resolves inheritance).
public struct AlertRoute: Hashable, Sendable {
    /// What to group by: some labels, or every label (`group_by: ['...']`).
    public enum Grouping: Hashable, Sendable {
        case labels([String])
        case all
    }

    /// The node's place in the tree, `0` for the root and `0.2.1` below: part of group keys.
    public var id: String
    public var receiver: String
    public var matchers: [LabelMatcher]
    public var groupBy: Grouping
    public var groupWait: Duration
    public var groupInterval: Duration
    public var repeatInterval: Duration
    /// Whether sibling routes after this one are tried when it matches.
    public var continueMatching: Bool
    public var routes: [AlertRoute]
    /// The severity of the incident a page on this route opens (`open_incident: SEV2`);
    /// `nil` opens none. Not inherited: a ticket route under a paging one must not open
    /// incidents by accident.
    public var openIncident: String?

    public init(
        id: String = "0", receiver: String, matchers: [LabelMatcher] = [], groupBy: Grouping = .labels([]),
        groupWait: Duration = .seconds(30), groupInterval: Duration = .seconds(300), repeatInterval: Duration = .seconds(4 * 3600),
        continueMatching: Bool = false, routes: [AlertRoute] = [], openIncident: String? = nil
    ) {
        self.id = id
        self.receiver = receiver
        self.matchers = matchers
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.continueMatching = continueMatching
        self.routes = routes
        self.openIncident = openIncident
    }

    /// The node with place `id` (`0.1.2`) in this tree.
    public func route(id wanted: String) -> AlertRoute? {
        if id == wanted { return self }
        for child in routes where wanted.hasPrefix(child.id) {
            if let found = child.route(id: wanted) { return found }
        }
        return nil
    }

    /// The route part of a group key (`0.1:{service="shop"}` → `0.1`).
    public static func routeID(ofGroupKey key: String) -> String {
        String(key.prefix { $0 != ":" })
    }

    /// The routes `labels` go to: depth first, the deepest matching node of each branch;
    /// after a child matches, later siblings are tried only if it has `continue`. A node
    /// none of whose children match takes the alert itself. Empty when this node's own
    /// matchers fail.
    public func matchingRoutes(for labels: LabelSet) -> [AlertRoute] {
        guard matchers.matches(labels) else { return [] }
        var matched: [AlertRoute] = []
        for child in routes {
            let found = child.matchingRoutes(for: labels)
            matched += found
            if !found.isEmpty && !child.continueMatching { break }
        }
        return matched.isEmpty ? [self] : matched
    }

    /// The labels an alert is grouped under on this route.
    public func groupLabels(of labels: LabelSet) -> LabelSet {
        switch groupBy {
        case .all: return labels
        case .labels(let names): return labels.filter { names.contains($0.key) }
        }
    }

    /// Every receiver named in the tree.
    public var receivers: Set<String> { routes.reduce(into: [receiver]) { $0.formUnion($1.receivers) } }
}
