import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

/// `vigil alert list|ack|silence`: the notifier of a running server.
struct AlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "List, acknowledge and silence alerts on a running server.",
        subcommands: [List.self, Acknowledge.self, SilenceCommand.self]
    )

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
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/alerts/active", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let alerts = try answer.decode(API.ActiveAlerts.self, from: server).alerts
            guard !alerts.isEmpty else {
                print("no alerts")
                return
            }
            for alert in alerts {
                let name = alert.labels["alertname"] ?? "?"
                let subject = ["slo", "probe", "instance", "tier"].compactMap { alert.labels[$0] }.joined(separator: " ")
                var line = "\(alert.fingerprint)  \(alert.status.padding(toLength: 8, withPad: " ", startingAt: 0))"
                line += " \(alert.class.padding(toLength: 6, withPad: " ", startingAt: 0)) \(name) \(subject)"
                if let by = alert.acknowledgedBy { line += "  (acknowledged by \(by))" }
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
                  VIGIL_TOKEN=… vigil alert ack --escalation esc-3 --by "Dana Reyes"

                Exit codes: 0 acknowledged; 1 refused (no such firing alert, bad token) or unreachable.
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The alert's fingerprint (vigil alert list shows it).") var fingerprint: String?
        @Option(help: "Acknowledge this escalation instead (esc-N; GET /api/v1/escalations lists them): nobody else is paged.")
        var escalation: String?
        @Option(help: "Who takes it (default: $USER).") var by: String?
        @Option(help: "Why, or what is being done.") var comment: String?

        func validate() throws {
            guard (fingerprint == nil) != (escalation == nil) else { throw ValidationError("give an alert's fingerprint or --escalation ID (one of them)") }
        }

        func run() async throws {
            let body = API.AcknowledgementRequest(by: ServerClient.author(by), comment: comment)
            let client = ServerClient(options: server)
            if let escalation {
                let answer = try await client.send(.POST, "/api/v1/escalations/\(escalation)/ack", json: body, expecting: [200])
                let document = try answer.decode(API.EscalationDocument.self, from: server)
                print("\(document.id): \(document.status)\(document.acknowledgedBy.map { " by \($0)" } ?? "")")
                return
            }
            try await client.send(.POST, "/api/v1/alerts/\(fingerprint ?? "")/ack", json: body, expecting: [200])
            print("acknowledged \(fingerprint ?? "")")
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
            let body = API.SilenceRequest(matchers: matchers, duration: duration, createdBy: ServerClient.author(createdBy), comment: comment)
            let client = ServerClient(options: server)
            let answer = try await client.send(.POST, "/api/v1/silences", json: body, expecting: [201])
            print(try answer.decode(API.SilenceDocument.self, from: server).id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Active and pending silences (--expired adds ended ones).")

        @OptionGroup var server: ServerOptions
        @Flag(help: "Include silences that have ended.") var expired = false
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/silences\(expired ? "?expired=true" : "")", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let silences = try answer.decode(API.SilenceList.self, from: server).silences
            if silences.isEmpty { print("no silences") }
            for silence in silences {
                print(
                    "\(silence.id)  \(silence.state)  until \(RFC3339.format(silence.endsAt))  \(silence.matchers.joined(separator: " "))  by \(silence.createdBy): \(silence.comment)"
                )
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now.")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The silence's id.") var id: String

        func run() async throws {
            let client = ServerClient(options: server)
            try await client.send(.DELETE, "/api/v1/silences/\(id)", expecting: [204])
            print("ended \(id)")
        }
    }
}
