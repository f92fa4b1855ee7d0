import Foundation

/// A postmortem: Markdown on the SRE book's template (docs/incidents.md), reviewed before
/// it is final.
public struct Postmortem: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case draft
        case inReview = "in-review"
        case final

        /// Review can send a postmortem back; a final one can be reopened for edits.
        public var allowedNext: [Status] {
            switch self {
            case .draft: [.inReview]
            case .inReview: [.draft, .final]
            case .final: [.draft]
            }
        }

        /// "in review", as the template writes it.
        public var words: String { self == .inReview ? "in review" : rawValue }
    }

    public var incident: Int64
    public var status: Status
    public var authors: [String]
    /// The Markdown.
    public var text: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(incident: Int64, status: Status = .draft, authors: [String], text: String, createdAt: Date, updatedAt: Date) {
        self.incident = incident
        self.status = status
        self.authors = authors
        self.text = text
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Follow-up work from a postmortem.
public struct ActionItem: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case prevent, mitigate, detect, process
    }

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case open
        case done
        /// Decided against, with the reason in the tracker.
        case dropped
    }

    public var id: Int64
    public var incident: Int64
    public var title: String
    public var kind: Kind
    public var owner: String?
    /// The day it is due (UTC midnight).
    public var due: Date?
    /// The ticket tracking it.
    public var link: String?
    public var status: Status
    public var createdAt: Date

    public init(
        id: Int64 = 0, incident: Int64, title: String, kind: Kind, owner: String? = nil, due: Date? = nil,
        link: String? = nil, status: Status = .open, createdAt: Date
    ) {
        self.id = id
        self.incident = incident
        self.title = title
        self.kind = kind
        self.owner = owner
        self.due = due
        self.link = link
        self.status = status
        self.createdAt = createdAt
    }

    /// Open and past its due day at `now`.
    public func isOverdue(at now: Date) -> Bool {
        guard status == .open, let due else { return false }
        return now >= due.addingTimeInterval(86_400)
    }
}

/// Time spent on toil: manual, repetitive, automatable work with no enduring value, that
/// grows with the service (docs/incidents.md).
public struct ToilEntry: Hashable, Sendable, Codable {
    public var id: Int64
    public var team: String
    public var minutes: Int
    public var category: String
    public var note: String?
    public var automatable: Bool
    /// When the work was done.
    public var at: Date
    public var author: String

    public init(id: Int64 = 0, team: String, minutes: Int, category: String, note: String? = nil, automatable: Bool, at: Date, author: String) {
        self.id = id
        self.team = team
        self.minutes = minutes
        self.category = category
        self.note = note
        self.automatable = automatable
        self.at = at
        self.author = author
    }
}
