import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

/// The escalation state machine: steps and delays, acknowledgement, resolution, rounds,
/// gaps, and that a state written and read back between any two instants changes nothing.
@Suite struct EscalationBookTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static let policy = EscalationPolicy(
        name: "shop-pages",
        steps: [
            .init(targets: [.schedule("primary")], delay: .seconds(300)),
            .init(targets: [.person("Sam"), .receiver("tickets")], delay: .seconds(600)),
        ], repeatCount: 1)

    static func notification(status: AlertNotification.Status = .firing, alerts: [String] = ["a"], at seconds: Double = 0, isRepeat: Bool = false)
        -> AlertNotification
    {
        let created = at(seconds)
        return AlertNotification(
            receiver: "shop-pages", groupKey: "0.1:{service=\"shop\"}", groupLabels: ["service": "shop"], status: status,
            alerts: alerts.map {
                Alert(labels: ["alertname": $0, "service": "shop"], annotations: [:], startsAt: t0, endsAt: status == .resolved ? created : nil)
            },
            notificationClass: .alert, idempotencyKey: "k\(seconds)", createdAt: created, isRepeat: isRepeat)
    }

    static func onCall(_ schedule: String, _ instant: Date) -> [String] { schedule == "primary" ? ["Dana"] : [] }

    /// Runs the book second by second over `[from, to]`, with `acknowledgements` appearing
    /// at their times; returns what it sent, by second.
    static func run(
        _ book: inout EscalationBook, from: Int, to: Int, acknowledged: [String: (by: String, at: Int)] = [:],
        onCall: (String, Date) -> [String] = onCall
    ) -> [(Int, EscalationDelivery)] {
        var sent: [(Int, EscalationDelivery)] = []
        for second in from...to {
            let known = acknowledged.filter { $0.value.at <= second }.mapValues { EscalationBook.Acknowledger(by: $0.by, at: at(Double($0.at))) }
            let (deliveries, _) = book.advance(at: at(Double(second)), acknowledgements: known, onCall: onCall)
            sent += deliveries.map { (second, $0) }
        }
        return sent
    }

    static func who(_ sent: [(Int, EscalationDelivery)]) -> [String] {
        sent.map { "\($0.0) \($0.1.kind.rawValue) \($0.1.recipient)" }
    }

    @Test("unacknowledged: step 1 at once, step 2 after its delay, the whole policy once more, then exhausted")
    func fullRun() {
        var book = EscalationBook(policies: [Self.policy])
        let started = book.take(Self.notification(), at: Self.at(0))
        #expect(started.deliveries.isEmpty)
        #expect(started.events.map(\.kind) == [.started])
        let sent = Self.run(&book, from: 0, to: 4000)
        #expect(
            Self.who(sent) == [
                "0 page Dana", "300 page Sam", "300 page receiver tickets", "900 page Dana", "1200 page Sam", "1200 page receiver tickets",
            ])
        #expect(sent.map(\.1.round) == [0, 0, 0, 1, 1, 1])
        #expect(Set(sent.map(\.1.key)).count == sent.count)
        let escalation = book.current(groupKey: Self.notification().groupKey)!
        #expect(escalation.status == .exhausted)
        #expect(book.nextDue == nil)
    }

    @Test("an acknowledgement stops it: nothing more within three delays, and repeats of the group are dropped")
    func acknowledgement() {
        var book = EscalationBook(policies: [Self.policy])
        _ = book.take(Self.notification(), at: Self.at(0))
        let sent = Self.run(&book, from: 0, to: 3 * 900, acknowledged: ["a": ("Dana", 120)].mapKeys(Self.fingerprint))
        #expect(Self.who(sent) == ["0 page Dana"])
        let escalation = book.current(groupKey: Self.notification().groupKey)!
        #expect(escalation.status == .acknowledged)
        #expect(escalation.acknowledgedBy == "Dana")
        #expect(escalation.acknowledgedAt == Self.at(120))
        #expect(book.take(Self.notification(at: 2000, isRepeat: true), at: Self.at(2000)).deliveries.isEmpty)
    }

    @Test("a new alert after the acknowledgement starts a new escalation; resolution ends it and tells everyone paged")
    func newAlertAndResolution() {
        var book = EscalationBook(policies: [Self.policy])
        _ = book.take(Self.notification(), at: Self.at(0))
        _ = Self.run(&book, from: 0, to: 400)
        _ = book.acknowledge(id: "esc-1", by: "Sam", at: Self.at(401))
        let second = book.take(Self.notification(alerts: ["a", "b"], at: 500), at: Self.at(500))
        #expect(second.events.first?.escalationID == "esc-2")
        let sent = Self.run(&book, from: 500, to: 600)
        #expect(Self.who(sent) == ["500 page Dana"])
        let update = book.take(Self.notification(alerts: ["a", "b", "c"], at: 700), at: Self.at(700))
        #expect(update.deliveries.map(\.kind) == [.update])
        let resolved = book.take(Self.notification(status: .resolved, alerts: ["a", "b", "c"], at: 800), at: Self.at(800))
        #expect(resolved.deliveries.map { "\($0.kind.rawValue) \($0.recipient)" } == ["resolved Dana"])
        #expect(book.state.escalations["esc-2"]?.status == .resolved)
        #expect(book.state.escalations["esc-2"]?.resolvedBy == nil)
        #expect(Self.run(&book, from: 800, to: 3000).isEmpty)
    }

    @Test("the resolve link ends it at once and tells everyone paged; a second use finds nothing open")
    func resolveLink() {
        var book = EscalationBook(policies: [Self.policy])
        _ = book.take(Self.notification(), at: Self.at(0))
        _ = Self.run(&book, from: 0, to: 350)
        let resolved = book.resolve(id: "esc-1", by: "Dana", at: Self.at(351))!
        #expect(Set(resolved.deliveries.map(\.recipient)) == [.person("Dana"), .person("Sam"), .receiver("tickets")])
        #expect(resolved.events.map(\.summary) == ["resolved by Dana"])
        #expect(book.resolve(id: "esc-1", by: "Dana", at: Self.at(352)) == nil)
        #expect(book.acknowledge(id: "esc-1", by: "Dana", at: Self.at(352)) == nil)
        #expect(Self.run(&book, from: 351, to: 3000).isEmpty)
    }

    @Test("a schedule with nobody on call: the gap is recorded and the next step goes at once")
    func gap() {
        var book = EscalationBook(policies: [Self.policy])
        _ = book.take(Self.notification(), at: Self.at(0))
        var events: [EscalationEvent] = []
        let (deliveries, stepEvents) = book.advance(at: Self.at(0), acknowledgements: [:], onCall: { _, _ in [] })
        events += stepEvents
        #expect(deliveries.map { "\($0.recipient) s\($0.step)" } == ["Sam s1", "receiver tickets s1"])
        #expect(events.map(\.kind) == [.unreachable, .paged, .paged])
        #expect(book.nextDue == Self.at(600))
    }

    @Test("a policy that reaches nobody at all still waits its delays instead of spinning")
    func nobodyAnywhere() {
        let lonely = EscalationPolicy(name: "shop-pages", steps: [.init(targets: [.schedule("empty")], delay: .seconds(60))], repeatCount: 2)
        var book = EscalationBook(policies: [lonely])
        _ = book.take(Self.notification(), at: Self.at(0))
        var unreachable = 0
        for second in 0...400 {
            unreachable += book.advance(at: Self.at(Double(second)), acknowledgements: [:], onCall: { _, _ in [] }).events.count { $0.kind == .unreachable }
        }
        #expect(unreachable == 3)
        #expect(book.state.escalations["esc-1"]?.status == .exhausted)
    }

    @Test("durability: writing the state and reading it back at random instants changes nothing that goes out")
    func restartEquivalence() throws {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<30 {
            var reference = EscalationBook(policies: [Self.policy])
            var restarted = reference
            let ackAt = Bool.random(using: &generator) ? Int.random(in: 0...2000, using: &generator) : nil
            let acknowledged: [String: (by: String, at: Int)] = ackAt.map { [Self.fingerprint("a"): ("Dana", $0)] } ?? [:]
            _ = reference.take(Self.notification(), at: Self.at(0))
            _ = restarted.take(Self.notification(), at: Self.at(0))
            let expected = Self.run(&reference, from: 0, to: 2500, acknowledged: acknowledged)
            // The restarted book stops at random seconds, goes through JSON, and goes on
            // (sometimes after a gap of downtime, when the step it owes goes out once).
            var sent: [(Int, EscalationDelivery)] = []
            var second = 0
            while second <= 2500 {
                let until = min(2500, second + Int.random(in: 1...400, using: &generator))
                sent += Self.run(&restarted, from: second, to: until, acknowledged: acknowledged)
                let data = try JSONEncoder().encode(restarted.state)
                restarted = EscalationBook(policies: [Self.policy], state: try JSONDecoder().decode(EscalationBook.State.self, from: data))
                second = until + 1
            }
            #expect(Self.who(sent) == Self.who(expected))
        }
    }

    @Test("after downtime the step owed goes out once, and the next one waits its full delay from then")
    func downtime() {
        var book = EscalationBook(policies: [Self.policy])
        _ = book.take(Self.notification(), at: Self.at(0))
        _ = book.advance(at: Self.at(0), acknowledgements: [:], onCall: Self.onCall)
        // Down from 10 s to 2,000 s: steps 2 and 3 were both due meanwhile.
        let back = book.advance(at: Self.at(2000), acknowledgements: [:], onCall: Self.onCall)
        #expect(back.deliveries.map(\.step) == [1, 1])
        #expect(book.nextDue == Self.at(2600))
    }

    static func fingerprint(_ name: String) -> String { Alert(labels: ["alertname": name, "service": "shop"], annotations: [:], startsAt: t0).fingerprint }
}

extension Dictionary {
    fileprivate func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] { Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) }) }
}
