import Foundation
import VigilCore

extension API {
    /// An alert the notifier holds (Vigil's own or an Alertmanager's).
    public struct ActiveAlert: Codable, Sendable, Equatable {
        public var fingerprint: String
        /// `firing` or `resolved`.
        public var status: String
        /// `alert`, `ticket` or `log`.
        public var `class`: String
        public var labels: [String: String]
        public var annotations: [String: String]
        public var startsAt: Date
        public var endsAt: Date?
        public var acknowledgedBy: String?
        public var acknowledgedAt: Date?

        public init(_ alert: Alert, acknowledgement: Acknowledgement?, at now: Date) {
            fingerprint = alert.fingerprint
            status = alert.isFiring(at: now) ? "firing" : "resolved"
            `class` = alert.notificationClass.rawValue
            labels = alert.labels
            annotations = alert.annotations
            startsAt = alert.startsAt
            endsAt = alert.endsAt
            acknowledgedBy = acknowledgement?.by
            acknowledgedAt = acknowledgement?.at
        }
    }

    /// `GET /api/v1/alerts/active`: firing first.
    public struct ActiveAlerts: Codable, Sendable, Equatable {
        public var alerts: [ActiveAlert]

        public init(alerts: [ActiveAlert]) {
            self.alerts = alerts
        }
    }

    /// `POST /api/v1/alerts/{fingerprint}/ack`: stops repeats of a firing alert.
    public struct AcknowledgementRequest: Codable, Sendable, Equatable {
        public var by: String
        /// Why, or what is being done.
        public var comment: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case by, comment }

        public init(by: String, comment: String?) {
            self.by = by
            self.comment = comment
        }
    }

    /// The answer to an acknowledgement.
    public struct AcknowledgedAlert: Codable, Sendable, Equatable {
        public var fingerprint: String
        public var acknowledgedBy: String
        public var acknowledgedAt: Date

        public init(fingerprint: String, acknowledgedBy: String, acknowledgedAt: Date) {
            self.fingerprint = fingerprint
            self.acknowledgedBy = acknowledgedBy
            self.acknowledgedAt = acknowledgedAt
        }
    }

    /// `POST /api/v1/silences`: give `ends_at` or `duration` (from `starts_at`, default now).
    public struct SilenceRequest: Codable, Sendable, Equatable {
        /// Up to 64 letters, digits, `-` and `_`; a new one is made when absent.
        public var id: String?
        /// Alertmanager's syntax: `name=value`, `name!=value`, `name=~regex`, `name!~regex`.
        public var matchers: [String]
        public var startsAt: String?
        public var endsAt: String?
        /// Such as `2h`.
        public var duration: String?
        public var createdBy: String
        public var comment: String

        enum CodingKeys: String, CodingKey, CaseIterable { case id, matchers, startsAt, endsAt, duration, createdBy, comment }

        public init(matchers: [String], duration: String?, createdBy: String, comment: String) {
            self.matchers = matchers
            self.duration = duration
            self.createdBy = createdBy
            self.comment = comment
        }
    }

    /// A silence and whether it is `pending`, `active` or `expired` now.
    public struct SilenceDocument: Codable, Sendable, Equatable {
        public var id: String
        public var matchers: [String]
        public var startsAt: Date
        public var endsAt: Date
        public var createdBy: String
        public var comment: String
        public var state: String

        public init(_ silence: Silence, now: Date) {
            id = silence.id
            matchers = silence.matchers.map(\.description)
            startsAt = silence.startsAt
            endsAt = silence.endsAt
            createdBy = silence.createdBy
            comment = silence.comment
            state = silence.endsAt <= now ? "expired" : silence.startsAt > now ? "pending" : "active"
        }
    }

    /// `GET /api/v1/silences`.
    public struct SilenceList: Codable, Sendable, Equatable {
        public var silences: [SilenceDocument]

        public init(silences: [SilenceDocument]) {
            self.silences = silences
        }
    }
}
