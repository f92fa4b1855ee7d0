import ArgumentParser
import Foundation
import Logging
import VigilStore

/// `vigil migrate`: moves the embedded store into PostgreSQL, for several replicas.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the SQLite store into an empty PostgreSQL database (stop vigil serve first).",
        discussion: """
            Every table is copied with its ids, in one PostgreSQL transaction, and each \
            table's row count is checked before it commits: a failure leaves the database \
            as it was. The target must hold no Vigil data yet; the SQLite store is left \
            untouched. Then start the replicas with --store and the same address. See \
            docs/scaling.md.

            Example:
              vigil migrate --from sqlite:.vigil-data --to postgres://vigil@db:5432/vigil
            """)

    @Option(help: "The SQLite store: sqlite:DIR or the data directory.")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…].")
    var to: String

    func validate() throws {
        if from.hasPrefix("postgres") { throw ValidationError("--from: the source is the SQLite store (sqlite:DIR); PostgreSQL to SQLite is not supported") }
        if !(to.hasPrefix("postgres://") || to.hasPrefix("postgresql://")) { throw ValidationError("--to: expected postgres://…, found '\(to)'") }
    }

    func run() async throws {
        let directory = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        var logger = Logger(label: "vigil-migrate")
        logger.logLevel = .error
        let target: PostgresStore
        do {
            target = try await PostgresStore.connect(url: to, logger: logger)
        } catch {
            Terminal.error("vigil migrate: \(error)")
            throw VigilExit.invalidInput
        }
        defer { target.close() }
        do {
            let report = try await StoreMigration.copy(dataDirectory: directory, to: target)
            Terminal.output("migrated \(directory) to \(target.location): \(report)\n")
        } catch {
            Terminal.error("vigil migrate: \(error)")
            throw VigilExit.invalidInput
        }
    }
}
