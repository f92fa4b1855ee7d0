import Foundation
import VigilCore

extension API {
    /// A configured person's name found in a postmortem (blameless: name roles and systems).
    public struct BlamelessWarning: Codable, Sendable, Equatable {
        public var name: String
        public var line: Int
        public var message: String

        public init(name: String, line: Int) {
            self.name = name
            self.line = line
            message = "line \(line) names \(name); name the role or the system instead"
        }
    }

    /// `GET /api/v1/incidents/{id}/postmortem` and the answer of every change to it.
    public struct PostmortemDocument: Codable, Sendable, Equatable {
        /// `INC-<number>`.
        public var incident: String
        /// `draft`, `in-review` or `final`.
        public var status: String
        public var allowedNext: [String]
        public var authors: [String]
        /// Markdown.
        public var text: String
        public var createdAt: Date
        public var updatedAt: Date
        /// Whether the incident needs one, and why.
        public var required: Bool
        public var reasons: [String]
        public var blamelessWarnings: [BlamelessWarning]

        public init(_ postmortem: Postmortem, incident: Incident, reasons: [String], blamelessWarnings: [BlamelessWarning]) {
            self.incident = incident.reference
            status = postmortem.status.rawValue
            allowedNext = postmortem.status.allowedNext.map(\.rawValue)
            authors = postmortem.authors
            text = postmortem.text
            createdAt = postmortem.createdAt
            updatedAt = postmortem.updatedAt
            required = !reasons.isEmpty
            self.reasons = reasons
            self.blamelessWarnings = blamelessWarnings
        }
    }

    /// `POST /api/v1/incidents/{id}/postmortem`: draft one from the incident.
    public struct PostmortemDraftRequest: Codable, Sendable, Equatable {
        public var authors: [String]?
        /// Replace an existing draft.
        public var regenerate: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable { case authors, regenerate }

        public init(authors: [String]?, regenerate: Bool?) {
            self.authors = authors
            self.regenerate = regenerate
        }
    }

    /// `PUT /api/v1/incidents/{id}/postmortem`: the edited Markdown.
    public struct PostmortemEdit: Codable, Sendable, Equatable {
        /// The most characters a postmortem's text may hold (other strings take
        /// ``StrictJSONDecoder/defaultMaximumStringLength``).
        public static let maximumTextLength = 200_000

        public var text: String
        public var authors: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case text, authors }

        public init(text: String, authors: [String]?) {
            self.text = text
            self.authors = authors
        }
    }

    /// `POST /api/v1/incidents/{id}/postmortem/status` (and the postmortem's status in answers).
    public struct StatusChange: Codable, Sendable, Equatable {
        public var status: String

        enum CodingKeys: String, CodingKey, CaseIterable { case status }

        public init(status: String) {
            self.status = status
        }
    }

    /// `POST /api/v1/incidents/{id}/action-items`; `PATCH /api/v1/action-items/{id}` takes
    /// the same fields, each optional, and `status`.
    public struct ActionItemRequest: Codable, Sendable, Equatable {
        public var title: String?
        /// `prevent`, `mitigate`, `detect` or `process`.
        public var type: String?
        public var owner: String?
        /// A day such as `2026-12-15`.
        public var due: String?
        public var link: String?
        /// `open`, `done` or `dropped` (changes only).
        public var status: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case title, type, owner, due, link, status }

        public init(title: String? = nil, type: String? = nil, owner: String? = nil, due: String? = nil, link: String? = nil, status: String? = nil) {
            self.title = title
            self.type = type
            self.owner = owner
            self.due = due
            self.link = link
            self.status = status
        }
    }

    /// An action item from a postmortem.
    public struct ActionItemDocument: Codable, Sendable, Equatable {
        public var id: Int64
        /// `INC-<number>`.
        public var incident: String
        public var title: String
        public var type: String
        public var owner: String?
        /// The due day, such as `2026-12-15`.
        public var due: String?
        public var link: String?
        public var status: String
        /// Open and past its due day.
        public var overdue: Bool
        public var createdAt: Date

        public init(_ item: ActionItem, due: String?, now: Date) {
            id = item.id
            incident = "INC-\(item.incident)"
            title = item.title
            type = item.kind.rawValue
            owner = item.owner
            self.due = due
            link = item.link
            status = item.status.rawValue
            overdue = item.isOverdue(at: now)
            createdAt = item.createdAt
        }
    }

    /// `GET /api/v1/action-items`.
    public struct ActionItemList: Codable, Sendable, Equatable {
        public var actionItems: [ActionItemDocument]

        public init(actionItems: [ActionItemDocument]) {
            self.actionItems = actionItems
        }
    }
}
