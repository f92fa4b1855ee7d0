import Foundation
import VigilCore
import Yams

extension ConfigEmitter {
    /// `people:`, `schedules:`, `escalation_policies:` and `oncall:`, as docs/oncall.md writes them.
    static func oncall(_ configuration: VigilConfiguration) -> [(String, Node?)] {
        var settings: Node?
        let defaults = OnCallSettings()
        if configuration.oncall != defaults {
            let oncall = configuration.oncall
            settings = mapping([
                ("link_ttl", oncall.linkTTL == defaults.linkTTL ? nil : duration(oncall.linkTTL)),
                ("max_pages_per_shift", oncall.maxPagesPerShift == defaults.maxPagesPerShift ? nil : integer(Int64(oncall.maxPagesPerShift))),
                ("email", oncall.email.map(smtp)),
            ])
        }
        return [
            ("people", list(configuration.people.map(person))), ("schedules", list(configuration.schedules.map(schedule))),
            ("escalation_policies", list(configuration.escalationPolicies.map(escalationPolicy))), ("oncall", settings),
        ]
    }

    static func person(_ spec: PersonSpec) -> Node {
        mapping([
            ("name", string(spec.name)), ("time_zone", string(spec.person.timeZone.identifier)),
            ("working_hours", list(spec.person.workingHours.map { string($0.description) })),
            ("contacts", list(spec.contacts.map(contact))),
        ])
    }

    static func contact(_ method: ContactMethod) -> Node {
        switch method {
        case .email(let address): mapping([("email", string(address))])
        case .slack(let url): mapping([("slack", string(url))])
        case .webhook(let url, let secret): mapping([("webhook", mapping([("url", string(url)), ("secret", optional(secret))]))])
        case .textGateway(let url, let to, let secret, let voice):
            mapping([(voice ? "voice" : "sms", mapping([("url", string(url)), ("to", string(to)), ("secret", optional(secret))]))])
        }
    }

    static func schedule(_ schedule: Schedule) -> Node {
        mapping([
            ("name", string(schedule.name)), ("time_zone", string(schedule.timeZone.identifier)),
            ("layers", list(schedule.layers.map(layer))), ("overrides", list(schedule.overrides.map(override))),
        ])
    }

    static func layer(_ layer: ScheduleLayer) -> Node {
        let rotation: Node =
            switch layer.rotation {
            case .every(1, .hours): string("hourly")
            case .every(1, .days): string("daily")
            case .every(1, .weeks): string("weekly")
            case .every(let count, let unit): mapping([("every", integer(Int64(count))), ("unit", string(unit.rawValue))])
            case .rule(let rule): mapping([("rrule", string(rule.text))])
            }
        return mapping([
            ("name", string(layer.name)), ("rotation", rotation), ("start", string(layer.start.description)),
            ("end", layer.end.map { string($0.description) }), ("participants", list(layer.participants.map(string))),
            ("shift_length", layer.shiftLength.map(duration)), ("restrictions", list(layer.restrictions.map { string($0.description) })),
        ])
    }

    static func override(_ override: ScheduleOverride) -> Node {
        var pairs: [(String, Node?)] = []
        switch override.change {
        case .add(let person): pairs.append(("add", string(person)))
        case .remove(let person): pairs.append(("remove", string(person)))
        case .replace(let person, let with): pairs += [("replace", optional(person)), ("with", string(with))]
        }
        pairs += [("start", string(RFC3339.format(override.start))), ("end", string(RFC3339.format(override.end))), ("reason", optional(override.reason))]
        return mapping(pairs)
    }

    static func escalationPolicy(_ policy: EscalationPolicy) -> Node {
        mapping([
            ("name", string(policy.name)), ("repeat", policy.repeatCount == 0 ? nil : integer(Int64(policy.repeatCount))),
            (
                "steps",
                list(
                    policy.steps.map { step in
                        mapping([
                            (
                                "notify",
                                list(
                                    step.targets.map { target in
                                        switch target {
                                        case .person(let name): mapping([("person", string(name))])
                                        case .schedule(let name): mapping([("schedule", string(name))])
                                        case .receiver(let name): mapping([("receiver", string(name))])
                                        }
                                    })
                            ), ("delay", duration(step.delay)),
                        ])
                    })
            ),
        ])
    }

    /// An SMTP block without recipients (the on-call email server).
    static func smtp(_ email: EmailReceiver) -> Node {
        mapping([
            ("from", string(email.from)), ("smarthost", string(email.smarthost)), ("username", optional(email.username)),
            ("password", optional(email.password)), ("require_tls", email.requireTLS ? nil : bool(false)),
            ("insecure_skip_verify", email.insecureSkipVerify ? bool(true) : nil),
        ])
    }
}
