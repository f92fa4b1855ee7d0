import Foundation

/// What a page at an instant would do if nobody acknowledged it: every step that would
/// go out, when, to whom, and what time it would be for them. Runs the real
/// ``EscalationBook`` on a made-up page, so the simulation cannot drift from what the
/// server does.
public struct EscalationSimulation: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public var step: Int
        public var round: Int
        public var at: Date
        public var target: EscalationPolicy.Target
        /// `nil`: the schedule had nobody on call.
        public var recipient: Escalation.Recipient?
        /// The recipient's own clock (`Sat 03:12 CET`) when they are a person with a zone.
        public var localTime: String?
        /// Outside the person's working hours.
        public var offHours: Bool
    }

    public var policy: String
    public var start: Date
    public var lines: [Line]
    /// When the last step's wait runs out: the page is then exhausted.
    public var exhaustedAt: Date?

    /// - Parameters:
    ///   - schedules: by name, with their overrides.
    ///   - people: by name, for local times.
    public init(policy: EscalationPolicy, at start: Date, schedules: [String: Schedule], people: [String: Person], overrides: [ScheduleOverride] = []) {
        self.policy = policy.name
        self.start = start
        var book = EscalationBook(policies: [policy])
        let notification = AlertNotification(
            receiver: policy.name, groupKey: "simulation", groupLabels: [:], status: .firing,
            alerts: [Alert(labels: ["alertname": "Simulated"], annotations: [:], startsAt: start)], notificationClass: .alert,
            idempotencyKey: "simulation", createdAt: start, isRepeat: false)
        _ = book.take(notification, at: start)
        var lines: [Line] = []
        var now = start
        // Every step of every round, then the final wait: bounded by the policy's size.
        for _ in 0...(policy.steps.count * (policy.repeatCount + 1) + 1) {
            _ = book.advance(at: now, acknowledgements: [:]) { schedules[$0]?.onCall(at: $1, overrides: overrides) ?? [] }
            guard let next = book.nextDue else { break }
            now = next
        }
        let escalation = book.state.escalations.values.first
        for page in escalation?.pages ?? [] {
            var line = Line(step: page.step, round: page.round, at: page.at, target: page.target, recipient: page.recipient, localTime: nil, offHours: false)
            if case .person(let name)? = page.recipient, let person = people[name] {
                line.localTime = person.localTime(page.at)
                line.offHours = person.isOffHours(page.at)
            }
            lines.append(line)
        }
        self.lines = lines
        exhaustedAt = escalation?.status == .exhausted ? now : nil
    }

    /// The timeline as text, one line per page: what `vigil oncall simulate` prints.
    public var text: String {
        var output = "A page at \(RFC3339.format(start)) to policy \(policy), if nobody acknowledges:\n"
        for line in lines {
            let offset = Self.offset(line.at.timeIntervalSince(start))
            let position = "step \(line.step + 1)" + (line.round > 0 ? " (round \(line.round + 1))" : "")
            let who: String
            switch line.recipient {
            case .person(let name)?: who = name + (line.localTime.map { " — their time \($0)\(line.offHours ? ", off hours" : "")" } ?? "")
            case .receiver(let name)?: who = "receiver \(name)"
            case nil: who = "nobody on call in \(line.target)"
            }
            output += "  +\(offset)  \(RFC3339.format(line.at))  \(position): \(who)\n"
        }
        if let exhaustedAt {
            output += "  +\(Self.offset(exhaustedAt.timeIntervalSince(start)))  \(RFC3339.format(exhaustedAt))  exhausted: nobody acknowledged\n"
        }
        return output
    }

    /// `0m`, `15m`, `1h05m`.
    static func offset(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        return minutes >= 60 ? String(format: "%dh%02dm", minutes / 60, minutes % 60) : "\(minutes)m"
    }
}
