import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports

/// `vigil oncall who|shifts|simulate|override`: on-call answers from a running server or,
/// with `--config`, offline from the configuration (without the server's overrides).
struct OnCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall",
        abstract: "Who is on call, final shifts, what a page would do, and overrides.",
        discussion: "Each answers from a running server (--server) or, with --config DIR, from the configuration alone. See docs/oncall.md.",
        subcommands: [Who.self, Shifts.self, Simulate.self, OverrideCommand.self]
    )

    /// Where the answers come from.
    struct Source: ParsableArguments {
        @Option(help: "Answer from this configuration (a directory or files) instead of a server; the server's overrides are then left out.")
        var config: [String] = []
        @OptionGroup var server: ServerOptions

        var offline: Bool { !config.isEmpty }
    }

    static func time(_ text: String?, _ name: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = RFC3339.parse(text) else {
            throw ValidationError("--\(name): expected an RFC 3339 time such as 2027-03-28T01:30:00Z, found '\(text)'")
        }
        return date
    }

    static func query(_ pairs: [(String, String?)]) -> String {
        let given = pairs.compactMap { key, value in value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } }
        return given.isEmpty ? "" : "?" + given.joined(separator: "&")
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.prettyEncoder.encode(value), as: UTF8.self) + "\n"
    }

    static func schedules(_ configuration: VigilConfiguration, named name: String?) throws -> [Schedule] {
        guard let name else { return configuration.schedules }
        guard let schedule = configuration.schedule(named: name) else {
            Terminal.error(Suggestion.unknown("schedule", name, expected: configuration.schedules.map(\.name)))
            throw VigilExit.invalidInput
        }
        return [schedule]
    }

    struct Who: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who is on call now (or at --at) and next, for every schedule or one.",
            discussion: """
                Examples:
                  vigil oncall who --config examples/quickstart
                  vigil oncall who --schedule storefront-primary --at 2027-03-28T01:30:00Z --server http://127.0.0.1:9470
                """)

        @OptionGroup var source: Source
        @Option(help: "Only this schedule.") var schedule: String?
        @Option(help: "At this instant (RFC 3339; default now).") var at: String?
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            let instant = try OnCallCommand.time(at, "at")
            let answer: API.OnCallNow
            var zones: [String: TimeZone] = [:]
            if source.offline {
                let configuration = try ConfigLoader.loadOrExit(source.config)
                let now = instant ?? Date()
                let documents = try OnCallCommand.schedules(configuration, named: schedule).map { schedule in
                    zones[schedule.name] = schedule.timeZone
                    return API.ScheduleNowDocument(ScheduleOutlook(schedule, at: now), timeZone: schedule.timeZone)
                }
                answer = API.OnCallNow(at: now, schedules: documents)
            } else {
                let client = ServerClient(options: source.server)
                answer = try await client.get(
                    API.OnCallNow.self, "/api/v1/oncall" + OnCallCommand.query([("schedule", schedule), ("at", instant.map(RFC3339.format))]))
                for document in answer.schedules { zones[document.name] = TimeZone(identifier: document.timeZone) }
            }
            if output == .json { return Terminal.output(try OnCallCommand.json(answer)) }
            var lines: [String] = []
            for document in answer.schedules {
                let zone = zones[document.name] ?? TimeZone(identifier: "UTC")!
                func local(_ date: Date?) -> String { date.map { LocalDateTime($0, in: zone).description.replacingOccurrences(of: "T", with: " ") } ?? "?" }
                let who = document.onCall.isEmpty ? "nobody (a gap)" : document.onCall.joined(separator: ", ")
                lines.append("\(document.name) (\(document.timeZone)): \(who)")
                lines.append(
                    "  since \(local(document.since)), until \(local(document.until)); next: \(document.next.isEmpty ? "nobody (a gap)" : document.next.joined(separator: ", "))"
                )
                for gap in document.gaps { lines.append("  gap: \(local(gap.start)) – \(local(gap.end))") }
            }
            if answer.schedules.isEmpty { lines.append("no schedules are configured") }
            Terminal.output(lines.joined(separator: "\n") + "\n")
        }
    }

    struct Shifts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Final shifts after overrides over [--from, --to), as CSV (default) or JSON — for on-call pay.",
            discussion: """
                Example:
                  vigil oncall shifts --from 2026-12-01T00:00:00Z --to 2027-01-01T00:00:00Z --server http://127.0.0.1:9470 > december.csv
                """)

        @OptionGroup var source: Source
        @Option(help: "Only this schedule (default: every schedule).") var schedule: String?
        @Option(help: "From (RFC 3339).") var from: String
        @Option(help: "To (RFC 3339), at most 400 days after --from.") var to: String
        @Option(help: "csv or json.") var output: ShiftFormat = .csv

        enum ShiftFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

        func run() async throws {
            let start = try OnCallCommand.time(from, "from")!
            let end = try OnCallCommand.time(to, "to")!
            guard start < end else { throw ValidationError("--to must be after --from") }
            guard end.timeIntervalSince(start) <= 400 * 86_400 else { throw ValidationError("ask for at most 400 days at once") }
            if source.offline {
                let configuration = try ConfigLoader.loadOrExit(source.config)
                let shifts = try OnCallCommand.schedules(configuration, named: schedule).flatMap { $0.shifts(from: start, to: end) }
                    .sorted { ($0.start, $0.schedule, $0.person) < ($1.start, $1.schedule, $1.person) }
                switch output {
                case .csv: Terminal.output(ShiftTable.csv(shifts))
                case .json: Terminal.output(try OnCallCommand.json(API.ShiftList(from: start, to: end, shifts: shifts.map(API.ShiftDocument.init))))
                }
                return
            }
            let client = ServerClient(options: source.server)
            let path =
                "/api/v1/oncall/shifts"
                + OnCallCommand.query([
                    ("from", RFC3339.format(start)), ("to", RFC3339.format(end)), ("schedule", schedule), ("format", output.rawValue),
                ])
            let answer = try await client.send(.GET, path, expecting: [200])
            Terminal.output(answer.text.hasSuffix("\n") ? answer.text : answer.text + "\n")
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a page at --at would do if nobody acknowledged: each step, who, and their local time.",
            discussion: """
                Example:
                  vigil oncall simulate --policy shop-web-pages --at 2027-03-28T00:30:00Z --config examples/quickstart
                """)

        @OptionGroup var source: Source
        @Option(help: "The escalation policy.") var policy: String
        @Option(help: "When the page comes (RFC 3339; default now).") var at: String?
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            let instant = try OnCallCommand.time(at, "at")
            let document: API.SimulationDocument
            if source.offline {
                let configuration = try ConfigLoader.loadOrExit(source.config)
                guard let found = configuration.escalationPolicy(named: policy) else {
                    Terminal.error(Suggestion.unknown("escalation policy", policy, expected: configuration.escalationPolicies.map(\.name)))
                    throw VigilExit.invalidInput
                }
                document = API.SimulationDocument(EscalationSimulation(configuration: configuration, policy: found, at: instant ?? Date()))
            } else {
                let client = ServerClient(options: source.server)
                document = try await client.get(
                    API.SimulationDocument.self, "/api/v1/oncall/simulate" + OnCallCommand.query([("policy", policy), ("at", instant.map(RFC3339.format))]))
            }
            Terminal.output(output == .json ? try OnCallCommand.json(document) : document.text)
        }
    }
}

/// `vigil oncall override add|list|cancel` (against a server: overrides live there).
struct OverrideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "override", abstract: "Add, list and cancel schedule overrides on a running server.", subcommands: [Add.self, List.self, Cancel.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace, add or remove a person on a schedule over [--start, --end).",
            discussion: """
                Times without an offset are read in the schedule's time zone.
                Examples:
                  vigil oncall override add --schedule storefront-primary --replace "Dana Reyes" --with "Kim Lee" --start 2026-12-24T00:00 --end 2026-12-27T00:00
                  vigil oncall override add --schedule storefront-primary --add "Kim Lee" --start 2026-12-31T18:00 --end 2027-01-01T06:00
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "The schedule.") var schedule: String
        @Option(help: "Put this person on call beside whoever is.") var add: String?
        @Option(help: "Take this person off call.") var remove: String?
        @Option(help: "The person to replace (with --with; without it --with replaces everyone).") var replace: String?
        @Option(help: "Who takes the place.") var with: String?
        @Option(help: "Start (RFC 3339 or the schedule's wall clock, 2026-12-24T00:00).") var start: String
        @Option(help: "End.") var end: String
        @Option(help: "Why.") var reason: String?
        @Option(help: "Who makes it (default: $USER).") var by: String?
        @Option(help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            let given = [add, remove, with].compactMap { $0 }.count
            guard given == 1, replace == nil || with != nil else {
                throw ValidationError("give one of --add P, --remove P, --replace P --with Q, or --with Q alone (replaces everyone)")
            }
        }

        func run() async throws {
            var request = API.OverrideRequest(schedule: schedule, start: start, end: end, createdBy: ServerClient.author(by))
            request.add = add
            request.remove = remove
            request.replace = replace
            request.with = with
            request.reason = reason
            let answer = try await ServerClient(options: server).send(.POST, "/api/v1/oncall/overrides", json: request, expecting: [201])
            let made = try answer.decode(API.OverrideDocument.self, from: server)
            Terminal.output(
                output == .json
                    ? answer.text + "\n" : "\(made.id): \(made.summary) on \(made.schedule), \(RFC3339.format(made.start)) – \(RFC3339.format(made.end))\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Overrides from the configuration and the server, by start.")

        @OptionGroup var server: ServerOptions
        @Option(help: "Only this schedule.") var schedule: String?
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            let answer = try await ServerClient(options: server).send(
                .GET, "/api/v1/oncall/overrides" + OnCallCommand.query([("schedule", schedule)]), expecting: [200])
            if output == .json { return Terminal.output(answer.text + "\n") }
            let overrides = try answer.decode(API.OverrideList.self, from: server).overrides
            var lines = overrides.map { override in
                var line = "\(override.id)  \(override.schedule)  \(RFC3339.format(override.start)) – \(RFC3339.format(override.end))  \(override.summary)"
                if let reason = override.reason { line += " — \(reason)" }
                if let cancelled = override.cancelledAt { line += "  (cancelled \(RFC3339.format(cancelled)) by \(override.cancelledBy ?? "?"))" }
                return line
            }
            if lines.isEmpty { lines = ["no overrides"] }
            Terminal.output(lines.joined(separator: "\n") + "\n")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an override made through the API.")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The override's id (ovr-N).") var id: String
        @Option(help: "Who cancels it (default: $USER).") var by: String?

        func run() async throws {
            let path = "/api/v1/oncall/overrides/\(id)" + OnCallCommand.query([("by", ServerClient.author(by))])
            _ = try await ServerClient(options: server).send(.DELETE, path, expecting: [200])
            Terminal.output("cancelled \(id)\n")
        }
    }
}
