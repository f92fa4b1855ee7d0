import VigilReports

extension API.SLODocument {
    /// The same JSON as the `Encodable` form, written directly: `GET /api/v1/slos` lists
    /// up to 1,000 SLOs a page and `JSONEncoder` was most of its time (a test checks that
    /// both write the same document).
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("name", name)
            json.field("instance", instance)
            json.key("group")
            if let group {
                json.object { json in for label in group.keys.sorted() { json.field(label, group[label]) } }
            } else {
                json.string(nil)
            }
            json.field("overflow", overflow)
            json.field("service", service)
            json.field("external", external)
            json.field("objective", objective)
            json.field("window", window)
            json.field("window_seconds", windowSeconds)
            json.field("budgeting", budgeting)
            json.field("evaluated", evaluated)
            json.key("notes")
            json.array { json in for note in notes { json.string(note) } }
            json.field("good", good)
            json.field("valid", valid)
            json.field("sli", sli)
            json.field("budget_remaining", budgetRemaining)
            json.field("budget_consumed", budgetConsumed)
            json.key("current_burn")
            if let currentBurn { currentBurn.write(to: &json) } else { json.string(nil) }
            json.field("time_to_exhaustion", timeToExhaustion)
            json.field("time_to_exhaustion_seconds", timeToExhaustionSeconds)
            json.key("tiers")
            json.array { json in
                for tier in tiers {
                    json.object { json in
                        json.field("name", tier.name)
                        json.field("severity", tier.severity)
                        json.field("factor", tier.factor)
                        json.field("min_events", tier.minEvents)
                        json.key("long")
                        tier.long.write(to: &json)
                        json.key("short")
                        tier.short.write(to: &json)
                        json.field("state", tier.state)
                    }
                }
            }
            json.field("exhaustion_alert_firing", exhaustionAlertFiring)
            json.field("output", output)
        }
    }
}

extension API.WindowDocument {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("window", window)
            json.field("good", good)
            json.field("valid", valid)
            json.field("burn_rate", burnRate)
        }
    }
}
