import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

/// `vigil gate`: the release gate for CI pipelines (docs/safe-change.md §3).
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "The release gate: ask it (the default), open it with an override, list its decisions.",
        subcommands: [Check.self, Override.self, Decisions.self],
        defaultSubcommand: Check.self)
}

extension GateCommand {
    /// `vigil gate [check]`: may this release go out?
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the release gate whether a service may ship now (the default).",
            discussion: """
                Asks a running server (POST /api/v1/gate), which records the decision, and exits \
                with it — stable, for pipelines:
                  0  pass
                  1  fail: an enforce policy's step stops releases, or the version's canary failed
                  2  warn: an advise policy would have failed, or the canary was marginal
                  3  no decision: no data for the service's SLOs, a canary still undecided, or \
                Vigil unreachable or refusing (a usage error exits 3 too)
                The gate fails closed: a pipeline that stops on non-zero stops when Vigil cannot \
                answer. --fail-open turns 3 into 0, with a warning, for those who choose it.
                Example:
                  vigil gate --service shop-web --version 2.4.0 --server http://127.0.0.1:9470
                """)

        @Option(help: "The service to release.") var service: String
        @Option(help: "The version to release; its canary run is read.") var version: String?
        @OptionGroup var server: ServerOptions
        @Option(help: "text or json.") var output: OutputFormat = .text
        @Flag(help: "Exit 0 instead of 3 when there is no decision (Vigil down, no data).") var failOpen = false

        func run() async throws {
            let client = ServerClient(options: server)
            let answer: ServerClient.Answer
            do {
                answer = try await client.send(.POST, "/api/v1/gate", json: API.GateRequest(service: service, version: version))
            } catch {
                throw noDecision("Vigil did not answer")
            }
            guard answer.status == 200, let gate = try? APIJSON.decoder.decode(API.GateAnswer.self, from: answer.body) else {
                throw noDecision("\(server.baseURL): \(answer.status) \(answer.errorMessage)")
            }
            switch output {
            case .json: Terminal.output(answer.text.hasSuffix("\n") ? answer.text : answer.text + "\n")
            case .text: Terminal.output(Self.text(gate.decision))
            }
            if gate.decision.result == .noDecision && failOpen {
                Terminal.warning("no decision, and --fail-open lets the release through")
                return
            }
            if gate.exitCode != 0 { throw ExitCode(gate.exitCode) }
        }

        /// Exit 3 (or 0 with `--fail-open`) after saying why on stderr.
        func noDecision(_ why: String) -> ExitCode {
            Terminal.error("gate: no decision: \(why)")
            if failOpen {
                Terminal.warning("--fail-open lets the release through")
                return ExitCode(0)
            }
            return ExitCode(GateDecision.Result.noDecision.exitCode)
        }

        static func text(_ decision: GateRecord) -> String {
            let result = decision.result == .noDecision ? "NO DECISION" : decision.result.rawValue.uppercased()
            var subject = decision.service + (decision.version.map { " \($0)" } ?? "")
            if let policy = decision.policy { subject += ", policy \(policy) (\(decision.mode?.rawValue ?? "advise"))" }
            if let step = decision.step { subject += ", step \(step)" }
            var lines = ["gate: \(result) (exit \(decision.result.exitCode)) — \(subject)"]
            lines += decision.reasons.map { "  - \($0)" }
            if !decision.slos.isEmpty {
                lines.append("SLOs:")
                let width = decision.slos.map(\.slo.count).max() ?? 0
                for slo in decision.slos {
                    var figures = "budget left " + (slo.budgetRemaining.map { String(format: "%.1f%%", $0 * 100) } ?? "no data")
                    for (window, rate) in slo.burnRates.sorted(by: { $0.key < $1.key }) { figures += String(format: ", burn %@ %.2f×", window, rate) }
                    lines.append("  " + slo.slo.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + figures)
                }
            }
            if let run = decision.canaryRun { lines.append("canary run \(run): \(decision.canaryStatus?.rawValue ?? "?")") }
            if let id = decision.id { lines.append("decision \(id) recorded") }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
