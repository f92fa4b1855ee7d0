/// Why a store operation failed: data it cannot read, or a backup, restore or lock refused.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The store found data it cannot read.
    case corrupt(String)
    case dataDirectoryInUse(String)
    case cannotOpen(String, String)
    case notAVigilDatabase(String, String)
    case newerSchema(String, [String])
    case damaged(String, String)
    case exists(String)
    /// The database cannot take the operation now (disk full, read-only, locked, or
    /// PostgreSQL unreachable); a retry after the cause is fixed may succeed. Nothing of
    /// the operation was stored.
    case unavailable(String)

    public var description: String {
        switch self {
        case .corrupt(let what):
            "the store holds a corrupt \(what)"
        case .dataDirectoryInUse(let directory):
            "\(directory) is in use by a running vigil serve (it holds \(directory)/vigil.lock); stop it first"
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason)"
        case .notAVigilDatabase(let path, let reason):
            "\(path) is not a Vigil database: \(reason)"
        case .newerSchema(let path, let unknown):
            "\(path) comes from a newer Vigil (migrations this one does not know: \(unknown.joined(separator: ", "))); restore it with that version"
        case .damaged(let path, let report):
            "\(path) fails SQLite's integrity check: \(report)"
        case .exists(let path):
            "\(path) already exists; choose another name or pass --force"
        case .unavailable(let cause):
            "the store cannot take writes now: \(cause)"
        }
    }
}
