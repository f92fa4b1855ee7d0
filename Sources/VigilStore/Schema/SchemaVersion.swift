/// One step of the store's schema. Its name is what each database records as applied
/// (GRDB's `grdb_migrations`, PostgreSQL's `vigil_migrations`): a released name never
/// changes, and a released step never changes what it creates.
struct SchemaVersion: Sendable, Comparable, Hashable {
    let number: Int
    let name: String

    static func < (lhs: SchemaVersion, rhs: SchemaVersion) -> Bool { lhs.number < rhs.number }
}
