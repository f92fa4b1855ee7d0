import Foundation
import Testing
import VigilConfig
import VigilCore

/// `people:`, `schedules:`, `escalation_policies:` and `oncall:` read into Core values,
/// printed back the same, and every mistake reported at its token.
@Suite struct OnCallConfigTests {
    static let good = """
        receivers:
          - {name: team-chat, slack: {url: "https://hooks.slack.com/services/T/B/X"}}
        people:
          - name: Dana Reyes
            time_zone: Europe/Berlin
            working_hours: ["Mon-Fri 09:00-18:00"]
            contacts:
              - email: dana@example.com
              - webhook: {url: "https://hooks.example.com/dana", secret: s}
              - sms: {url: "https://sms.example.com/send", to: "+4915112345678"}
          - {name: Sam Ode, time_zone: America/New_York, contacts: [{slack: "https://hooks.slack.com/services/T/B/Y"}, {voice: {url: "https://voice.example.com/call", to: "+15551234567"}}]}
        schedules:
          - name: primary
            time_zone: Europe/Berlin
            layers:
              - {name: weekly, rotation: weekly, start: "2026-11-30T09:00", participants: [Dana Reyes, Sam Ode]}
              - {name: days, rotation: {every: 2, unit: days}, start: "2026-11-30T09:00", end: "2027-06-30T09:00", participants: [Sam Ode], shift_length: 8h, restrictions: ["Mon-Fri 09:00-17:00"]}
              - {name: rule, rotation: {rrule: "FREQ=WEEKLY;BYDAY=MO,TH"}, start: "2026-11-30T09:00", participants: [Dana Reyes]}
            overrides:
              - {replace: Dana Reyes, with: Sam Ode, start: "2026-12-24T00:00", end: "2026-12-27T00:00", reason: holiday}
              - {add: Sam Ode, start: "2026-12-31T18:00:00Z", end: "2027-01-01T06:00:00Z"}
        escalation_policies:
          - name: pages
            repeat: 2
            steps:
              - {notify: [{schedule: primary}], delay: 5m}
              - {notify: [{person: Sam Ode}, {receiver: team-chat}], delay: 10m}
        routing:
          receiver: team-chat
          routes:
            - {matchers: ["severity = page"], receiver: pages}
        oncall:
          link_ttl: 2h
          max_pages_per_shift: 3
          email: {from: vigil@example.com, smarthost: "smtp.example.com:587"}
        """

    @Test func aFullOnCallConfigurationReadsAndPrintsBack() throws {
        let config = try ConfigLoader.load(yaml: Self.good, file: "o.yaml").get()
        #expect(config.people.map(\.name) == ["Dana Reyes", "Sam Ode"])
        #expect(config.people[0].contacts.map(\.kindName) == ["email", "webhook", "sms"])
        #expect(config.people[1].contacts.map(\.kindName) == ["slack", "voice"])
        let schedule = try #require(config.schedule(named: "primary"))
        #expect(schedule.layers.map(\.rotation.description) == ["weekly", "every 2 days", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH"])
        #expect(schedule.layers[1].shiftLength == .seconds(8 * 3600) && schedule.layers[1].end?.description == "2027-06-30T09:00")
        // A wall-clock override is read in the schedule's zone; one with Z is an instant.
        #expect(schedule.overrides.map { RFC3339.format($0.start) } == ["2026-12-23T23:00:00Z", "2026-12-31T18:00:00Z"])
        #expect(schedule.overrides.map(\.id) == ["cfg-primary-1", "cfg-primary-2"])
        let policy = try #require(config.escalationPolicy(named: "pages"))
        #expect(policy.repeatCount == 2 && policy.steps.map(\.delay) == [.seconds(300), .seconds(600)])
        #expect(policy.steps[1].targets == [.person("Sam Ode"), .receiver("team-chat")])
        #expect(config.oncall.linkTTL == .seconds(7200) && config.oncall.maxPagesPerShift == 3 && config.oncall.email?.from == "vigil@example.com")
        // Contact methods become receivers the outbox can send to.
        let receivers = config.contactReceivers(of: config.people[0])
        #expect(receivers.map(\.name) == ["person:Dana Reyes#1", "person:Dana Reyes#2", "person:Dana Reyes#3"])
        guard case .email(let email) = receivers[0].kind else {
            Issue.record("not email")
            return
        }
        #expect(email.to == ["dana@example.com"] && email.smarthost == "smtp.example.com:587")
        #expect(
            config.deliveryReceiver(named: "person:Sam Ode#2")?.kind
                == .textGateway(url: "https://voice.example.com/call", to: "+15551234567", secret: nil, voice: true))
        #expect(config.deliveryReceiver(named: "person:Nobody#1") == nil)
        #expect(config.personNames.contains("Sam Ode"))

        let again = try ConfigLoader.load(yaml: try ConfigEmitter.yaml(for: config), file: "again.yaml").get()
        #expect(again.schedules == config.schedules)
        #expect(again.escalationPolicies == config.escalationPolicies)
        #expect(again.people.map(\.person) == config.people.map(\.person) && again.people.map(\.contacts) == config.people.map(\.contacts))
        #expect(again.oncall == config.oncall)
    }

    @Test func mistakesAreReportedAtTheirTokens() {
        let yaml = """
            receivers:
              - {name: chat, slack: {url: "https://hooks.slack.com/services/T/B/X"}}
            people:
              - {name: Dana, time_zone: CET, contacts: [{webhook: "ftp://x"}]}
              - {name: Sam, time_zone: Europe/Berlni, contacts: [{email: sam}]}
              - {name: Kim, time_zone: UTC, working_hours: "Mon-Fri 9-5", contacts: [{pager: x}]}
            schedules:
              - name: primary
                time_zone: Europe/Berlin
                layers:
                  - {rotation: fortnightly, start: "2026-11-30 9:00", participants: [Dana, Sma]}
                  - {rotation: {rrule: "FREQ=WEEKLY;BYMONTH=3"}, start: "2026-11-30T09:00", participants: [Kim]}
                overrides:
                  - {replace: Dana, start: "2026-12-24T00:00", end: "2026-12-27T00:00"}
            escalation_policies:
              - name: pages
                steps:
                  - {notify: [{schedule: primry}, {person: Kim}, {receiver: chatt}], delay: 0s}
              - name: chat
                steps: [{notify: [{person: Kim}], delay: 1m}]
            routing:
              receiver: pagez
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "o.yaml") else {
            Issue.record("loaded a broken on-call configuration")
            return
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "o.yaml:4:29: error: people[0].time_zone: unknown time zone 'CET'; give an IANA name such as Europe/Berlin",
                "o.yaml:4:55: error: people[0].contacts[0].webhook: expected an http(s) URL, found 'ftp://x'",
                "o.yaml:5:28: error: people[1].time_zone: unknown time zone 'Europe/Berlni'; give an IANA name such as Europe/Berlin; did you mean 'Europe/Berlin'?",
                "o.yaml:5:62: error: people[1].contacts[0].email: expected an email address, found 'sam'",
                "o.yaml:6:48: error: people[2].working_hours: expected a time range HH:MM-HH:MM (24:00 ends the day), found '9-5'",
                "o.yaml:6:75: error: people[2].contacts[0].pager: unknown key 'pager'",
                "o.yaml:11:20: error: schedules[0].layers[0].rotation: unknown rotation 'fortnightly'; expected one of hourly, daily, weekly, or {every: N, unit: days} or {rrule: ...}",
                "o.yaml:11:40: error: schedules[0].layers[0].start: expected a local date and time such as 2026-11-30T09:00 (read in the schedule's time zone), found '2026-11-30 9:00'",
                "o.yaml:11:80: error: schedules[0].layers[0].participants[1]: unknown person 'Sma'; did you mean 'Sam'?",
                "o.yaml:12:28: error: schedules[0].layers[1].rotation.rrule: BYMONTH is not supported in a rotation rule; Vigil reads FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL, WKST",
                "o.yaml:14:9: error: schedules[0].overrides[0]: replace needs 'with': who takes the place",
                "o.yaml:18:30: error: escalation_policies[0].steps[0].notify[0].schedule: unknown schedule 'primry'; did you mean 'primary'?",
                "o.yaml:18:65: error: escalation_policies[0].steps[0].notify[2].receiver: unknown receiver 'chatt'; did you mean 'chat'?",
                "o.yaml:18:81: error: escalation_policies[0].steps[0].delay: must be at least 1s",
                "o.yaml:19:11: error: escalation_policies[1].name: 'chat' names both a receiver and an escalation policy; a route could not tell which",
                "o.yaml:22:13: error: routing.receiver: unknown receiver 'pagez'; did you mean 'pages'?",
            ])
    }

    @Test func anEmailContactNeedsTheSMTPServerToSendThrough() {
        let yaml = "people:\n  - {name: Ana, time_zone: UTC, contacts: [{email: ana@example.com}]}\n"
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "e.yaml") else {
            Issue.record("loaded an email contact without oncall.email")
            return
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "e.yaml:2:52: error: people[0].contacts[0].email: an email contact needs oncall.email: the SMTP server to send through (see docs/oncall.md)"
            ])
    }
}
