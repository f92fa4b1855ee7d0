import ArgumentParser
import Foundation
import NIOHTTP1

/// `vigil alert list|ack|silence`: the notifier of a running server.
struct AlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "List, acknowledge and silence alerts on a running server.",
        subcommands: [List.self, Acknowledge.self, SilenceCommand.self]
    )

    /// Prints an answer's JSON as it came, or fails with its error.
    static func expect(_ answer: ServerClient.Answer, _ statuses: Set<Int>, from server: ServerOptions) throws {
        guard statuses.contains(answer.status) else {
            Terminal.error("\(server.baseURL): \(answer.status) \(answer.errorMessage)")
            throw VigilExit.invalidInput
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The alerts the notifier holds, firing first.",
            discussion: """
                Example:
                  vigil alert list --server http://127.0.0.1:9470
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.GET, "/api/v1/alerts/active")
            try AlertCommand.expect(answer, [200], from: server)
            if output == .json {
                print(String(decoding: answer.body, as: UTF8.self))
                return
            }
            let alerts = answer.json?["alerts"] as? [[String: Any]] ?? []
            guard !alerts.isEmpty else {
                print("no alerts")
                return
            }
            for alert in alerts {
                let labels = alert["labels"] as? [String: String] ?? [:]
                let name = labels["alertname"] ?? "?"
                let subject = ["slo", "probe", "instance", "tier"].compactMap { labels[$0] }.joined(separator: " ")
                var line = "\(alert["fingerprint"] as? String ?? "")  \((alert["status"] as? String ?? "").padding(toLength: 8, withPad: " ", startingAt: 0))"
                line += " \((alert["class"] as? String ?? "").padding(toLength: 6, withPad: " ", startingAt: 0)) \(name) \(subject)"
                if let by = alert["acknowledged_by"] as? String { line += "  (acknowledged by \(by))" }
                print(line)
            }
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: "Acknowledge a firing alert: its group stops repeating.",
            discussion: """
                Example:
                  VIGIL_TOKEN=… vigil alert ack 6a80b1d1605407df --by ana --comment "rolling back"

                Exit codes: 0 acknowledged; 1 refused (no such firing alert, bad token) or unreachable.
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The alert's fingerprint (vigil alert list shows it).") var fingerprint: String
        @Option(help: "Who takes it (default: $USER).") var by: String?
        @Option(help: "Why, or what is being done.") var comment: String?

        func run() async throws {
            var body: [String: Any] = ["by": by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"]
            if let comment { body["comment"] = comment }
            let answer = try await ServerClient(options: server).send(
                .POST, "/api/v1/alerts/\(fingerprint)/ack", body: try JSONSerialization.data(withJSONObject: body),
                headers: [("Content-Type", "application/json")])
            try AlertCommand.expect(answer, [200], from: server)
            print("acknowledged \(fingerprint)")
        }
    }
}

/// `vigil alert silence add|list|expire`.
struct SilenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Add, list and end silences.",
        subcommands: [Add.self, List.self, Expire.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Silence the alerts every matcher matches.",
            discussion: """
                Matchers use Alertmanager's syntax: name=value, name!=value, name=~regex, name!~regex.

                Example:
                  VIGIL_TOKEN=… vigil alert silence add slo=checkout 'tier=~page-.*' --duration 2h --comment "migration"

                Exit codes: 0 added (its id is printed); 1 refused or unreachable; 2 usage error.
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "One or more matchers.") var matchers: [String]
        @Option(help: "How long, such as 30m or 2h.") var duration: String = "1h"
        @Option(help: "Who (default: $USER).") var createdBy: String?
        @Option(help: "Why.") var comment: String

        func validate() throws {
            guard !matchers.isEmpty else { throw ValidationError("give at least one matcher, such as slo=checkout") }
        }

        func run() async throws {
            let body: [String: Any] = [
                "matchers": matchers, "duration": duration, "comment": comment,
                "created_by": createdBy ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown",
            ]
            let answer = try await ServerClient(options: server).send(
                .POST, "/api/v1/silences", body: try JSONSerialization.data(withJSONObject: body), headers: [("Content-Type", "application/json")])
            try AlertCommand.expect(answer, [201], from: server)
            print(answer.json?["id"] as? String ?? "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Active and pending silences (--expired adds ended ones).")

        @OptionGroup var server: ServerOptions
        @Flag(help: "Include silences that have ended.") var expired = false
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.GET, "/api/v1/silences\(expired ? "?expired=true" : "")")
            try AlertCommand.expect(answer, [200], from: server)
            if output == .json {
                print(String(decoding: answer.body, as: UTF8.self))
                return
            }
            let silences = answer.json?["silences"] as? [[String: Any]] ?? []
            if silences.isEmpty { print("no silences") }
            for silence in silences {
                let matchers = (silence["matchers"] as? [String] ?? []).joined(separator: " ")
                print(
                    "\(silence["id"] as? String ?? "")  \(silence["state"] as? String ?? "")  until \(silence["ends_at"] as? String ?? "")  \(matchers)  by \(silence["created_by"] as? String ?? ""): \(silence["comment"] as? String ?? "")"
                )
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now.")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The silence's id.") var id: String

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.DELETE, "/api/v1/silences/\(id)")
            try AlertCommand.expect(answer, [204], from: server)
            print("ended \(id)")
        }
    }
}
