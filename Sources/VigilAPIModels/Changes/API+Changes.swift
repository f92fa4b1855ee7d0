import Foundation
import VigilCore

extension API {
    /// `POST /api/v1/changes`: a deploy or configuration change of a service.
    public struct ChangeRequest: Codable, Sendable, Equatable {
        public var service: String
        public var version: String?
        /// When it happened (RFC 3339; default now).
        public var time: String?
        public var author: String?
        /// Where to read about it (a URL).
        public var link: String?
        public var description: String?
        /// `deploy` (the default), `rollback` (to `version`) or `config`.
        public var kind: String?
        /// For a staged rollout: the share of traffic the version reaches now (`10%`).
        public var stage: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case service, version, time, author, link, description, kind, stage }

        public init(
            service: String, version: String?, time: String?, author: String?, link: String?, description: String?, kind: String? = nil,
            stage: String? = nil
        ) {
            self.kind = kind
            self.stage = stage
            self.service = service
            self.version = version
            self.time = time
            self.author = author
            self.link = link
            self.description = description
        }
    }
}

extension API {
    /// `GET /api/v1/changes`: newest first.
    public struct ChangeList: Codable, Sendable, Equatable {
        public var changes: [ChangeRecord]
        public var nextCursor: String?

        public init(changes: [ChangeRecord], nextCursor: String?) {
            self.changes = changes
            self.nextCursor = nextCursor
        }
    }
}
