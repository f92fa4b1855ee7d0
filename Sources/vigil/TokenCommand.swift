import ArgumentParser
import Foundation
import VigilConfig
import VigilServer

/// `vigil token new`: makes an API token and the hash the config stores.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create API tokens.",
        subcommands: [New.self]
    )

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new random token and the config entry holding its salted (scrypt) hash.",
            discussion: "Example:\n  vigil token new --name ci-pipeline --scope ingest")

        @Option(help: "A name for the token (shown in 403 messages and logs).")
        var name: String

        @Option(help: "ingest, write or admin (repeatable).")
        var scope: [String] = ["ingest"]

        func validate() throws {
            for scope in scope where !["ingest", "write", "admin"].contains(scope) {
                throw ValidationError("--scope: unknown scope '\(scope)'; expected ingest, write or admin")
            }
        }

        func run() throws {
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let token = "vgl_" + bytes.map { String(format: "%02x", $0) }.joined()
            // Salted and memory-hard, so a leaked config does not give the token away
            // even where someone replaces this random token with a weaker one of theirs.
            let hash = try ScryptHash.new(for: token)
            Terminal.output(
                """
                token: \(token)
                # Give the token to the client; put this under server.tokens in the config:
                - name: \(name)
                  hash: "\(hash)"
                  scopes: [\(scope.joined(separator: ", "))]

                """)
        }
    }
}
