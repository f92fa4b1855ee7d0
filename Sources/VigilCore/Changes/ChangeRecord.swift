import Foundation

/// A deploy, configuration change or other change to a service: what the timelines show
/// beside an SLO's burn and incident review correlates with impact. As stored and as the
/// API shows it (`GET /api/v1/changes`).
public struct ChangeRecord: Hashable, Sendable, Codable {
    /// What kind of change.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case deploy
        /// Back to an earlier version (the `version` it returns to).
        case rollback
        case config
    }

    /// Assigned by the store.
    public var id: Int64?
    public var service: String
    public var version: String?
    public var time: Date
    public var author: String?
    public var link: String?
    public var description: String?
    public var kind: Kind
    /// For a staged rollout, the share of traffic the version reaches at this change
    /// (`1%`, `10%`, `100%`); `nil` when it went to everyone at once. The stages of one
    /// version are its rollout (the deployment page).
    public var stage: String?

    public init(
        id: Int64? = nil, service: String, version: String?, time: Date, author: String?, link: String?, description: String?, kind: Kind = .deploy,
        stage: String? = nil
    ) {
        self.kind = kind
        self.stage = stage
        self.id = id
        self.service = service
        self.version = version
        self.time = time
        self.author = author
        self.link = link
        self.description = description
    }
}

extension ChangeRecord {
    /// A rollout stage as written (`10%`, ` 2.5 % `, `100`), normalised to `10%`; `nil`
    /// unless it is a share above 0 and at most 100 %.
    public static func stage(parsing text: String) -> String? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") { trimmed = String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard let share = Double(trimmed), share.isFinite, share > 0, share <= 100 else { return nil }
        let rounded = (share * 100).rounded() / 100
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%g", rounded)) + "%"
    }

    /// The stage's share of traffic, 0–1.
    public var stageShare: Double? { stage.flatMap { Double($0.dropLast()) }.map { $0 / 100 } }
}
