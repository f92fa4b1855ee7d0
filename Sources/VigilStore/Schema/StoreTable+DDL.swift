extension StoreTable {
    /// The statements `version` runs for this table in `dialect`: the table itself (with
    /// its sequences and indexes) in the version that creates it; afterwards, the
    /// columns and indexes added in `version`.
    func statements(for version: SchemaVersion, in dialect: SQLDialect) -> [String] {
        var statements: [String] = []
        if version == since {
            if dialect == .postgres { statements += postgresSequences.map { "CREATE SEQUENCE \($0)" } }
            statements.append(createTable(in: dialect))
        } else if version > since {
            for column in columns where column.since == version && Self.present(column.only, in: dialect) {
                statements.append("ALTER TABLE \(name) ADD COLUMN \(column.definition(in: dialect))")
            }
        }
        for index in indexes where (index.since ?? since) == version && Self.present(index.only, in: dialect) {
            statements.append(
                "CREATE INDEX \(index.name) ON \(name) (\(index.columns.joined(separator: ", ")))" + (index.condition.map { " WHERE \($0)" } ?? ""))
        }
        return statements
    }

    private func createTable(in dialect: SQLDialect) -> String {
        var parts = columns.filter { $0.since == nil && Self.present($0.only, in: dialect) }.map { $0.definition(in: dialect) }
        if let compositeKey { parts.append("PRIMARY KEY (\(compositeKey.joined(separator: ", ")))") }
        let clustered = compositeKey != nil && dialect == .sqlite ? " WITHOUT ROWID" : ""
        return "CREATE TABLE \(name) (\(parts.joined(separator: ", ")))\(clustered)"
    }
}

extension StoreTable.Column {
    /// The column's definition in `dialect` (`name TYPE constraints`).
    func definition(in dialect: SQLDialect) -> String {
        var text = "\(name) "
        switch (kind, dialect) {
        case (.serialID, .sqlite): return text + "INTEGER PRIMARY KEY AUTOINCREMENT"
        case (.serialID, .postgres): return text + "bigserial PRIMARY KEY"
        case (.singletonID, .sqlite): return text + "INTEGER PRIMARY KEY CHECK (\(name) = 1)"
        case (.singletonID, .postgres): return text + "integer PRIMARY KEY CHECK (\(name) = 1)"
        case (.text, .sqlite): text += "TEXT"
        case (.text, .postgres): text += "text"
        case (.integer, .sqlite), (.boolean, .sqlite): text += "INTEGER"
        case (.integer, .postgres): text += "bigint"
        case (.boolean, .postgres): text += "boolean"
        case (.real, .sqlite): text += "REAL"
        case (.real, .postgres): text += "double precision"
        case (.blob, .sqlite): text += "BLOB"
        case (.blob, .postgres): text += "bytea"
        }
        if primaryKey {
            text += " PRIMARY KEY"
            // SQLite lets a key that is not an INTEGER be NULL unless told otherwise.
            if dialect == .sqlite, kind != .integer { text += " NOT NULL" }
        } else if !nullable {
            text += " NOT NULL"
        }
        if unique { text += " UNIQUE" }
        if let defaultValue { text += " DEFAULT \(defaultValue)" }
        if let references { text += " REFERENCES \(references) (id)" }
        return text
    }
}
