import Foundation
import VigilCore

extension API {
    /// `POST /api/v1/toil`.
    public struct ToilRequest: Codable, Sendable, Equatable {
        public var team: String
        /// Whole minutes, 1 to 10,080 (a week).
        public var minutes: Int
        public var category: String
        public var automatable: Bool?
        public var note: String?
        /// When it was done (RFC 3339; default now).
        public var at: String?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case team, minutes, category, automatable, note, at, author }

        public init(team: String, minutes: Int, category: String, automatable: Bool?, note: String?, at: String?, author: String?) {
            self.team = team
            self.minutes = minutes
            self.category = category
            self.automatable = automatable
            self.note = note
            self.at = at
            self.author = author
        }
    }

    /// `POST /api/v1/services/{name}/satisfaction`.
    public struct SatisfactionRequest: Codable, Sendable, Equatable {
        /// The share of satisfied users, 0 to 1.
        public var score: Double
        public var note: String?
        public var at: String?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case score, note, at, author }

        public init(score: Double, note: String?, author: String?) {
            self.score = score
            self.note = note
            self.author = author
        }
    }

    /// A recorded satisfaction score.
    public struct SatisfactionDocument: Codable, Sendable, Equatable {
        public var service: String
        public var score: Double
        public var at: Date
        public var note: String?

        public init(_ score: SatisfactionScore) {
            service = score.service
            self.score = score.score
            at = score.at
            note = score.note
        }
    }

    /// `POST /api/v1/maintenance`: give `end` or `duration` (from `start`, default now).
    public struct MaintenanceRequest: Codable, Sendable, Equatable {
        public var service: String
        public var start: String?
        public var end: String?
        /// Such as `2h`.
        public var duration: String?
        public var reason: String?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case service, start, end, duration, reason, author }

        public init(service: String, start: String?, end: String?, duration: String?, reason: String?, author: String?) {
            self.service = service
            self.start = start
            self.end = end
            self.duration = duration
            self.reason = reason
            self.author = author
        }
    }

    /// A maintenance window and whether it is `scheduled`, `active` or `ended` now.
    public struct MaintenanceDocument: Codable, Sendable, Equatable {
        public var id: String
        public var service: String
        public var start: Date
        public var end: Date
        public var reason: String
        public var createdBy: String
        public var state: String
        /// Declared in the configuration (`cfg-…` ids) rather than through the API.
        public var fromConfiguration: Bool

        public init(_ window: MaintenanceWindow, now: Date) {
            id = window.id
            service = window.service
            start = window.start
            end = window.end
            reason = window.reason
            createdBy = window.createdBy
            state = window.end <= now ? "ended" : window.start > now ? "scheduled" : "active"
            fromConfiguration = window.id.hasPrefix("cfg-")
        }
    }

    /// `GET /api/v1/maintenance`.
    public struct MaintenanceList: Codable, Sendable, Equatable {
        public var maintenance: [MaintenanceDocument]

        public init(maintenance: [MaintenanceDocument]) {
            self.maintenance = maintenance
        }
    }
}

extension API {
    /// `POST /-/reload`: the configuration was read again and applied.
    public struct ReloadResult: Codable, Sendable, Equatable {
        public var reloaded: Bool
        /// How many SLOs the new configuration has.
        public var slos: Int

        public init(reloaded: Bool, slos: Int) {
            self.reloaded = reloaded
            self.slos = slos
        }
    }
}
