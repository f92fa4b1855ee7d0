import Foundation

/// A deploy, configuration change or other change to a service: what the timelines show
/// beside an SLO's burn and incident review correlates with impact. As stored and as the
/// API shows it (`GET /api/v1/changes`).
public struct ChangeRecord: Hashable, Sendable, Codable {
    /// Assigned by the store.
    public var id: Int64?
    public var service: String
    public var version: String?
    public var time: Date
    public var author: String?
    public var link: String?
    public var description: String?

    public init(id: Int64? = nil, service: String, version: String?, time: Date, author: String?, link: String?, description: String?) {
        self.id = id
        self.service = service
        self.version = version
        self.time = time
        self.author = author
        self.link = link
        self.description = description
    }
}
