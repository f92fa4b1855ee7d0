import Foundation
import VigilCore
import Yams

/// Reads `release_policies:` (docs/config.md, docs/safe-change.md §2).
enum ReleasePolicyParser {
    /// A policy whose services are still names (or a team), checked once services are known.
    struct Declared {
        var policy: ReleasePolicy
        var nameValue: ConfigValue
        /// `services:` entries, or `nil` where the policy names a team.
        var serviceValues: [ConfigValue]?
        var teamValue: ConfigValue?
        /// False when a field failed to read (its error is logged): its services are still
        /// checked, so one pass reports every error, but it is never built.
        var isComplete = true
    }

    static let keys = ["name", "services", "team", "mode", "steps", "require_canary_below", "canary", "rollback_webhook"]
    static let stepKeys = ["name", "budget_below", "burn_above", "window", "action", "message"]
    static let canaryKeys = ["split_by", "tolerance", "confidence", "pass", "marginal", "prometheus"]

    static func policy(_ value: ConfigValue) -> Declared? {
        guard let map = value.mapping(allowed: keys), let nameValue = map.required("name"), let name = NativeParser.identifier(nameValue) else {
            return nil
        }
        var complete = true
        var declared = Declared(policy: ReleasePolicy(name: name, services: [], steps: []), nameValue: nameValue)
        switch (map["services"], map["team"]) {
        case (let servicesValue?, nil):
            let items = servicesValue.sequence() ?? []
            if items.isEmpty { servicesValue.error("name at least one service") }
            declared.serviceValues = items
            declared.policy.services = items.compactMap { $0.string() }
        case (nil, let teamValue?):
            declared.teamValue = teamValue
        case (_?, _?):
            value.error("give services or team, not both")
            complete = false
        case (nil, nil):
            value.error("give the services it covers (services: [...]) or a team (team: ...)")
            complete = false
        }
        if let modeValue = map["mode"], let text = modeValue.string() {
            if let mode = ReleasePolicy.Mode(rawValue: text) {
                declared.policy.mode = mode
            } else {
                modeValue.error(Suggestion.unknown("mode", text, expected: ReleasePolicy.Mode.allCases.map(\.rawValue)))
                complete = false
            }
        }
        if let thresholdValue = map["require_canary_below"] {
            if let share = share(thresholdValue) { declared.policy.requireCanaryBelow = share } else { complete = false }
        }
        if let hookValue = map["rollback_webhook"] {
            if let hook = webhook(hookValue) { declared.policy.rollbackWebhook = hook } else { complete = false }
        }
        if let canaryValue = map["canary"] {
            if let canary = canary(canaryValue) { declared.policy.canary = canary } else { complete = false }
        }
        if let stepsValue = map.required("steps"), let items = stepsValue.sequence() {
            if items.isEmpty { stepsValue.error("give at least one step") }
            let steps = items.map(step)
            if steps.contains(where: { $0 == nil }) { complete = false }
            declared.policy.steps = steps.compactMap { $0 }
            var seen: Set<String> = []
            for (item, step) in zip(items, steps) {
                guard let step, !seen.insert(step.name).inserted else { continue }
                item.error("a second step named '\(step.name)'; step names must differ")
                complete = false
            }
        } else {
            complete = false
        }
        declared.isComplete = complete
        return declared
    }

    /// `{name, budget_below: 25% | window: 1h + burn_above: 14.4, action, message}`.
    static func step(_ value: ConfigValue) -> ReleasePolicy.Step? {
        guard let map = value.mapping(allowed: stepKeys), let nameValue = map.required("name"), let name = NativeParser.identifier(nameValue),
            let actionValue = map.required("action"), let actionText = actionValue.string()
        else { return nil }
        guard let action = ReleasePolicy.Action(rawValue: actionText) else {
            actionValue.error(Suggestion.unknown("action", actionText, expected: ReleasePolicy.Action.allCases.map(\.rawValue)))
            return nil
        }
        let condition: ReleasePolicy.Condition
        switch (map["budget_below"], map["burn_above"]) {
        case (let budgetValue?, nil):
            if let windowValue = map["window"] {
                windowValue.error("window goes with burn_above; budget_below reads the SLO's own window")
                return nil
            }
            guard let share = share(budgetValue) else { return nil }
            condition = .budgetBelow(share)
        case (nil, let burnValue?):
            guard let windowValue = map["window"] else {
                value.error("burn_above needs the window it is measured over (window: 1h)")
                return nil
            }
            guard let factor = burnValue.double(), let window = windowValue.wholeMinutes() else { return nil }
            guard factor > 0 else {
                burnValue.error("must be more than 0 (1 burns the budget exactly over the SLO's window)")
                return nil
            }
            guard window > .zero else {
                windowValue.error("must be at least one minute")
                return nil
            }
            condition = .burnAbove(factor, window: window)
        case (_?, _?):
            value.error("give budget_below or burn_above, not both; make two steps")
            return nil
        case (nil, nil):
            value.error("give when the step holds: budget_below: 25% or window: 1h with burn_above: 14.4")
            return nil
        }
        let message = map["message"]?.string() ?? defaultMessage(condition, action)
        return ReleasePolicy.Step(name: name, condition: condition, action: action, message: message)
    }

    static func defaultMessage(_ condition: ReleasePolicy.Condition, _ action: ReleasePolicy.Action) -> String {
        let when: String
        switch condition {
        case .budgetBelow(let share) where share <= 0: when = "The error budget is spent"
        case .budgetBelow(let share): when = "Under \(Int((share * 100).rounded())) % of the error budget is left"
        case .burnAbove(let factor, let window): when = "The budget burns faster than \(factor)× over \(window.compactDescription)"
        }
        switch action {
        case .freeze: return when + ": only fixes ship."
        case .reliabilityFocus: return when + ": prefer reliability work; releases need a passing canary."
        case .none: return when + "."
        }
    }

    static func canary(_ value: ConfigValue) -> CanaryPolicy? {
        guard let map = value.mapping(allowed: canaryKeys) else { return nil }
        var canary = CanaryPolicy()
        var complete = true
        if let labelValue = map["split_by"] {
            if let label = NativeParser.identifier(labelValue), !label.isEmpty { canary.splitBy = label } else { complete = false }
        }
        func number(_ key: String, in range: ClosedRange<Double>, _ explain: String, into path: WritableKeyPath<CanaryPolicy, Double>) {
            guard let numberValue = map[key] else { return }
            guard let number = numberValue.double() else {
                complete = false
                return
            }
            guard range.contains(number), number != range.lowerBound || key == "marginal" else {
                numberValue.error(explain + ", found \(number)")
                complete = false
                return
            }
            canary[keyPath: path] = number
        }
        number("tolerance", in: 0...10, "must be more than 0 and at most 10 (0.25: a quarter more bad requests)", into: \.tolerance)
        number("confidence", in: 0.5...0.9999, "must be more than 0.5 and at most 0.9999 (0.98: a 98 % interval)", into: \.confidence)
        number("pass", in: 0...100, "must be more than 0 and at most 100", into: \.pass)
        number("marginal", in: 0...100, "must be 0 to 100", into: \.marginal)
        if canary.marginal > canary.pass {
            (map["marginal"] ?? value).error("marginal (\(canary.marginal)) must not be above pass (\(canary.pass))")
            complete = false
        }
        if let listValue = map["prometheus"], let items = listValue.sequence() {
            var names: Set<String> = []
            for item in items {
                guard let metric = promQLMetric(item, splitBy: canary.splitBy) else {
                    complete = false
                    continue
                }
                if !names.insert(metric.name).inserted {
                    item.error("a second canary metric named '\(metric.name)'")
                    complete = false
                }
                canary.prometheus.append(metric)
            }
        }
        return complete ? canary : nil
    }

    /// `{name, query (with {{selector}}), selector (with {{version}}), direction, weight,
    /// critical, must_have_data}`.
    static func promQLMetric(_ value: ConfigValue, splitBy: String) -> PromQLCanaryMetric? {
        guard let map = value.mapping(allowed: ["name", "query", "selector", "direction", "weight", "critical", "must_have_data"]),
            let nameValue = map.required("name"),
            let name = NativeParser.identifier(nameValue), let queryValue = map.required("query"), let query = queryValue.string()
        else { return nil }
        guard query.contains("{{selector}}") else {
            queryValue.error("the query must hold {{selector}}, where the baseline's and the canary's matchers go")
            return nil
        }
        var metric = PromQLCanaryMetric(name: name, query: query, selector: "\(splitBy)=\"{{version}}\"")
        if let selectorValue = map["selector"], let selector = selectorValue.string() {
            guard selector.contains("{{version}}") else {
                selectorValue.error("the selector must hold {{version}}, such as 'track=\"{{version}}\"'")
                return nil
            }
            metric.selector = selector
        }
        if let directionValue = map["direction"], let text = directionValue.string() {
            guard let direction = CanaryMetric.Direction(rawValue: text) else {
                directionValue.error(Suggestion.unknown("direction", text, expected: CanaryMetric.Direction.allCases.map(\.rawValue)))
                return nil
            }
            metric.direction = direction
        }
        if let weightValue = map["weight"] {
            guard let weight = weightValue.double() else { return nil }
            guard weight > 0, weight <= 100 else {
                weightValue.error("must be more than 0 and at most 100 (each SLI weighs 1)")
                return nil
            }
            metric.weight = weight
        }
        if let criticalValue = map["critical"] {
            guard let critical = criticalValue.bool() else { return nil }
            metric.critical = critical
        }
        if let mustValue = map["must_have_data"] {
            guard let must = mustValue.bool() else { return nil }
            metric.mustHaveData = must
        }
        return metric
    }

    /// `{url, secret}`: the secret signs the body as a webhook receiver's does.
    static func webhook(_ value: ConfigValue) -> ReleasePolicy.Webhook? {
        guard let map = value.mapping(allowed: ["url", "secret"]), let urlValue = map.required("url"), let url = NativeParser.httpURL(urlValue) else {
            return nil
        }
        return ReleasePolicy.Webhook(url: url, secret: map["secret"]?.string())
    }

    /// `25%`, `0%` or `0.25` → 0.25: a share of the budget, 0 to 100 %.
    static func share(_ value: ConfigValue) -> Double? {
        guard case .scalar(let scalar) = value.node else {
            value.error("expected a share such as 25% or 0.25")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        let number = text.hasSuffix("%") ? Double(text.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 } : Double(text)
        guard let number, (0...1).contains(number) else {
            value.error("expected a share from 0% to 100% (or 0 to 1), found '\(text)'")
            return nil
        }
        return number
    }

    /// The policies, their services resolved: a team's are those it owns; every service
    /// named must exist, and a service has at most one policy (its gate must have one answer).
    static func resolve(_ declared: [Declared], services: [ServiceSpec], teams: [TeamSpec]) -> [ReleasePolicy] {
        let serviceNames = Set(services.map(\.name))
        var policyOf: [String: String] = [:]
        var policies: [ReleasePolicy] = []
        var seenNames: [String: SourceLocation] = [:]
        for var entry in declared {
            if let first = seenNames[entry.policy.name] {
                entry.nameValue.error("duplicate release policy name '\(entry.policy.name)' (first defined at \(first))")
                continue
            }
            seenNames[entry.policy.name] = entry.nameValue.location
            var complete = true
            var claims: [(String, ConfigValue)] = []
            if let serviceValues = entry.serviceValues {
                for item in serviceValues {
                    guard let service = item.string() else { continue }
                    if !serviceNames.contains(service) {
                        item.error("unknown service '\(service)'\(Suggestion.hint(for: service, among: serviceNames))")
                        complete = false
                    }
                    claims.append((service, item))
                }
            } else if let teamValue = entry.teamValue, let team = teamValue.string() {
                let owned = services.filter { $0.team == team }.map(\.name)
                if owned.isEmpty {
                    let known = Set(teams.map(\.name) + services.compactMap(\.team))
                    teamValue.error(
                        known.contains(team)
                            ? "team '\(team)' owns no service; give services: [...] instead"
                            : "unknown team '\(team)'\(Suggestion.hint(for: team, among: known))")
                    complete = false
                }
                entry.policy.services = owned
                claims = owned.map { ($0, teamValue) }
            }
            for (service, value) in claims {
                if let other = policyOf[service], other != entry.policy.name {
                    value.error("service '\(service)' already has release policy '\(other)'; a service has one policy")
                    complete = false
                }
                policyOf[service] = entry.policy.name
            }
            if complete && entry.isComplete { policies.append(entry.policy) }
        }
        return policies
    }
}
