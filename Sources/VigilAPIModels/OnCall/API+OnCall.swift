import Foundation
import VigilCore

extension API {
    /// One step target's page, as it went out.
    public struct EscalationPageDocument: Codable, Sendable, Equatable {
        /// 1-based, as people count steps and rounds.
        public var step: Int
        public var round: Int
        /// `person Dana Reyes`, `schedule storefront-primary`, `receiver tickets`.
        public var target: String
        /// Whom it reached; `nil`: the schedule had nobody on call.
        public var recipient: String?
        public var at: Date
    }

    /// An escalation: a page's run through its policy.
    public struct EscalationDocument: Codable, Sendable, Equatable {
        public var id: String
        public var policy: String
        public var groupKey: String
        /// `active`, `acknowledged`, `resolved` or `exhausted`.
        public var status: String
        public var startedAt: Date
        /// The next step (1-based) and when it goes out, while active.
        public var nextStep: Int?
        public var nextStepAt: Date?
        public var acknowledgedBy: String?
        public var acknowledgedAt: Date?
        public var resolvedBy: String?
        public var endedAt: Date?
        /// What the page is about: each firing alert's summary.
        public var alerts: [String]
        public var pages: [EscalationPageDocument]

        public init(_ escalation: Escalation, stepCount: Int) {
            id = escalation.id
            policy = escalation.policy
            groupKey = escalation.groupKey
            status = escalation.status.rawValue
            startedAt = escalation.startedAt
            let active = escalation.status == .active && !escalation.finalStepSent
            nextStep = active ? escalation.step % max(1, stepCount) + 1 : nil
            nextStepAt = active ? escalation.nextAt : nil
            acknowledgedBy = escalation.acknowledgedBy
            acknowledgedAt = escalation.acknowledgedAt
            resolvedBy = escalation.resolvedBy
            endedAt = escalation.endedAt
            alerts = escalation.summaries
            pages = escalation.pages.map {
                EscalationPageDocument(step: $0.step + 1, round: $0.round + 1, target: $0.target.description, recipient: $0.recipient?.description, at: $0.at)
            }
        }
    }

    /// `GET /api/v1/escalations`: open escalations and those ended in the last week, newest first.
    public struct EscalationList: Codable, Sendable, Equatable {
        public var escalations: [EscalationDocument]

        public init(escalations: [EscalationDocument]) { self.escalations = escalations }
    }

    /// Who a schedule has on call now and next, and its gaps ahead.
    public struct ScheduleNowDocument: Codable, Sendable, Equatable {
        public var name: String
        public var timeZone: String
        public var onCall: [String]
        /// When the current stretch began and ends (within the 14 days looked at).
        public var since: Date?
        public var until: Date?
        public var next: [String]
        public var gaps: [GapDocument]
        /// Hours on call per person over the next 14 days.
        public var hours: [String: Double]

        /// What `outlook` says of a schedule in `timeZone`, hours to a thousandth.
        public init(_ outlook: ScheduleOutlook, timeZone: TimeZone) {
            self.init(
                name: outlook.schedule, timeZone: timeZone.identifier, onCall: outlook.onCall, since: outlook.since, until: outlook.until,
                next: outlook.next, gaps: outlook.gaps.map { GapDocument(start: $0.start, end: $0.end) },
                hours: outlook.hours.mapValues { ($0 * 1000).rounded() / 1000 })
        }

        public init(name: String, timeZone: String, onCall: [String], since: Date?, until: Date?, next: [String], gaps: [GapDocument], hours: [String: Double])
        {
            self.name = name
            self.timeZone = timeZone
            self.onCall = onCall
            self.since = since
            self.until = until
            self.next = next
            self.gaps = gaps
            self.hours = hours
        }
    }

    /// A stretch with nobody on call.
    public struct GapDocument: Codable, Sendable, Equatable {
        public var start: Date
        public var end: Date

        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }
    }

    /// `GET /api/v1/oncall`: every schedule, at `at` (now unless asked).
    public struct OnCallNow: Codable, Sendable, Equatable {
        public var at: Date
        public var schedules: [ScheduleNowDocument]

        public init(at: Date, schedules: [ScheduleNowDocument]) {
            self.at = at
            self.schedules = schedules
        }
    }

    /// One person's contiguous time on call in one schedule.
    public struct ShiftDocument: Codable, Sendable, Equatable {
        public var schedule: String
        public var person: String
        public var start: Date
        public var end: Date
        public var hours: Double
        public var overridden: Bool

        public init(_ shift: OnCallShift) {
            schedule = shift.schedule
            person = shift.person
            start = shift.start
            end = shift.end
            hours = (shift.hours * 1000).rounded() / 1000
            overridden = shift.overridden
        }
    }

    /// `GET /api/v1/oncall/shifts`: final shifts (after overrides), by start.
    public struct ShiftList: Codable, Sendable, Equatable {
        public var from: Date
        public var to: Date
        public var shifts: [ShiftDocument]

        public init(from: Date, to: Date, shifts: [ShiftDocument]) {
            self.from = from
            self.to = to
            self.shifts = shifts
        }
    }

    /// `POST /api/v1/oncall/overrides`: `{"schedule", "replace"?, "with"?, "add"?, "remove"?, "start", "end", "created_by", "reason"?}`.
    public struct OverrideRequest: Codable, Sendable, Equatable {
        public var schedule: String
        public var add: String?
        public var remove: String?
        public var replace: String?
        public var with: String?
        /// RFC 3339, or a wall-clock time in the schedule's zone (`2026-12-24T00:00`).
        public var start: String
        public var end: String
        public var createdBy: String
        public var reason: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case schedule, add, remove, replace, with, start, end, createdBy, reason }

        public init(schedule: String, start: String, end: String, createdBy: String) {
            self.schedule = schedule
            self.start = start
            self.end = end
            self.createdBy = createdBy
        }
    }

    /// An override, from the configuration (`cfg-…`) or the API (`ovr-…`).
    public struct OverrideDocument: Codable, Sendable, Equatable {
        public var id: String
        public var schedule: String
        /// `add`, `remove` or `replace`.
        public var kind: String
        /// Who is added, removed or replaced (`nil`: everyone is replaced).
        public var person: String?
        /// Who takes the place, for `replace`.
        public var with: String?
        public var start: Date
        public var end: Date
        public var summary: String
        public var createdBy: String?
        public var reason: String?
        public var cancelledAt: Date?
        public var cancelledBy: String?
        /// `config` or `api`.
        public var source: String

        public init(_ override: ScheduleOverride) {
            id = override.id
            schedule = override.schedule
            switch override.change {
            case .add(let person):
                kind = "add"
                self.person = person
            case .remove(let person):
                kind = "remove"
                self.person = person
            case .replace(let person, let with):
                kind = "replace"
                self.person = person
                self.with = with
            }
            start = override.start
            end = override.end
            summary = override.summary
            createdBy = override.createdBy
            reason = override.reason
            cancelledAt = override.cancelledAt
            cancelledBy = override.cancelledBy
            source = override.id.hasPrefix("cfg-") ? "config" : "api"
        }
    }

    /// `GET /api/v1/oncall/overrides`: configured and stored overrides, by start.
    public struct OverrideList: Codable, Sendable, Equatable {
        public var overrides: [OverrideDocument]

        public init(overrides: [OverrideDocument]) { self.overrides = overrides }
    }
}

extension API {
    /// `GET /api/v1/oncall/simulate` and `vigil oncall simulate`: the page timeline if
    /// nobody acknowledged.
    public struct SimulationDocument: Codable, Sendable, Equatable {
        public struct Line: Codable, Sendable, Equatable {
            public var step: Int
            public var round: Int
            public var at: Date
            public var target: String
            public var recipient: String?
            /// The recipient's own clock, for a person.
            public var localTime: String?
            public var offHours: Bool
        }

        public var policy: String
        public var start: Date
        public var lines: [Line]
        public var exhaustedAt: Date?
        /// The timeline as `vigil oncall simulate` prints it.
        public var text: String

        public init(_ simulation: EscalationSimulation) {
            policy = simulation.policy
            start = simulation.start
            lines = simulation.lines.map {
                Line(
                    step: $0.step + 1, round: $0.round + 1, at: $0.at, target: $0.target.description, recipient: $0.recipient?.description,
                    localTime: $0.localTime, offHours: $0.offHours)
            }
            exhaustedAt = simulation.exhaustedAt
            text = simulation.text
        }
    }
}
