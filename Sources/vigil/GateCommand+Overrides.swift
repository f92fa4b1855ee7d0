import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

extension GateCommand {
    /// `vigil gate override`: open a service's gate, with a reason, until an expiry.
    struct Override: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a service's gate until it expires (at most 7 days), with a reason; recorded and shown.",
            discussion: """
                Example:
                  vigil gate override --service shop-web --reason "hotfix for INC-7" --duration 2h
                """)

        @Option(help: "The service.") var service: String
        @Option(help: "Only this version (default: every version).") var version: String?
        @Option(help: "Why the gate is opened (required; shown wherever the override is).") var reason: String
        @Option(help: "For how long, such as 2h.") var duration: String?
        @Option(help: "Until when (RFC 3339).") var expires: String?
        @OptionGroup var server: ServerOptions
        @Option(help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            guard (duration == nil) != (expires == nil) else { throw ValidationError("give --duration or --expires (one of them)") }
        }

        func run() async throws {
            let client = ServerClient(options: server)
            let request = API.GateOverrideRequest(service: service, version: version, reason: reason, expires: expires, duration: duration)
            let answer = try await client.send(.POST, "/api/v1/gate/overrides", json: request, expecting: [201])
            let override = try answer.decode(GateOverride.self, from: server)
            switch output {
            case .json: Terminal.output(answer.text + "\n")
            case .text: Terminal.output("override \(override.id ?? 0): \(Decisions.describe(override))\n")
            }
        }
    }

    /// `vigil gate decisions`: what the gate answered, and the overrides.
    struct Decisions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the gate's recent decisions and overrides.")

        @Option(help: "Only this service.") var service: String?
        @Option(help: "How many decisions.") var limit = 20
        @OptionGroup var server: ServerOptions
        @Option(help: "text or json.") var output: OutputFormat = .text

        func run() async throws {
            let client = ServerClient(options: server)
            let query = "?limit=\(limit)" + (service.map { "&service=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
            let decisions = try await client.get(API.GateDecisionList.self, "/api/v1/gate/decisions" + query)
            let overrides = try await client.get(API.GateOverrideList.self, "/api/v1/gate/overrides" + query)
            if output == .json {
                struct Both: Encodable {
                    let decisions: [GateRecord]
                    let overrides: [GateOverride]
                }
                Terminal.output(
                    String(decoding: try APIJSON.prettyEncoder.encode(Both(decisions: decisions.decisions, overrides: overrides.overrides)), as: UTF8.self)
                        + "\n")
                return
            }
            var lines = ["decisions:"]
            for decision in decisions.decisions {
                let result = decision.result.rawValue + " (\(decision.result.exitCode))"
                let subject = decision.service + (decision.version.map { " \($0)" } ?? "")
                lines.append(
                    "  \(decision.id ?? 0)  \(RFC3339.format(decision.time))  \(subject)  \(result)  by \(decision.requestedBy)"
                        + (decision.openedByOverride.map { "  opened by override \($0)" } ?? ""))
            }
            if decisions.decisions.isEmpty { lines.append("  none") }
            lines.append("overrides:")
            for override in overrides.overrides { lines.append("  \(override.id ?? 0)  \(Self.describe(override))") }
            if overrides.overrides.isEmpty { lines.append("  none") }
            Terminal.output(lines.joined(separator: "\n") + "\n")
        }

        static func describe(_ override: GateOverride) -> String {
            let scope = override.service + (override.version.map { " \($0)" } ?? " (every version)")
            return "\(scope) open until \(RFC3339.format(override.expires)), by \(override.createdBy): \(override.reason)"
        }
    }
}
