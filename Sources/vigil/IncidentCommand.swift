import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

/// `vigil incident …`: incidents on a running server.
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "Open, list, show and run incidents on a running server.",
        subcommands: [Open.self, List.self, Show.self, Status.self, Note.self, Set.self, Update.self]
    )

    /// `INC-42` or `42` → `INC-42`.
    static func reference(_ text: String) throws -> String {
        guard let id = Incident.id(parsing: text) else { throw ValidationError("expected an incident such as INC-42, found '\(text)'") }
        return "INC-\(id)"
    }

    /// The incident as a few readable lines.
    static func printIncident(_ incident: API.IncidentDetail) {
        print("\(incident.id)  \(incident.severity)  \(incident.status)  \(incident.title)")
        if !incident.services.isEmpty { print("  services: \(incident.services.joined(separator: ", "))") }
        if !incident.slos.isEmpty { print("  SLOs: \(incident.slos.joined(separator: ", "))") }
        let roles = incident.roles
        if !roles.isEmpty { print("  roles: " + roles.keys.sorted().map { "\($0) \(roles[$0]!)" }.joined(separator: ", ")) }
        let times = incident.times
        let stamps = [
            ("start", times.start), ("detected", times.detected), ("acknowledged", times.acknowledged), ("mitigated", times.mitigated),
            ("resolved", times.resolved),
        ]
        print("  times: " + stamps.compactMap { name, time in time.map { "\(name) \(RFC3339.format($0))" } }.joined(separator: ", "))
        let durations = incident.durations
        let figures = [
            ("detect", durations.detectSeconds), ("acknowledge", durations.acknowledgeSeconds), ("mitigate", durations.mitigateSeconds),
            ("resolve", durations.resolveSeconds),
        ].compactMap { name, seconds in seconds.map { "\(name) \(Duration.seconds(Int64($0.rounded())).compactDescription)" } }
        if !figures.isEmpty { print("  time to: " + figures.joined(separator: ", ")) }
        for impact in incident.budgetImpact {
            let spent = impact.budgetSpent.map { String(format: "%.1f %%", $0 * 100) } ?? "no data"
            print("  budget spent: \(impact.slo) \(spent) of its \(impact.window) budget")
        }
        for change in incident.suspectChanges {
            let minutes = Int(change.minutesBeforeStart.rounded())
            print("  suspect change: \(change.service) \(change.version ?? "") at \(RFC3339.format(change.time)) (\(minutes)m before start)")
        }
        if incident.postmortem.required {
            print("  postmortem required (\(incident.postmortem.reasons.joined(separator: "; "))): \(incident.postmortem.status ?? "not started")")
        }
    }

    static func printTimeline(_ incident: API.IncidentDetail) {
        guard !incident.timeline.isEmpty else { return }
        print("  timeline:")
        for line in incident.timeline { print("    \(RFC3339.format(line.at))  \(line.text)  (\(line.author))") }
        if !incident.updates.isEmpty { print("  public updates:") }
        for update in incident.updates { print("    \(RFC3339.format(update.at))  [\(update.status)] \(update.text)") }
    }

    /// Prints the answer (text or JSON) of a call that returns an incident.
    static func show(_ answer: ServerClient.Answer, expecting statuses: Swift.Set<Int>, output: OutputFormat, server: ServerOptions, timeline: Bool = false)
        throws
    {
        let answer = try ServerClient(options: server).expect(answer, statuses)
        if output == .json {
            print(answer.text)
            return
        }
        let incident = try answer.decode(API.IncidentDetail.self, from: server)
        printIncident(incident)
        if timeline { printTimeline(incident) }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open an incident.",
            discussion: """
                SLOs bring their services along. --start is when impact began (default: --detected,
                which defaults to now); both are RFC 3339 times.

                Example:
                  VIGIL_TOKEN=… vigil incident open "Checkout errors" --severity SEV2 --slo checkout-availability \\
                    --role commander=dana --chat https://chat.example.com/inc

                Exit codes: 0 opened (its id is printed first); 1 refused or unreachable; 2 usage error.
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "A short title.") var title: String
        @Option(help: "Severity, one of the configured ones (SEV1…SEV4 by default).") var severity: String
        @Option(help: "An affected service (repeat for more).") var service: [String] = []
        @Option(help: "An affected SLO (repeat for more).") var slo: [String] = []
        @Option(help: "role=person (repeat for more).") var role: [String] = []
        @Option(help: "When impact began (RFC 3339).") var start: String?
        @Option(help: "When it was noticed (RFC 3339; default now).") var detected: String?
        @Option(help: "A runbook or playbook link (repeat for more).") var runbook: [String] = []
        @Option(help: "The chat channel or bridge.") var chat: String?
        @Option(help: "What happened.") var summary: String?
        @Flag(help: "Data was lost.") var dataLoss = false
        @Option(help: "Who opens it (default: $USER).") var author: String?
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func validate() throws {
            for entry in role where !entry.contains("=") { throw ValidationError("--role takes role=person, found '\(entry)'") }
        }

        func run() async throws {
            var body = API.IncidentOpening(title: title, severity: severity, author: ServerClient.author(author))
            if !service.isEmpty { body.services = service }
            if !slo.isEmpty { body.slos = slo }
            if !runbook.isEmpty { body.runbooks = runbook }
            if !role.isEmpty {
                body.roles = Dictionary(
                    role.map { entry in
                        let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                        return (parts[0], parts.count > 1 ? parts[1] : "")
                    }, uniquingKeysWith: { _, last in last })
            }
            body.start = start
            body.detected = detected
            body.chat = chat
            body.summary = summary
            if dataLoss { body.dataLoss = true }
            let answer = try await ServerClient(options: server).send(.POST, "/api/v1/incidents", json: body)
            try IncidentCommand.show(answer, expecting: [201], output: output, server: server)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Incidents, newest first.")

        @OptionGroup var server: ServerOptions
        @Flag(help: "Only open ones.") var open = false
        @Option(help: "Only incidents that started within this span, such as 30d.") var since: String?
        @Option(help: "Only this service's.") var service: String?
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            var query = ["limit=1000"]
            if open { query.append("open=true") }
            if let since { query.append("since=\(since)") }
            if let service { query.append("service=\(service.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? service)") }
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/incidents?" + query.joined(separator: "&"), expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let incidents = try answer.decode(API.IncidentList.self, from: server).incidents
            if incidents.isEmpty { print("no incidents") }
            for incident in incidents {
                let columns = [(incident.id, 8), (incident.severity, 5), (incident.status, 13)].map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                print("\(columns.joined(separator: " ")) \(RFC3339.format(incident.times.start))  \(incident.title)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One incident with its timeline, budget impact and suspect changes.")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident, such as INC-42.") var incident: String
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.GET, "/api/v1/incidents/\(try IncidentCommand.reference(incident))")
            try IncidentCommand.show(answer, expecting: [200], output: output, server: server, timeline: true)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an incident: investigating, identified, monitoring, resolved, closed.",
            discussion: """
                A move that is not allowed from the current status is refused with the allowed ones;
                closing needs a final postmortem when the criteria require one.

                Example:
                  VIGIL_TOKEN=… vigil incident status INC-4 resolved --note "rolled back v42"
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Argument(help: "The new status.") var status: String
        @Option(help: "A note for the timeline.") var note: String?
        @Option(help: "Who (default: $USER).") var author: String?
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let body = API.IncidentStatusChange(status: status, note: note, author: ServerClient.author(author))
            let answer = try await ServerClient(options: server).send(.POST, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/status", json: body)
            if answer.status == 409, let allowed = answer.error?.error.allowed {
                Terminal.error("\(answer.errorMessage)\(allowed.isEmpty ? "" : " (allowed: \(allowed.joined(separator: ", ")))")")
                throw VigilExit.invalidInput
            }
            try IncidentCommand.show(answer, expecting: [200], output: output, server: server)
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a note to an incident's timeline.",
            discussion: """
                Example:
                  VIGIL_TOKEN=… vigil incident note INC-4 "error rate back under 0.1 % after the rollback"
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Argument(help: "The note.") var text: String
        @Option(help: "Who (default: $USER).") var author: String?

        func run() async throws {
            try await ServerClient(options: server).send(
                .POST, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/notes",
                json: API.IncidentNote(text: text, author: ServerClient.author(author)), expecting: [201])
            print("noted on \(try IncidentCommand.reference(incident))")
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an incident's severity, roles, times or data-loss flag.",
            discussion: """
                Example:
                  VIGIL_TOKEN=… vigil incident set INC-4 --role commander=sam --start 2026-11-24T09:55:00Z --severity SEV1
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Option(help: "New severity.") var severity: String?
        @Option(help: "role=person, or role= to free it (repeat for more).") var role: [String] = []
        @Option(help: "When impact began (RFC 3339).") var start: String?
        @Option(help: "When it was detected.") var detected: String?
        @Option(help: "When someone took it.") var acknowledged: String?
        @Option(help: "When impact stopped.") var mitigated: String?
        @Option(help: "When it was fixed (resolved incidents only).") var resolved: String?
        @Option(help: "Whether data was lost: true or false.") var dataLoss: Bool?
        @Option(help: "Who (default: $USER).") var author: String?
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            var body = API.IncidentPatch(author: ServerClient.author(author))
            body.severity = severity
            if !role.isEmpty {
                var roles: [String: String?] = [:]
                for entry in role {
                    let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                    guard parts.count == 2 else { throw ValidationError("--role takes role=person, found '\(entry)'") }
                    roles[parts[0]] = .some(parts[1].isEmpty ? nil : parts[1])
                }
                body.roles = roles
            }
            body.start = start
            body.detected = detected
            body.acknowledged = acknowledged
            body.mitigated = mitigated
            body.resolved = resolved
            body.dataLoss = dataLoss
            guard body.changesSomething else { throw ValidationError("nothing to change; give --severity, --role, a time or --data-loss") }
            let answer = try await ServerClient(options: server).send(.PATCH, "/api/v1/incidents/\(try IncidentCommand.reference(incident))", json: body)
            try IncidentCommand.show(answer, expecting: [200], output: output, server: server)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a customer-facing status update (shown on the public status page).",
            discussion: """
                Example:
                  VIGIL_TOKEN=… vigil incident update INC-4 "Checkout is working again; we are watching it closely." --status monitoring
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Argument(help: "What customers should read.") var text: String
        @Option(help: "The status it announces (default: the incident's).") var status: String?
        @Option(help: "Who (default: $USER).") var author: String?

        func run() async throws {
            let body = API.PublicUpdateRequest(text: text, status: status, author: ServerClient.author(author))
            try await ServerClient(options: server).send(
                .POST, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/updates", json: body, expecting: [201])
            print("update posted on \(try IncidentCommand.reference(incident))")
        }
    }
}
