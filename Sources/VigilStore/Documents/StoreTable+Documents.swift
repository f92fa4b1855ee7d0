extension StoreTable {
    /// The statements of ``DocumentStore``, the same text in both dialects but for the
    /// placeholder (`?N` in SQLite, `$N` in PostgreSQL): a parameter's number is its
    /// position in the arguments, which follow `columns` in the order given.
    struct DocumentStatements: Sendable {
        let table: StoreTable
        let dialect: SQLDialect

        private func placeholder(_ number: Int) -> String {
            switch dialect {
            case .sqlite: "?\(number)"
            case .postgres: "$\(number)"
            }
        }

        /// `INSERT` of `columns` and an empty body (the body is written once the id is known).
        func insert(_ columns: [String]) -> String {
            let values = columns.indices.map { placeholder($0 + 1) } + ["'{}'"]
            return "INSERT INTO \(table.name) (\((columns + ["body"]).joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
        }

        /// `UPDATE` of `columns` and the body of one row; the id is the last argument.
        func update(_ columns: [String]) -> String {
            let assignments = (columns + ["body"]).enumerated().map { "\($0.element) = \(placeholder($0.offset + 1))" }
            return "UPDATE \(table.name) SET \(assignments.joined(separator: ", ")) WHERE id = \(placeholder(columns.count + 2))"
        }

        /// `SELECT body` of the rows matching `columns`, then (if there are such arguments)
        /// below an id and up to a limit, in that order.
        func select(matching columns: [String], before: Bool, newestFirst: Bool, limit: Bool) -> String {
            var conditions = columns.enumerated().map { "\($0.element) = \(placeholder($0.offset + 1))" }
            if before { conditions.append("id < \(placeholder(columns.count + 1))") }
            var sql = "SELECT body FROM \(table.name)"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY id" + (newestFirst ? " DESC" : "")
            if limit { sql += " LIMIT \(placeholder(columns.count + (before ? 2 : 1)))" }
            return sql
        }
    }

    /// Checks, in debug builds, that a document query names columns this table has:
    /// the names come from code, so a wrong one is a bug found by the tests.
    func documentColumns(_ columns: some Collection<String>) -> [String] {
        let names = columns.sorted()
        assert(names.allSatisfy { name in self.columns.contains { $0.name == name } }, "\(self.name) has no column among \(names)")
        return names
    }
}
