/// One table of the store, declared once: its columns in a vocabulary both SQL dialects
/// render, its indexes, the schema version that created it and how its rows age out.
///
/// Both stores' migrations, their retention passes and `vigil migrate`'s copy are
/// generated from these declarations (``StoreSchema``), so a new aggregate adds its
/// tables in one file and one line to ``StoreSchema/tables``. Public only so the stores'
/// ``DocumentStore`` requirements can name a table; nothing outside the store can make
/// or read one.
public struct StoreTable: Sendable {
    /// The table's name, the same in both dialects.
    let name: String
    /// The version whose migration creates the table.
    let since: SchemaVersion
    let columns: [Column]
    /// A primary key over several columns, or `nil` where one column is the key. SQLite
    /// clusters such a table on its key (`WITHOUT ROWID`): every read goes by it.
    var compositeKey: [String]? = nil
    var indexes: [Index] = []
    /// Sequences PostgreSQL creates before the table (for a column's default).
    var postgresSequences: [String] = []
    /// Which rows a retention pass deletes; `nil` keeps every row.
    var retention: Retention? = nil
}

/// The two SQL dialects the store speaks.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

extension StoreTable {
    /// One column. A column added after its table carries its own `since` and becomes an
    /// `ALTER TABLE … ADD COLUMN` in that version (SQLite then needs a default for a
    /// column that is not nullable).
    struct Column: Sendable {
        let name: String
        let kind: Kind
        var nullable = false
        var primaryKey = false
        var unique = false
        /// An SQL expression both dialects read the same way (`0`), or one dialect's own
        /// where the column is that dialect's only.
        var defaultValue: String? = nil
        /// The table whose `id` this column refers to.
        var references: String? = nil
        /// A column one dialect has and the other has not (PostgreSQL's ids where SQLite
        /// uses the rowid; the bucket revision replicas follow).
        var only: SQLDialect? = nil
        var since: SchemaVersion? = nil

        /// What a column holds, independent of dialect.
        enum Kind: Sendable {
            /// The table's own increasing id: never reused, so a cursor over it is stable.
            case serialID
            /// The id of a table that holds at most one row (`id = 1`).
            case singletonID
            case text
            /// A 64-bit integer.
            case integer
            /// A double.
            case real
            case boolean
            case blob
        }

        /// The usual `id` column of a table whose rows are appended.
        static let serialID = Column(name: "id", kind: .serialID)
    }

    /// A secondary index; `condition` makes it partial (`WHERE …`, the same text in both
    /// dialects).
    struct Index: Sendable {
        let name: String
        let columns: [String]
        var condition: String? = nil
        var only: SQLDialect? = nil
        /// The version that adds the index to an older table (`nil`: with the table).
        var since: SchemaVersion? = nil
    }

    /// Which rows a retention pass deletes: those matching `condition`, an SQL condition
    /// with one `?`, bound to the pass's ``Cutoff``.
    struct Retention: Sendable {
        let condition: String
        let cutoff: Cutoff
        /// A statement run, with the same cutoff, before any table is pruned (the minute
        /// buckets' roll-up into hours, so no count is lost with the minutes).
        var first: String? = nil
    }

    /// The cutoffs of one retention pass (``SignalStore/applyRetention(minutesBefore:hoursBefore:keysBefore:)``).
    enum Cutoff: Sendable {
        /// Minute data older than the minute window (an epoch minute).
        case minutes
        /// Hourly data older than the hour window (an epoch minute).
        case hours
        /// Idempotency keys and probe runs older than the key window (epoch seconds).
        case keys
        /// Alerting history, kept as long as the hourly roll-ups (epoch seconds).
        case history
    }

    /// Whether `dialect` has this column or index.
    static func present(_ only: SQLDialect?, in dialect: SQLDialect) -> Bool { only == nil || only == dialect }
}

extension StoreTable.Column {
    init(
        _ name: String, _ kind: Kind, nullable: Bool = false, primaryKey: Bool = false, unique: Bool = false, default defaultValue: String? = nil,
        references: String? = nil, only: SQLDialect? = nil, since: SchemaVersion? = nil
    ) {
        self.init(
            name: name, kind: kind, nullable: nullable, primaryKey: primaryKey, unique: unique, defaultValue: defaultValue, references: references,
            only: only, since: since)
    }
}

extension StoreTable.Index {
    init(_ name: String, on columns: [String], where condition: String? = nil, only: SQLDialect? = nil, since: SchemaVersion? = nil) {
        self.init(name: name, columns: columns, condition: condition, only: only, since: since)
    }
}
