import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels

/// `vigil postmortem …`: postmortems and their action items on a running server.
struct PostmortemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem",
        abstract: "Draft, edit and review postmortems; track their action items.",
        subcommands: [Draft.self, Show.self, Edit.self, Status.self, Action.self]
    )

    /// Writes the Markdown to `path` (or prints it) and the blameless warnings to stderr.
    static func deliver(_ postmortem: API.PostmortemDocument, to path: String?) throws {
        if let path {
            do { try postmortem.text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                Terminal.error("cannot write \(path): \(error.localizedDescription)")
                throw VigilExit.invalidInput
            }
            print("wrote \(path) (\(postmortem.status))")
        } else {
            print(postmortem.text, terminator: "")
        }
        for warning in postmortem.blamelessWarnings { Terminal.warning("blameless: \(warning.message)") }
    }

    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft the postmortem of an incident from what the server knows.",
            discussion: """
                The draft follows the SRE book's template (docs/incidents.md) and is prefilled with the budget each SLO
                spent, the durations, the detection figures, suspect changes and the timeline. It is
                stored on the server (status draft) and printed, or written to --out.

                Example:
                  VIGIL_TOKEN=… vigil postmortem draft INC-4 --author "storefront on-call" --out INC-4.md

                Exit codes: 0 drafted; 1 refused (one exists: --regenerate replaces a draft) or unreachable.
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident, such as INC-4.") var incident: String
        @Option(help: "An author (repeat for more).") var author: [String] = []
        @Option(help: "Write the Markdown to this file.") var out: String?
        @Flag(help: "Replace an existing draft.") var regenerate = false

        func run() async throws {
            let body = API.PostmortemDraftRequest(authors: author.isEmpty ? nil : author, regenerate: regenerate ? true : nil)
            let client = ServerClient(options: server)
            let answer = try await client.send(.POST, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/postmortem", json: body, expecting: [201])
            try PostmortemCommand.deliver(try answer.decode(API.PostmortemDocument.self, from: server), to: out)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an incident's postmortem (Markdown).")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Option(help: "Write the Markdown to this file.") var out: String?

        func run() async throws {
            let postmortem = try await ServerClient(options: server).get(
                API.PostmortemDocument.self, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/postmortem")
            try PostmortemCommand.deliver(postmortem, to: out)
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store an edited postmortem from a Markdown file.",
            discussion: """
                Example:
                  VIGIL_TOKEN=… vigil postmortem edit INC-4 --file INC-4.md
                """)

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Option(help: "The Markdown file.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                Terminal.error("cannot read \(file)")
                throw VigilExit.invalidInput
            }
            let client = ServerClient(options: server)
            let answer = try await client.send(
                .PUT, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/postmortem", json: API.PostmortemEdit(text: text, authors: nil),
                expecting: [200])
            for warning in try answer.decode(API.PostmortemDocument.self, from: server).blamelessWarnings { Terminal.warning("blameless: \(warning.message)") }
            print("stored \(try IncidentCommand.reference(incident))'s postmortem")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a postmortem: draft, in-review, final.")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The incident.") var incident: String
        @Argument(help: "draft, in-review or final.") var status: String

        func run() async throws {
            let client = ServerClient(options: server)
            let answer = try await client.send(
                .POST, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/postmortem/status", json: API.StatusChange(status: status),
                expecting: [200])
            print("\(try IncidentCommand.reference(incident))'s postmortem is \(try answer.decode(API.PostmortemDocument.self, from: server).status)")
        }
    }

    /// `vigil postmortem action add|list|done`.
    struct Action: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Action items from postmortems.", subcommands: [Add.self, List.self, Done.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an action item to an incident.",
                discussion: """
                    Example:
                      VIGIL_TOKEN=… vigil postmortem action add INC-4 "Alert on pool saturation" --type detect --owner storefront --due 2026-12-15
                    """)

            @OptionGroup var server: ServerOptions
            @Argument(help: "The incident.") var incident: String
            @Argument(help: "What to do.") var title: String
            @Option(help: "prevent, mitigate, detect or process.") var type: String
            @Option(help: "Who owns it (a team or role).") var owner: String?
            @Option(help: "Due day, such as 2026-12-15.") var due: String?
            @Option(help: "The tracking ticket.") var link: String?

            func run() async throws {
                let body = API.ActionItemRequest(title: title, type: type, owner: owner, due: due, link: link)
                let client = ServerClient(options: server)
                let answer = try await client.send(
                    .POST, "/api/v1/incidents/\(try IncidentCommand.reference(incident))/action-items", json: body, expecting: [201])
                print("action item \(try answer.decode(API.ActionItemDocument.self, from: server).id) added")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Action items (all, one incident's, or the overdue ones).")

            @OptionGroup var server: ServerOptions
            @Option(help: "Only this incident's.") var incident: String?
            @Flag(help: "Only open items past their due day.") var overdue = false
            @Option(help: "Output format: text or json.") var output: OutputFormat = .text

            func run() async throws {
                var query: [String] = []
                if let incident { query.append("incident=\(try IncidentCommand.reference(incident))") }
                if overdue { query.append("overdue=true") }
                let client = ServerClient(options: server)
                let answer = try await client.send(.GET, "/api/v1/action-items" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), expecting: [200])
                if output == .json {
                    print(answer.text)
                    return
                }
                let items = try answer.decode(API.ActionItemList.self, from: server).actionItems
                if items.isEmpty { print(overdue ? "no overdue action items" : "no action items") }
                for item in items {
                    let due = item.due.map { " due \($0)" } ?? ""
                    let late = item.overdue ? " OVERDUE" : ""
                    print("\(item.id)  \(item.incident)  \(item.status)  [\(item.type)] \(item.title)  (\(item.owner ?? "no owner")\(due))\(late)")
                }
            }
        }

        struct Done: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Mark an action item done (or --dropped).")

            @OptionGroup var server: ServerOptions
            @Argument(help: "The item's id.") var id: Int
            @Flag(help: "Decided against rather than done.") var dropped = false

            func run() async throws {
                let client = ServerClient(options: server)
                try await client.send(.PATCH, "/api/v1/action-items/\(id)", json: API.ActionItemRequest(status: dropped ? "dropped" : "done"), expecting: [200])
                print("action item \(id) \(dropped ? "dropped" : "done")")
            }
        }
    }
}
