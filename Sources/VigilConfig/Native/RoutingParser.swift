import VigilCore

/// Reads `routing:` (Alertmanager's route tree) and `inhibit_rules:` (see
/// docs/alerting.md). Children inherit every setting they do not give.
enum RoutingParser {
    static let routeKeys = ["receiver", "matchers", "group_by", "group_wait", "group_interval", "repeat_interval", "continue", "routes", "open_incident"]

    /// The tree, with its receiver references (checked once every receiver is known).
    static func routing(_ value: ConfigValue, receiverReferences: inout [ConfigValue], severityReferences: inout [ConfigValue]) -> AlertRoute? {
        guard let map = value.mapping(allowed: routeKeys) else { return nil }
        if let matchers = map["matchers"] {
            matchers.error("the root route matches every alert; put matchers on routes below it")
            return nil
        }
        guard map.required("receiver") != nil else { return nil }
        return route(map, id: "0", parent: AlertRoute(receiver: ""), receiverReferences: &receiverReferences, severityReferences: &severityReferences)
    }

    static func route(_ map: ConfigMapping, id: String, parent: AlertRoute, receiverReferences: inout [ConfigValue], severityReferences: inout [ConfigValue])
        -> AlertRoute?
    {
        var route = parent
        route.id = id
        route.routes = []
        route.matchers = []
        route.continueMatching = false
        route.openIncident = nil
        var complete = true
        if let severityValue = map["open_incident"] {
            if let severity = severityValue.string() {
                route.openIncident = severity
                severityReferences.append(severityValue)
            } else {
                complete = false
            }
        }
        if let receiverValue = map["receiver"] {
            if let receiver = receiverValue.string() {
                route.receiver = receiver
                receiverReferences.append(receiverValue)
            } else {
                complete = false
            }
        }
        if let matchersValue = map["matchers"] {
            if let matchers = matchers(matchersValue) { route.matchers = matchers } else { complete = false }
        }
        if let groupValue = map["group_by"] {
            if let names = groupValue.stringList() {
                route.groupBy = names == ["..."] ? .all : .labels(names)
                if names.contains("...") && names.count > 1 { groupValue.error("'...' groups by every label; give it alone") }
            } else {
                complete = false
            }
        }
        for (key, path) in [("group_wait", \AlertRoute.groupWait), ("group_interval", \.groupInterval), ("repeat_interval", \.repeatInterval)] {
            guard let durationValue = map[key] else { continue }
            guard let duration = durationValue.duration() else {
                complete = false
                continue
            }
            if duration <= .zero && key != "group_wait" {
                durationValue.error("must be more than 0")
                complete = false
            } else if duration < .zero {
                durationValue.error("must not be negative")
                complete = false
            } else {
                route[keyPath: path] = duration
            }
        }
        route.continueMatching = map["continue"]?.bool() ?? false
        for (index, child) in (map["routes"]?.sequence() ?? []).enumerated() {
            guard let childMap = child.mapping(allowed: routeKeys) else {
                complete = false
                continue
            }
            if let built = self.route(
                childMap, id: "\(id).\(index)", parent: route, receiverReferences: &receiverReferences, severityReferences: &severityReferences)
            {
                route.routes.append(built)
            } else {
                complete = false
            }
        }
        return complete ? route : nil
    }

    /// A list of matcher strings; a bad one is reported at its token.
    static func matchers(_ value: ConfigValue) -> [LabelMatcher]? {
        guard let items = value.sequence() else { return nil }
        var matchers: [LabelMatcher] = []
        var complete = true
        for item in items {
            guard let text = item.string() else {
                complete = false
                continue
            }
            do {
                matchers.append(try LabelMatcher(parsing: text))
            } catch {
                item.error(error.message, atOffset: error.offset)
                complete = false
            }
        }
        return complete ? matchers : nil
    }

    static func inhibitRule(_ value: ConfigValue) -> InhibitRule? {
        guard let map = value.mapping(allowed: ["source_matchers", "target_matchers", "equal"]) else { return nil }
        let source = map.required("source_matchers").flatMap(matchers)
        let target = map.required("target_matchers").flatMap(matchers)
        let equal = map["equal"]?.stringList() ?? []
        if source?.isEmpty == true { map["source_matchers"]?.error("give at least one matcher: an empty list would let every alert inhibit") }
        if target?.isEmpty == true { map["target_matchers"]?.error("give at least one matcher: an empty list would mute every alert") }
        guard let source, let target, !source.isEmpty, !target.isEmpty else { return nil }
        return InhibitRule(sourceMatchers: source, targetMatchers: target, equal: equal)
    }
}
