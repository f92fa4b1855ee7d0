import Foundation
import VigilCore

extension StoreTable {
    /// Deploys and configuration changes, for the timelines and incident correlation.
    static let changes = StoreTable(
        name: "changes", since: .v1,
        columns: [
            .serialID, Column("service", .text), Column("version", .text, nullable: true), Column("time", .real),
            Column("author", .text, nullable: true), Column("link", .text, nullable: true), Column("description", .text, nullable: true),
            Column("kind", .text, nullable: true, since: .v11), Column("stage", .text, nullable: true, since: .v11),
        ],
        indexes: [Index("changes_by_service", on: ["service", "id"])])
}

extension ChangeRecord {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, service, version, time, author, link, description, kind, stage"

    /// A change stored before v11 has no kind: it was a deploy.
    init(storeRow row: some StoreRow) throws {
        let kindText = try row.optional(7, row.text)
        guard let kind = kindText.map({ Kind(rawValue: $0) }) ?? .deploy else { throw StoreError.corrupt("change kind '\(kindText ?? "")'") }
        self.init(
            id: try row.integer(0), service: try row.text(1), version: try row.optional(2, row.text), time: try row.date(3),
            author: try row.optional(4, row.text), link: try row.optional(5, row.text), description: try row.optional(6, row.text), kind: kind,
            stage: try row.optional(8, row.text))
    }
}
