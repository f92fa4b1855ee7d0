import ArgumentParser
import Foundation
import NIOHTTP1

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
            var body: [String: Any] = [
                "team": team, "minutes": minutes, "category": category, "automatable": automatable, "author": ServerClient.author(author),
            ]
            if let note { body["note"] = note }
            if let at { body["at"] = at }
            let answer = try await ServerClient(options: server).send(.POST, "/api/v1/toil", json: body)
            try AlertCommand.expect(answer, [201], from: server)
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
            var body: [String: Any] = ["service": service, "author": ServerClient.author(author)]
            for (key, value) in [("start", start), ("duration", duration), ("end", end), ("reason", reason)] {
                if let value { body[key] = value }
            }
            let answer = try await ServerClient(options: server).send(.POST, "/api/v1/maintenance", json: body)
            try AlertCommand.expect(answer, [201], from: server)
            let json = answer.json ?? [:]
            print(
                "maintenance \(json["id"] as? String ?? "") for \(service): \(json["start"] as? String ?? "") to \(json["end"] as? String ?? "") (\(json["state"] as? String ?? ""))"
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Maintenance windows that have not ended (--ended adds the rest).")

        @OptionGroup var server: ServerOptions
        @Flag(help: "Include ended windows.") var ended = false
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.GET, "/api/v1/maintenance\(ended ? "?ended=true" : "")")
            try AlertCommand.expect(answer, [200], from: server)
            if output == .json {
                print(String(decoding: answer.body, as: UTF8.self))
                return
            }
            let windows = answer.json?["maintenance"] as? [[String: Any]] ?? []
            if windows.isEmpty { print("no maintenance planned") }
            for window in windows {
                print(
                    "\(window["id"] as? String ?? "")  \(window["state"] as? String ?? "")  \(window["service"] as? String ?? "")  \(window["start"] as? String ?? "") → \(window["end"] as? String ?? "")  \(window["reason"] as? String ?? "")"
                )
            }
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a running window now (a scheduled one is dropped).")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The window's id.") var id: String

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.DELETE, "/api/v1/maintenance/\(id)")
            try AlertCommand.expect(answer, [204], from: server)
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
        var body: [String: Any] = ["score": score, "author": ServerClient.author(nil)]
        if let note { body["note"] = note }
        let answer = try await ServerClient(options: server).send(.POST, "/api/v1/services/\(service)/satisfaction", json: body)
        try AlertCommand.expect(answer, [201], from: server)
        print("recorded \(service): \(Int((score * 100).rounded())) % satisfied")
    }
}
