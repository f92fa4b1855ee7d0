import Foundation
import VigilCore
import Yams

/// Reads `incidents:` and `teams:` (see docs/config.md).
enum IncidentParser {
    static func settings(_ value: ConfigValue) -> IncidentSettings? {
        guard let map = value.mapping(allowed: ["severities", "roles", "suspect_window", "postmortems"]) else { return nil }
        var settings = IncidentSettings()
        settings.location = value.location
        var complete = true
        for (key, path) in [("severities", \IncidentVocabulary.severities), ("roles", \IncidentVocabulary.roles)] {
            guard let listValue = map[key] else { continue }
            guard let list = listValue.stringList() else {
                complete = false
                continue
            }
            if list.isEmpty {
                listValue.error("give at least one")
                complete = false
                continue
            }
            if let repeated = duplicate(in: list) {
                listValue.error("'\(repeated)' is listed twice")
                complete = false
                continue
            }
            settings.vocabulary[keyPath: path] = list
        }
        if let windowValue = map["suspect_window"] {
            switch windowValue.duration() {
            case let window? where window > .zero: settings.suspectWindow = window
            case _?:
                windowValue.error("must be more than 0")
                complete = false
            case nil: complete = false
            }
        }
        if let postmortems = map["postmortems"]?.mapping(allowed: ["required_when"]),
            let whenValue = postmortems["required_when"]
        {
            if let criteria = criteria(whenValue, severities: settings.vocabulary.severities) {
                settings.postmortemCriteria = criteria
            } else {
                complete = false
            }
        }
        return complete ? settings : nil
    }

    /// `required_when:` — every criterion it leaves out is off.
    static func criteria(_ value: ConfigValue, severities known: [String]) -> PostmortemCriteria? {
        guard let map = value.mapping(allowed: ["severities", "downtime_over", "budget_spent_over", "data_loss"]) else { return nil }
        var criteria = PostmortemCriteria(severities: [], downtimeOver: nil, budgetSpentOver: nil, dataLoss: false)
        var complete = true
        if let listValue = map["severities"], let list = listValue.stringList() {
            for severity in list where !known.contains(severity) {
                listValue.error(Suggestion.unknown("severity", severity, expected: known))
                complete = false
            }
            criteria.severities = Set(list)
        }
        if let downtimeValue = map["downtime_over"] {
            if let downtime = downtimeValue.duration() { criteria.downtimeOver = downtime } else { complete = false }
        }
        if let shareValue = map["budget_spent_over"] {
            if let share = percentage(shareValue) { criteria.budgetSpentOver = share } else { complete = false }
        }
        criteria.dataLoss = map["data_loss"]?.bool() ?? false
        return complete ? criteria : nil
    }

    /// `20%` or `0.2` → 0.2.
    static func percentage(_ value: ConfigValue) -> Double? {
        if case .scalar(let scalar) = value.node, Double(scalar.string) == nil {
            let text = scalar.string
            guard text.hasSuffix("%"), let number = Double(text.dropLast().trimmingCharacters(in: .whitespaces)), number > 0, number <= 1000 else {
                value.error("expected a share such as 20% or 0.2, found '\(text)'")
                return nil
            }
            return number / 100
        }
        guard let number = value.double() else { return nil }
        guard number > 0, number <= 10 else {
            value.error("expected a share such as 20% or 0.2, found \(number)")
            return nil
        }
        return number
    }

    static func team(_ value: ConfigValue) -> Named<TeamSpec>? {
        guard let map = value.mapping(allowed: ["name", "members", "hours_per_week"]),
            let nameValue = map.required("name"), let name = NativeParser.identifier(nameValue)
        else { return nil }
        var team = TeamSpec(name: name, members: map["members"]?.stringList() ?? [], location: value.location)
        if let hoursValue = map["hours_per_week"], let hours = hoursValue.double() {
            if hours > 0 && hours <= 168 { team.hoursPerWeek = hours } else { hoursValue.error("must be more than 0 and at most 168") }
        }
        return Named(name: name, value: team, nameValue: nameValue)
    }

    /// `{service, start, end | duration, reason}`.
    static func maintenance(_ value: ConfigValue) -> (window: MaintenanceWindow, service: ConfigValue)? {
        guard let map = value.mapping(allowed: ["service", "start", "end", "duration", "reason"]),
            let serviceValue = map.required("service"), let service = serviceValue.string(),
            let startValue = map.required("start"), let start = time(startValue)
        else { return nil }
        var end: Date?
        switch (map["end"], map["duration"]) {
        case (let endValue?, nil):
            end = time(endValue)
        case (nil, let durationValue?):
            if let duration = durationValue.duration() { end = start.addingTimeInterval(duration.inSeconds) }
        case (_?, _?):
            value.error("give end or duration, not both")
        case (nil, nil):
            value.error("give end or duration")
        }
        guard let end else { return nil }
        guard end > start else {
            (map["end"] ?? map["duration"] ?? value).error("must end after it starts")
            return nil
        }
        let window = MaintenanceWindow(
            id: "", service: service, start: start, end: end, reason: map["reason"]?.string() ?? "planned maintenance", createdBy: "config")
        return (window, serviceValue)
    }

    static func time(_ value: ConfigValue) -> Date? {
        guard let text = value.string() else { return nil }
        guard let date = RFC3339.parse(text) else {
            value.error("expected an RFC 3339 time such as 2026-12-01T02:00:00Z, found '\(text)'")
            return nil
        }
        return date
    }

    private static func duplicate(in list: [String]) -> String? {
        var seen: Set<String> = []
        return list.first { !seen.insert($0).inserted }
    }
}
