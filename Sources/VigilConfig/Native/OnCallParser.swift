import Foundation
import VigilCore
import Yams

/// Reads `people:`, `schedules:`, `escalation_policies:` and `oncall:` (docs/oncall.md).
enum OnCallParser {
    /// What the documents declare, with the YAML values of every name they refer to.
    struct Declared {
        var people: [Named<PersonSpec>] = []
        var schedules: [Named<Schedule>] = []
        var policies: [Named<EscalationPolicy>] = []
        var settings: [Named<OnCallSettings>] = []
        /// Names of people used by layers, overrides and steps.
        var personReferences: [ConfigValue] = []
        var scheduleReferences: [ConfigValue] = []
        var receiverReferences: [ConfigValue] = []
        /// Email contacts, which need `oncall.email`.
        var emailContacts: [ConfigValue] = []
        /// Every name declared, even where the rest of its entry is broken: a reference to
        /// it is then not reported a second time as unknown.
        var personNames: Set<String> = []
        var scheduleNames: Set<String> = []
        var policyNames: Set<String> = []

        mutating func append(_ other: Declared) {
            people += other.people
            schedules += other.schedules
            policies += other.policies
            settings += other.settings
            personReferences += other.personReferences
            scheduleReferences += other.scheduleReferences
            receiverReferences += other.receiverReferences
            emailContacts += other.emailContacts
            personNames.formUnion(other.personNames)
            scheduleNames.formUnion(other.scheduleNames)
            policyNames.formUnion(other.policyNames)
        }
    }

    static func parse(_ root: ConfigMapping, into declarations: inout Declarations) {
        var declared = Declared()
        for item in root["people"]?.sequence() ?? [] {
            if let person = person(item, declared: &declared) { declared.people.append(person) }
        }
        for item in root["schedules"]?.sequence() ?? [] {
            if let schedule = schedule(item, declared: &declared) { declared.schedules.append(schedule) }
        }
        for item in root["escalation_policies"]?.sequence() ?? [] {
            if let policy = policy(item, declared: &declared) { declared.policies.append(policy) }
        }
        if let value = root["oncall"], let settings = settings(value) {
            declared.settings.append(Named(name: "oncall", value: settings, nameValue: value))
        }
        declarations.oncall.append(declared)
    }

    // MARK: People

    static func person(_ value: ConfigValue, declared: inout Declared) -> Named<PersonSpec>? {
        guard let map = value.mapping(allowed: ["name", "time_zone", "working_hours", "contacts"]), let nameValue = map.required("name"),
            let name = personName(nameValue)
        else { return nil }
        declared.personNames.insert(name)
        let zone = map.required("time_zone").flatMap(timeZone)
        let hours = map["working_hours"].flatMap(windows) ?? []
        var contacts: [ContactMethod] = []
        var complete = zone != nil
        for item in map.required("contacts")?.sequence() ?? [] {
            if let contact = contact(item, declared: &declared) { contacts.append(contact) } else { complete = false }
        }
        if map["contacts"]?.sequence()?.isEmpty == true { map["contacts"]?.error("give at least one way to reach \(name)") }
        guard complete, let zone, !contacts.isEmpty else { return nil }
        let spec = PersonSpec(person: Person(name: name, timeZone: zone, workingHours: hours), contacts: contacts, location: value.location)
        return Named(name: name, value: spec, nameValue: nameValue)
    }

    /// A person's name: any text, but not empty and without control characters.
    static func personName(_ value: ConfigValue) -> String? {
        guard let text = value.string() else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed == text, !text.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) || $0 == "#" })
        else {
            value.error("a person's name must be non-empty text without surrounding spaces, control characters or '#'")
            return nil
        }
        return text
    }

    static let contactKinds = ["email", "webhook", "slack", "sms", "voice"]

    static func contact(_ value: ConfigValue, declared: inout Declared) -> ContactMethod? {
        guard let map = value.mapping(allowed: contactKinds) else { return nil }
        guard map.entries.count == 1, let entry = map.entries.first else {
            // An unknown key was reported already; two kinds, or none at all, are not.
            if case Node.mapping(let node) = value.node, node.count != 1 || map.entries.count > 1 {
                value.error("give one contact method per entry: one of \(contactKinds.joined(separator: ", "))")
            }
            return nil
        }
        let body = entry.value
        switch entry.key {
        case "email":
            guard let address = body.string() else { return nil }
            guard address.contains("@"), !address.contains(" ") else {
                body.error("expected an email address, found '\(address)'")
                return nil
            }
            declared.emailContacts.append(body)
            return .email(address)
        case "slack":
            if case Node.scalar = body.node { return NativeParser.httpURL(body).map { .slack(url: $0) } }
            guard let m = body.mapping(allowed: ["url"]), let url = m.required("url").flatMap(NativeParser.httpURL) else { return nil }
            return .slack(url: url)
        case "webhook":
            if case Node.scalar = body.node { return NativeParser.httpURL(body).map { .webhook(url: $0, secret: nil) } }
            guard let m = body.mapping(allowed: ["url", "secret"]), let url = m.required("url").flatMap(NativeParser.httpURL) else { return nil }
            return .webhook(url: url, secret: m["secret"]?.string())
        default:
            guard case .textGateway(let url, let to, let secret, let voice)? = textGateway(body, voice: entry.key == "voice") else { return nil }
            return .textGateway(url: url, to: to, secret: secret, voice: voice)
        }
    }

    /// `{url, to, secret}`: an SMS or voice gateway.
    static func textGateway(_ body: ConfigValue, voice: Bool) -> ReceiverSpec.Kind? {
        guard let m = body.mapping(allowed: ["url", "to", "secret"]), let url = m.required("url").flatMap(NativeParser.httpURL),
            let to = m.required("to")?.string()
        else { return nil }
        return .textGateway(url: url, to: to, secret: m["secret"]?.string(), voice: voice)
    }

    static func timeZone(_ value: ConfigValue) -> TimeZone? {
        guard let name = value.string() else { return nil }
        // Abbreviations (CET, EST) are ambiguous and have no DST rules of their own.
        guard name.contains("/") || name == "UTC", let zone = TimeZone(identifier: name) else {
            let known = TimeZone.knownTimeZoneIdentifiers
            value.error("unknown time zone '\(name)'; give an IANA name such as Europe/Berlin\(Suggestion.hint(for: name, among: known))")
            return nil
        }
        return zone
    }

    /// One window (`Mon-Fri 09:00-17:00`) or a list of them.
    static func windows(_ value: ConfigValue) -> [TimeWindow]? {
        var items = [value]
        if case Node.sequence = value.node { items = value.sequence() ?? [] }
        var result: [TimeWindow] = []
        for item in items {
            guard let text = item.string() else { return nil }
            do { result.append(try TimeWindow(parsing: text)) } catch {
                item.error(error.message)
                return nil
            }
        }
        return result
    }

    // MARK: Schedules

    static func schedule(_ value: ConfigValue, declared: inout Declared) -> Named<Schedule>? {
        guard let map = value.mapping(allowed: ["name", "time_zone", "layers", "overrides", "description"]), let nameValue = map.required("name"),
            let name = NativeParser.identifier(nameValue)
        else { return nil }
        declared.scheduleNames.insert(name)
        let zone = map.required("time_zone").flatMap(timeZone)
        var layers: [ScheduleLayer] = []
        var complete = zone != nil
        let layerItems = map.required("layers")?.sequence() ?? []
        if map["layers"] != nil && layerItems.isEmpty { map["layers"]?.error("give at least one layer") }
        for (index, item) in layerItems.enumerated() {
            if let layer = layer(item, index: index, declared: &declared) { layers.append(layer) } else { complete = false }
        }
        var overrides: [ScheduleOverride] = []
        for (index, item) in (map["overrides"]?.sequence() ?? []).enumerated() {
            if let zone, let parsed = override(item, schedule: name, id: "cfg-\(name)-\(index + 1)", zone: zone, declared: &declared) {
                overrides.append(parsed)
            } else {
                complete = false
            }
        }
        guard complete, let zone, !layers.isEmpty else { return nil }
        var seen: Set<String> = []
        for (item, layer) in zip(layerItems, layers) where !seen.insert(layer.name).inserted {
            item.error("a second layer named '\(layer.name)'; layer names must differ")
            return nil
        }
        return Named(name: name, value: Schedule(name: name, timeZone: zone, layers: layers, overrides: overrides), nameValue: nameValue)
    }

    static func layer(_ value: ConfigValue, index: Int, declared: inout Declared) -> ScheduleLayer? {
        guard let map = value.mapping(allowed: ["name", "rotation", "start", "end", "participants", "shift_length", "restrictions"]) else { return nil }
        let name = map["name"].flatMap(NativeParser.identifier) ?? "layer-\(index + 1)"
        let rotation = map.required("rotation").flatMap(rotation)
        let start = map.required("start").flatMap(localTime)
        let end = map["end"].flatMap(localTime)
        var participants: [String] = []
        if let list = map.required("participants")?.sequence() {
            if list.isEmpty { map["participants"]?.error("give at least one participant") }
            for item in list {
                guard let person = item.string() else { continue }
                participants.append(person)
                declared.personReferences.append(item)
            }
        }
        var shiftLength: Duration?
        if let lengthValue = map["shift_length"], let length = lengthValue.duration() {
            if length <= .zero { lengthValue.error("must be more than 0") } else { shiftLength = length }
        }
        let restrictions = map["restrictions"].flatMap(windows)
        if map["restrictions"] != nil && restrictions == nil { return nil }
        guard let rotation, let start, !participants.isEmpty, map["end"] == nil || end != nil else { return nil }
        if let end, end <= start {
            map["end"]?.error("the layer ends (\(end)) before it starts (\(start))")
            return nil
        }
        return ScheduleLayer(
            name: name, rotation: rotation, start: start, end: end, participants: participants, shiftLength: shiftLength, restrictions: restrictions ?? [])
    }

    /// `hourly`, `daily`, `weekly`, `{every: 2, unit: weeks}` or `{rrule: "FREQ=…"}`.
    static func rotation(_ value: ConfigValue) -> Rotation? {
        if case Node.scalar = value.node, let text = value.string() {
            switch text {
            case "hourly": return .every(1, .hours)
            case "daily": return .every(1, .days)
            case "weekly": return .every(1, .weeks)
            default:
                value.error(Suggestion.unknown("rotation", text, expected: ["hourly", "daily", "weekly"]) + ", or {every: N, unit: days} or {rrule: ...}")
                return nil
            }
        }
        guard let map = value.mapping(allowed: ["every", "unit", "rrule"]) else { return nil }
        if let ruleValue = map["rrule"] {
            if map.has("every") || map.has("unit") { value.error("give rrule, or every and unit, not both") }
            guard let text = ruleValue.string() else { return nil }
            do { return .rule(try RecurrenceRule(parsing: text)) } catch {
                ruleValue.error(error.message)
                return nil
            }
        }
        guard let countValue = map.required("every"), let count = countValue.integer(), let unitValue = map.required("unit"),
            let unitName = unitValue.string()
        else { return nil }
        guard (1...1000).contains(count) else {
            countValue.error("must be 1 to 1000, found \(count)")
            return nil
        }
        guard let unit = Rotation.Unit(rawValue: unitName) else {
            unitValue.error(Suggestion.unknown("unit", unitName, expected: Rotation.Unit.allCases.map(\.rawValue)))
            return nil
        }
        return .every(Int(count), unit)
    }

    /// A wall-clock time (`2026-11-30T09:00`).
    static func localTime(_ value: ConfigValue) -> LocalDateTime? {
        guard let text = value.string() else { return nil }
        guard let local = LocalDateTime(parsing: text) else {
            value.error("expected a local date and time such as 2026-11-30T09:00 (read in the schedule's time zone), found '\(text)'")
            return nil
        }
        return local
    }

    /// A time with an offset (an instant), or a wall-clock time read in `zone`.
    static func instant(_ value: ConfigValue, zone: TimeZone) -> Date? {
        guard let text = value.string() else { return nil }
        if let instant = RFC3339.parse(text) { return instant }
        if let local = LocalDateTime(parsing: text) { return local.instant(in: zone) }
        value.error("expected a time such as 2026-12-24T00:00 (the schedule's zone) or 2026-12-24T00:00:00Z, found '\(text)'")
        return nil
    }

    static func override(_ value: ConfigValue, schedule: String, id: String, zone: TimeZone, declared: inout Declared) -> ScheduleOverride? {
        guard let map = value.mapping(allowed: ["add", "remove", "replace", "with", "start", "end", "reason"]) else { return nil }
        let start = map.required("start").flatMap { instant($0, zone: zone) }
        let end = map.required("end").flatMap { instant($0, zone: zone) }
        for key in ["add", "remove", "replace", "with"] { if let person = map[key] { declared.personReferences.append(person) } }
        let change: ScheduleOverride.Change?
        switch (map["add"]?.string(), map["remove"]?.string(), map["replace"]?.string(), map["with"]?.string()) {
        case (let person?, nil, nil, nil): change = .add(person)
        case (nil, let person?, nil, nil): change = .remove(person)
        case (nil, nil, let person, let with?): change = .replace(person: person, with: with)
        case (nil, nil, _?, nil):
            value.error("replace needs 'with': who takes the place")
            change = nil
        default:
            value.error("give one of add: P, remove: P, replace: P with: Q, or with: Q (replaces everyone)")
            change = nil
        }
        guard let change, let start, let end else { return nil }
        guard start < end else {
            value.error("the override ends before it starts")
            return nil
        }
        return ScheduleOverride(id: id, schedule: schedule, change: change, start: start, end: end, reason: map["reason"]?.string())
    }

    // MARK: Escalation policies

    static func policy(_ value: ConfigValue, declared: inout Declared) -> Named<EscalationPolicy>? {
        guard let map = value.mapping(allowed: ["name", "repeat", "steps", "description"]), let nameValue = map.required("name"),
            let name = NativeParser.identifier(nameValue)
        else { return nil }
        declared.policyNames.insert(name)
        var repeatCount = 0
        if let repeatValue = map["repeat"], let count = repeatValue.integer() {
            if (0...20).contains(count) { repeatCount = Int(count) } else { repeatValue.error("must be 0 to 20, found \(count)") }
        }
        var steps: [EscalationPolicy.Step] = []
        var complete = true
        let items = map.required("steps")?.sequence() ?? []
        if map["steps"] != nil && items.isEmpty { map["steps"]?.error("give at least one step") }
        for item in items {
            if let step = step(item, declared: &declared) { steps.append(step) } else { complete = false }
        }
        guard complete, !steps.isEmpty else { return nil }
        return Named(name: name, value: EscalationPolicy(name: name, steps: steps, repeatCount: repeatCount), nameValue: nameValue)
    }

    static func step(_ value: ConfigValue, declared: inout Declared) -> EscalationPolicy.Step? {
        guard let map = value.mapping(allowed: ["notify", "delay"]) else { return nil }
        var delay: Duration?
        if let delayValue = map.required("delay"), let parsed = delayValue.duration() {
            if parsed < .seconds(1) { delayValue.error("must be at least 1s") } else { delay = parsed }
        }
        var targets: [EscalationPolicy.Target] = []
        var complete = true
        let items = map.required("notify")?.sequence() ?? []
        if map["notify"] != nil && items.isEmpty { map["notify"]?.error("give at least one of {person: …}, {schedule: …}, {receiver: …}") }
        for item in items {
            guard let target = item.mapping(allowed: ["person", "schedule", "receiver"]), target.entries.count == 1, let entry = target.entries.first,
                let name = entry.value.string()
            else {
                if item.mapping(allowed: ["person", "schedule", "receiver"])?.entries.count ?? 1 != 1 {
                    item.error("give one of person, schedule or receiver per entry")
                }
                complete = false
                continue
            }
            switch entry.key {
            case "person":
                targets.append(.person(name))
                declared.personReferences.append(entry.value)
            case "schedule":
                targets.append(.schedule(name))
                declared.scheduleReferences.append(entry.value)
            default:
                targets.append(.receiver(name))
                declared.receiverReferences.append(entry.value)
            }
        }
        guard complete, let delay, !targets.isEmpty else { return nil }
        return EscalationPolicy.Step(targets: targets, delay: delay)
    }

    // MARK: Settings

    static func settings(_ value: ConfigValue) -> OnCallSettings? {
        guard let map = value.mapping(allowed: ["link_ttl", "email", "max_pages_per_shift"]) else { return nil }
        var settings = OnCallSettings()
        if let ttlValue = map["link_ttl"], let ttl = ttlValue.duration() {
            if ttl < .seconds(60) || ttl > .seconds(30 * 86_400) {
                ttlValue.error("must be 1m to 30d, found \(ttl.compactDescription)")
            } else {
                settings.linkTTL = ttl
            }
        }
        if let emailValue = map["email"] {
            guard let email = NativeParser.email(emailValue, recipients: false) else { return nil }
            settings.email = email
        }
        if let limitValue = map["max_pages_per_shift"], let limit = limitValue.integer() {
            if (1...100).contains(limit) { settings.maxPagesPerShift = Int(limit) } else { limitValue.error("must be 1 to 100, found \(limit)") }
        }
        return settings
    }

    // MARK: Resolution

    /// Builds the configuration's people, schedules and policies, checking every name
    /// they use. Route receivers may name an escalation policy; `routeReceivers` are the
    /// routing tree's receiver values, checked here against receivers *and* policies.
    static func resolve(_ declared: Declared, into configuration: inout VigilConfiguration, routeReceivers: [ConfigValue]) {
        configuration.people = Resolver.unique(declared.people, kind: "person").map(\.value)
        configuration.schedules = Resolver.unique(declared.schedules, kind: "schedule").map(\.value)
        configuration.escalationPolicies = Resolver.unique(declared.policies, kind: "escalation policy").map(\.value)
        configuration.oncall = Resolver.single(declared.settings, block: "oncall") ?? OnCallSettings()
        let people = declared.personNames
        for value in declared.personReferences {
            guard let name = value.string(), !people.contains(name) else { continue }
            let hint = Suggestion.hint(for: name, among: people)
            value.error("unknown person '\(name)'\(hint.isEmpty ? "; declare them under people:" : hint)")
        }
        let schedules = declared.scheduleNames
        for value in declared.scheduleReferences {
            guard let name = value.string(), !schedules.contains(name) else { continue }
            value.error("unknown schedule '\(name)'\(Suggestion.hint(for: name, among: schedules))")
        }
        let receivers = Set(configuration.receivers.map(\.name))
        for value in declared.receiverReferences {
            guard let name = value.string(), !receivers.contains(name) else { continue }
            value.error("unknown receiver '\(name)'\(Suggestion.hint(for: name, among: receivers))")
        }
        let policies = declared.policyNames
        for named in declared.policies where receivers.contains(named.name) {
            named.nameValue.error("'\(named.name)' names both a receiver and an escalation policy; a route could not tell which")
        }
        let destinations = receivers.union(policies)
        for value in routeReceivers {
            guard let name = value.string(), !destinations.contains(name) else { continue }
            let hint = Suggestion.hint(for: name, among: destinations)
            value.error("unknown receiver '\(name)'\(hint.isEmpty ? "; declare it under receivers: or escalation_policies:" : hint)")
        }
        if configuration.oncall.email == nil, let first = declared.emailContacts.first {
            first.error("an email contact needs oncall.email: the SMTP server to send through (see docs/oncall.md)")
        }
    }
}
