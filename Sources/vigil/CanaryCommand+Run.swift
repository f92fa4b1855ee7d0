import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilConfig
import VigilCore

extension CanaryCommand {
    /// `vigil canary run`: a canary analysis over time, against a server.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a canary version with the baseline over time, on a running server.",
            discussion: """
                Starts a run (POST /api/v1/canary-runs): every SLI of the service that takes \
                events is compared between the events labelled with each version (the policy's \
                canary.split_by label, `version` by default), at the end of each interval, on \
                everything counted since --start. An interval scoring below marginal fails the \
                run at once; the last interval decides. With --start in the past, the intervals \
                already over are judged at once (a retrospective analysis).
                Waits for the end and prints each interval as it is judged (--no-wait returns \
                after starting). Exits like `vigil gate`: 0 pass, 1 fail, 2 marginal, 3 \
                inconclusive (too little traffic: it says how many more requests) or Vigil \
                unreachable.
                Example:
                  vigil canary run --service shop-web --baseline-version 2.3.9 --canary-version 2.4.0 \\
                    --duration 30m --interval 5m
                """)

        @Option(help: "The configuration directory, to check the service's release policy before asking.") var config: [String] = []
        @Option(help: "The service.") var service: String
        @Option(help: "The version serving most traffic.") var baselineVersion: String
        @Option(help: "The version under test.") var canaryVersion: String
        @Option(help: "How long the analysis lasts, a whole number of intervals.") var duration: String
        @Option(help: "How often it is judged (whole minutes).") var interval: String
        @Option(help: "The first minute counted (RFC 3339; default now).") var start: String?
        @Option(help: "Start this long ago instead, such as 30m.") var since: String?
        @Flag(help: "Return once the run has started.") var noWait = false
        @OptionGroup var server: ServerOptions
        @Option(help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            for (flag, text) in [("--duration", duration), ("--interval", interval)] where (try? Duration(parsing: text)) == nil {
                throw ValidationError("\(flag): expected a duration such as 30m, got '\(text)'")
            }
            if let start, RFC3339.parse(start) == nil { throw ValidationError("--start: expected an RFC 3339 time, got '\(start)'") }
            if let since, (try? Duration(parsing: since)) == nil { throw ValidationError("--since: expected a duration such as 30m, got '\(since)'") }
            if start != nil && since != nil { throw ValidationError("give --start or --since, not both") }
        }

        func run() async throws {
            if !config.isEmpty {
                let configuration = try ConfigLoader.loadOrExit(config)
                guard configuration.releasePolicy(of: service) != nil else {
                    Terminal.error("\(config.joined(separator: ", ")): no release policy covers service '\(service)'; add it to release_policies:")
                    throw ExitCode(GateDecision.Result.noDecision.exitCode)
                }
            }
            let client = ServerClient(options: server)
            let request = API.CanaryRunRequest(
                service: service, baselineVersion: baselineVersion, canaryVersion: canaryVersion, start: start ?? sinceStart, duration: duration,
                interval: interval)
            var run = try await Self.answer(try? await client.send(.POST, "/api/v1/canary-runs", json: request), expecting: 201, server)
            var shown = 0
            shown = show(run, from: shown)
            while run.status == .running && !noWait, let id = run.id {
                let next = run.end(ofInterval: run.intervals.count + 1)
                let wait = min(max(next.timeIntervalSinceNow, 1), 30)
                try await Task.sleep(for: .seconds(wait))
                run = try await Self.answer(try? await client.send(.GET, "/api/v1/canary-runs/\(id)"), expecting: 200, server)
                shown = show(run, from: shown)
            }
            if output == .json { Terminal.output(String(decoding: try APIJSON.prettyEncoder.encode(run), as: UTF8.self) + "\n") }
            if run.status != .running { Terminal.output(output == .text ? "run \(run.id ?? 0): \(run.status.rawValue) — \(run.reason ?? "")\n" : "") }
            let code = run.gateOutcome.map(Self.exitCode) ?? 0
            if code != 0 { throw ExitCode(code) }
        }

        /// `--since` as the time it names.
        var sinceStart: String? {
            guard let since, let ago = try? Duration(parsing: since) else { return nil }
            return RFC3339.format(Date().addingTimeInterval(-ago.inSeconds))
        }

        /// The run in the answer, or exit 3 saying why.
        static func answer(_ answer: ServerClient.Answer?, expecting status: Int, _ server: ServerOptions) async throws -> CanaryRun {
            guard let answer else { throw ExitCode(GateDecision.Result.noDecision.exitCode) }
            guard answer.status == status, let run = try? APIJSON.decoder.decode(CanaryRun.self, from: answer.body) else {
                Terminal.error("\(server.baseURL): \(answer.status) \(answer.errorMessage)")
                throw ExitCode(GateDecision.Result.noDecision.exitCode)
            }
            return run
        }

        /// As the gate reads it: 0 pass, 1 fail, 2 marginal, 3 inconclusive.
        static func exitCode(_ outcome: GateDecision.CanaryOutcome) -> Int32 {
            switch outcome {
            case .pass: 0
            case .fail: 1
            case .marginal: 2
            case .inconclusive: 3
            }
        }

        /// Prints the intervals judged since the last call (text output only).
        func show(_ run: CanaryRun, from shown: Int) -> Int {
            guard output == .text else { return run.intervals.count }
            if shown == 0 {
                Terminal.output(
                    "canary run \(run.id ?? 0): \(run.service) \(run.canaryVersion) against \(run.baselineVersion) (\(run.splitBy)), "
                        + "\(run.intervalCount) × \(Duration.seconds(run.intervalSeconds).compactDescription) from \(RFC3339.format(run.start))\n")
            }
            for interval in run.intervals.dropFirst(shown) {
                let score = interval.score.map { String(format: "%g", $0) } ?? "–"
                Terminal.output("interval \(interval.index)/\(run.intervalCount)  score \(score)  \(interval.verdict.rawValue)  \(interval.reason)\n")
                for metric in interval.metrics { Terminal.output("    \(metric.verdict.rawValue): \(metric.summary)\n") }
                for latency in interval.distributions {
                    let shift = latency.estimate.map { String(format: ", shift %+.1f ms", $0) } ?? ""
                    Terminal.output(
                        "    \(latency.classification.rawValue): \(latency.metric) over \(latency.canaryCount) canary and \(latency.baselineCount) baseline minutes\(shift)"
                            + (latency.reason.map { " — \($0)" } ?? "") + "\n")
                }
            }
            return run.intervals.count
        }
    }
}
