import VigilCore

extension API {
    /// `POST /api/v1/incidents`. Times are RFC 3339 text, checked by the server.
    public struct IncidentOpening: Codable, Sendable, Equatable {
        public var title: String
        public var severity: String
        public var summary: String?
        /// When impact began (default: `detected`).
        public var start: String?
        /// When it was noticed (default: now).
        public var detected: String?
        /// Role → person, such as `commander` → `Dana`.
        public var roles: [String: String]?
        public var services: [String]?
        public var slos: [String]?
        public var runbooks: [String]?
        public var chat: String?
        public var dataLoss: Bool?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case title, severity, summary, start, detected, roles, services, slos, runbooks, chat, dataLoss, author
        }

        public init(title: String, severity: String, author: String?) {
            self.title = title
            self.severity = severity
            self.author = author
        }
    }

    /// `POST /api/v1/incidents/{id}/status`.
    public struct IncidentStatusChange: Codable, Sendable, Equatable {
        public var status: String
        /// A note for the timeline.
        public var note: String?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case status, note, author }

        public init(status: String, note: String?, author: String?) {
            self.status = status
            self.note = note
            self.author = author
        }
    }

    /// `PATCH /api/v1/incidents/{id}`: what is given changes, the rest stays.
    public struct IncidentPatch: Codable, Sendable, Equatable {
        public var severity: String?
        /// Role → person; `null` frees the role.
        public var roles: [String: String?]?
        public var start: String?
        public var detected: String?
        public var acknowledged: String?
        public var mitigated: String?
        public var resolved: String?
        public var dataLoss: Bool?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case severity, roles, start, detected, acknowledged, mitigated, resolved, dataLoss, author }

        public init(author: String?) {
            self.author = author
        }

        /// The given time of one of the incident's five moments (RFC 3339 text).
        public func time(_ field: IncidentTimeField) -> String? {
            switch field {
            case .start: start
            case .detected: detected
            case .acknowledged: acknowledged
            case .mitigated: mitigated
            case .resolved: resolved
            }
        }

        /// Whether anything but the author is given.
        public var changesSomething: Bool {
            severity != nil || roles != nil || start != nil || detected != nil || acknowledged != nil || mitigated != nil || resolved != nil
                || dataLoss != nil
        }
    }

    /// `POST /api/v1/incidents/{id}/notes`.
    public struct IncidentNote: Codable, Sendable, Equatable {
        public var text: String
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case text, author }

        public init(text: String, author: String?) {
            self.text = text
            self.author = author
        }
    }

    /// `POST /api/v1/incidents/{id}/updates`: a customer-facing update.
    public struct PublicUpdateRequest: Codable, Sendable, Equatable {
        public var text: String
        /// The status it announces (default: the incident's).
        public var status: String?
        public var author: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case text, status, author }

        public init(text: String, status: String?, author: String?) {
            self.text = text
            self.status = status
            self.author = author
        }
    }
}
