import ArgumentParser
import Foundation
import VigilStore

/// `vigil backup`: a consistent copy of the SQLite store, taken while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite store to a file with SQLite's online backup (the server may keep running).",
        discussion: """
            The copy is a consistent snapshot, checked with SQLite's integrity check before \
            the command succeeds. Restore it with `vigil restore`.

            Example:
              vigil backup --data .vigil-data --out backups/vigil-$(date +%F).sqlite
            """)

    @Option(help: "The server's data directory.")
    var data: String = ".vigil-data"

    @Option(help: "The backup file to write.")
    var out: String

    @Flag(help: "Overwrite the file if it exists.")
    var force = false

    func run() throws {
        do {
            let report = try SQLiteBackup.backup(dataDirectory: data, to: out, force: force)
            Terminal.output("backed up \(report)\n")
        } catch let error as StoreError {
            Terminal.error("vigil backup: \(error)")
            throw VigilExit.invalidInput
        }
    }
}

/// `vigil restore`: puts a backup in place of the store (with the server stopped).
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite store with a backup (stop vigil serve first).",
        discussion: """
            The backup is checked first (integrity, and a schema this version knows); the \
            store it replaces is kept beside it as vigil.sqlite.before-restore-<time>. \
            Refused while a vigil serve holds the data directory.

            Example:
              vigil restore --data .vigil-data --from backups/vigil-2026-11-24.sqlite
            """)

    @Option(help: "The server's data directory.")
    var data: String = ".vigil-data"

    @Option(help: "The backup file to restore.")
    var from: String

    func run() throws {
        do {
            let report = try SQLiteBackup.restore(from: from, dataDirectory: data)
            Terminal.output("restored \(report)\n")
        } catch let error as StoreError {
            Terminal.error("vigil restore: \(error)")
            throw VigilExit.invalidInput
        }
    }
}
