import ArgumentParser
import Foundation
import VigilConfig
import VigilCore
import VigilProbes

/// `vigil probe …`
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run black-box probes once, or list them.",
        discussion: """
            Examples:
              vigil probe run --config examples/quickstart
              vigil probe run --config examples/quickstart shop-web-health --output json
              vigil probe list --config examples/quickstart
            """,
        subcommands: [Run.self, List.self]
    )

    static func load(_ paths: [String]) throws -> VigilConfiguration { try ConfigLoader.loadOrExit(paths) }

    /// `vigil probe run`: each probe once, every condition with its observed value.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run probes once and print each condition with what was observed.",
            discussion: """
                Runs every probe of the configuration (or the ones named) once, at most \
                --concurrency at a time, each ending by its timeout. Heartbeats are pushed by \
                jobs, not run, and are skipped.

                Exit codes: 0 every probe passed; 1 invalid configuration or an unknown probe \
                name; 2 usage error; 3 a probe failed. Usable in CI and cron.
                """
        )

        @Option(help: "Configuration directory or file.")
        var config: [String]

        @Argument(help: "Probes to run (default: all).")
        var names: [String] = []

        @Option(help: "Output format: text or json.")
        var output: OutputFormat = .text

        @Option(help: "Most probes running at once.")
        var concurrency = 16

        func validate() throws {
            if config.isEmpty { throw ValidationError("give --config") }
            guard (1...1000).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 1000") }
        }

        func run() async throws {
            let configuration = try ProbeCommand.load(config)
            let all = configuration.probes.filter { if case .heartbeat = $0.kind { false } else { true } }
            let known = Set(configuration.probes.map(\.name))
            if let unknown = names.first(where: { !known.contains($0) }) {
                Terminal.error("unknown probe '\(unknown)'\(Suggestion.hint(for: unknown, among: known))")
                throw VigilExit.invalidInput
            }
            let chosen = names.isEmpty ? all : all.filter { names.contains($0.name) }
            guard !chosen.isEmpty else {
                Terminal.error(configuration.probes.isEmpty ? "the configuration has no probes" : "no probe to run (heartbeats are pushed, not run)")
                throw VigilExit.invalidInput
            }
            let executor = ProbeExecutor()
            let runs = await Self.runAll(chosen, executor: executor, concurrency: concurrency)
            try? await executor.shutdown()
            switch output {
            case .text: Terminal.output(Self.text(runs, specs: chosen))
            case .json: Terminal.output(try Self.json(runs))
            }
            if runs.contains(where: { !$0.success }) { throw VigilExit.thresholdReached }
        }

        /// Runs the probes with at most `concurrency` at once; results in configuration order.
        static func runAll(_ specs: [ProbeSpec], executor: ProbeExecutor, concurrency: Int) async -> [ProbeRun] {
            await withTaskGroup(of: (Int, ProbeRun).self) { group in
                var results: [(Int, ProbeRun)] = []
                for (index, spec) in specs.enumerated() {
                    if index >= concurrency, let done = await group.next() { results.append(done) }
                    group.addTask { (index, await executor.run(spec)) }
                }
                for await done in group { results.append(done) }
                return results.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }

        static func text(_ runs: [ProbeRun], specs: [ProbeSpec]) -> String {
            var lines: [String] = []
            for (run, spec) in zip(runs, specs) {
                let time = run.observation.responseTime.map { String(format: "%.1f ms", $0.inMilliseconds) } ?? "-"
                lines.append("\(run.success ? "PASS" : "FAIL")  \(run.probe)  (\(spec.kind.summary), \(time))")
                for result in run.results { lines.append("  \(result.success ? "ok  " : "FAIL")  \(result.condition)") }
                if let error = run.error, !run.success { lines.append("  error: \(error)") }
            }
            let failed = runs.filter { !$0.success }.count
            lines.append("\(runs.count - failed) of \(runs.count) probes passed")
            return lines.joined(separator: "\n") + "\n"
        }

        struct RunDocument: Encodable {
            let probe: String
            let success: Bool
            let startedAt: String
            let responseTimeMs: Double?
            let conditions: [ConditionDocument]
            let error: String?

            enum CodingKeys: String, CodingKey {
                case probe, success
                case startedAt = "started_at"
                case responseTimeMs = "response_time_ms"
                case conditions, error
            }
        }

        struct ConditionDocument: Encodable {
            let condition: String
            let success: Bool
        }

        static func json(_ runs: [ProbeRun]) throws -> String {
            let documents = runs.map { run in
                RunDocument(
                    probe: run.probe, success: run.success, startedAt: RFC3339.format(run.startedAt),
                    responseTimeMs: run.observation.responseTime?.inMilliseconds,
                    conditions: run.results.map { ConditionDocument(condition: $0.condition, success: $0.success) }, error: run.error)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(documents), as: UTF8.self) + "\n"
        }
    }

    /// `vigil probe list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the configured probes.")

        @Option(help: "Configuration directory or file.")
        var config: [String]

        func run() throws {
            let configuration = try ProbeCommand.load(config)
            let external = Set(configuration.services.filter(\.external).map(\.name))
            var rows = [["PROBE", "SERVICE", "KIND", "EVERY", "CONDITIONS"]]
            for probe in configuration.probes {
                rows.append([
                    probe.name, probe.service + (external.contains(probe.service) ? " (external)" : ""), probe.kind.summary,
                    probe.interval.compactDescription, String(probe.conditions.count),
                ])
            }
            let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            Terminal.output(
                rows.map { row in
                    row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces)
                }.joined(separator: "\n") + "\n")
        }
    }
}

extension ProbeSpec.Kind {
    /// `http GET https://…`, `tcp host:port`, `dns A name @resolver`, …
    var summary: String {
        if case .http(let http) = self { return "http \(http.method) \(http.url)" }
        return "\(name) \(target)"
    }
}
