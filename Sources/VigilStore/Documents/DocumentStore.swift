/// What both stores offer an aggregate kept as JSON documents: a table declared with a
/// serial `id`, a `body` and the columns it is queried by (action items, load runs and
/// most of what comes next). Each store implements this once; an aggregate's typed
/// protocol is then written once for both, beside its table (`Aggregates/LoadRuns.swift`),
/// and adding one touches no store file.
public protocol DocumentStore: Sendable {
    /// Inserts a row of `table` with `columns`, then its body made from the row's new id
    /// (so a document can carry its own id), in one transaction; returns the id.
    func insertDocument(into table: StoreTable, columns: [String: StoreValue], body: @escaping @Sendable (Int64) throws -> String) async throws -> Int64

    /// Reads row `id`'s body while holding the row, lets `change` make the new body and
    /// columns, and writes them in the same transaction, so concurrent changes to one
    /// document all land. Returns the new body, or `nil` where there is no such row (a
    /// `change` that throws writes nothing).
    func modifyDocument(in table: StoreTable, id: Int64, _ change: @escaping @Sendable (String) throws -> DocumentUpdate) async throws -> String?

    /// The bodies of the rows whose columns equal `matching`, with an id below `before`,
    /// by id (newest first where `newestFirst`), at most `limit`.
    func documents(in table: StoreTable, matching: [String: StoreValue], before: Int64?, newestFirst: Bool, limit: Int?) async throws -> [String]
}

/// A document's new body and the queried columns that change with it.
public struct DocumentUpdate: Sendable {
    public var body: String
    public var columns: [String: StoreValue]

    init(body: String, columns: [String: StoreValue] = [:]) {
        self.body = body
        self.columns = columns
    }
}
