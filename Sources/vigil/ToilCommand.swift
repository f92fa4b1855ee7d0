import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

/// `vigil toil log`: record toil on a running server.
struct ToilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toil",
        abstract: "Record toil: manual, repetitive, automatable work (vigil report toil sums it).",
        subcommands: [Log.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log time spent on toil.",
            discussion: """
                Example:
                  VIGIL_TOKEN=… vigil toil log --team storefront --minutes 45 --category "manual failover" --automatable \\
                    --note "primary DB flapped again"

                Exit codes: 0 logged; 1 refused (unknown team, bad minutes) or unreachable; 2 usage error.
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "The team (one of teams: in the configuration).") var team: String
        @Option(help: "Whole minutes spent.") var minutes: Int
        @Option(help: "What kind of work, such as \"manual failover\".") var category: String
        @Flag(help: "It could be automated.") var automatable = false
        @Option(help: "A note.") var note: String?
        @Option(help: "When it was done (RFC 3339; default now).") var at: String?
        @Option(help: "Who (default: $USER).") var author: String?

        func validate() throws {
            guard minutes > 0 else { throw ValidationError("--minutes must be at least 1") }
        }

        func run() async throws {
            let body = API.ToilRequest(
                team: team, minutes: minutes, category: category, automatable: automatable, note: note, at: at, author: ServerClient.author(author))
            let client = ServerClient(options: server)
            try await client.send(.POST, "/api/v1/toil", json: body, expecting: [201])
            print("logged \(minutes)m of \(category) for \(team)")
        }
    }
}

/// `vigil maintenance add|list|end`: planned maintenance windows.
struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Plan, list and end maintenance windows (they mute the service's alerts).",
        subcommands: [Add.self, List.self, End.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan maintenance for a service.",
            discussion: """
                While it runs the service's alerts are muted; SLOs with exclude_maintenance: true
                leave its minutes out.

                Example:
                  VIGIL_TOKEN=… vigil maintenance add shop-web --start 2026-12-01T02:00:00Z --duration 2h --reason "database upgrade"
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The service.") var service: String
        @Option(help: "When it starts (RFC 3339; default now).") var start: String?
        @Option(help: "How long, such as 2h.") var duration: String?
        @Option(help: "When it ends (RFC 3339), instead of --duration.") var end: String?
        @Option(help: "Why.") var reason: String?
        @Option(help: "Who (default: $USER).") var author: String?

        func validate() throws {
            guard (duration == nil) != (end == nil) else { throw ValidationError("give --duration or --end") }
        }

        func run() async throws {
            let body = API.MaintenanceRequest(service: service, start: start, end: end, duration: duration, reason: reason, author: ServerClient.author(author))
            let client = ServerClient(options: server)
            let window = try await client.send(.POST, "/api/v1/maintenance", json: body, expecting: [201]).decode(
                API.MaintenanceDocument.self, from: server)
            print("maintenance \(window.id) for \(service): \(RFC3339.format(window.start)) to \(RFC3339.format(window.end)) (\(window.state))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Maintenance windows that have not ended (--ended adds the rest).")

        @OptionGroup var server: ServerOptions
        @Flag(help: "Include ended windows.") var ended = false
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/maintenance\(ended ? "?ended=true" : "")", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let windows = try answer.decode(API.MaintenanceList.self, from: server).maintenance
            if windows.isEmpty { print("no maintenance planned") }
            for window in windows {
                print("\(window.id)  \(window.state)  \(window.service)  \(RFC3339.format(window.start)) → \(RFC3339.format(window.end))  \(window.reason)")
            }
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a running window now (a scheduled one is dropped).")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The window's id.") var id: String

        func run() async throws {
            let client = ServerClient(options: server)
            try await client.send(.DELETE, "/api/v1/maintenance/\(id)", expecting: [204])
            print("ended maintenance \(id)")
        }
    }
}

/// `vigil satisfaction SERVICE SCORE`: what users said, for the SLO review.
struct SatisfactionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satisfaction",
        abstract: "Record a service's user satisfaction (the share of satisfied users) for the SLO review.",
        discussion: """
            Example:
              VIGIL_TOKEN=… vigil satisfaction shop-web 0.82 --note "November survey, 412 answers"
            """)

    @OptionGroup var server: ServerOptions
    @Argument(help: "The service.") var service: String
    @Argument(help: "Share of satisfied users, 0 to 1.") var score: Double
    @Option(help: "Where the score comes from.") var note: String?

    func validate() throws {
        guard (0...1).contains(score) else { throw ValidationError("the score is a share from 0 to 1, such as 0.82") }
    }

    func run() async throws {
        let body = API.SatisfactionRequest(score: score, note: note, author: ServerClient.author(nil))
        let client = ServerClient(options: server)
        try await client.send(.POST, "/api/v1/services/\(service)/satisfaction", json: body, expecting: [201])
        print("recorded \(service): \(Int((score * 100).rounded())) % satisfied")
    }
}
