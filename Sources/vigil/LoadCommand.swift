import ArgumentParser
import Foundation
import NIOHTTP1
import Synchronization
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilLoad
import VigilReports

/// `vigil load`: the load generator (docs/load.md).
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-test an HTTP target: closed model (-c connections) or open model (--rate), HDR latency percentiles, thresholds for CI.",
        discussion: """
            The closed model (wrk) sends each connection's next request when the last answer
            arrives. The open model (--rate, as wrk2) sends at a fixed rate whatever the answers,
            and measures latency from when each request was due, so a stalled server shows in
            the percentiles. Target only hosts you run: load is load.

            Examples:
              vigil load http://127.0.0.1:8080/ -c 64 -t 2 -d 30s
              vigil load http://127.0.0.1:8080/api --rate 2000 -d 1m --threshold "p99 < 200ms" --threshold "errors < 1%"

            Exit codes: 0 done (every threshold held); 1 bad input or target; 2 usage error; 3 a threshold failed.
            """)

    @Argument(help: "The URL to load (http:// or https://); with --scenario, it replaces the scenario's target.") var url: String?
    @Option(help: "A scenario file: weighted requests, stages, thresholds (docs/load.md).") var scenario: String?
    @Option(name: [.short, .customLong("connections")], help: "Connections kept open (default 10).") var connections: Int?
    @Option(name: [.short, .customLong("threads")], help: "Event loops, threads (default 2).") var threads: Int?
    @Option(name: [.short, .customLong("duration")], help: "How long, such as 10s or 2m.") var duration: String?
    @Option(name: [.customShort("n"), .customLong("requests")], help: "Stop after this many requests.") var requests: Int?
    @Option(help: "Open model: requests per second, all connections together.") var rate: Double?
    @Option(help: "A request unanswered this long is a timeout (default 2s).") var timeout: String?
    @Option(name: [.short, .customLong("method")], help: "HTTP method.") var method = "GET"
    @Option(name: [.customShort("H"), .customLong("header")], help: "A header, \"Name: value\" (repeat for more).") var header: [String] = []
    @Option(help: "A request body.") var body: String?
    @Option(help: "A pass/fail line such as \"p99 < 200ms\", \"errors < 1%\" or \"rps > 5000\" (repeat for more).") var threshold: [String] = []
    @Option(help: "Output format: text or json.") var output: OutputFormat = .text
    @Option(help: "Write the latency percentile distribution (wrk2's format, milliseconds) to this file.") var hdrOut: String?
    @Option(help: "Sample this process's CPU, memory, disk and network from /proc during the run.") var targetPid: Int32?
    @Option(help: "Scrape this Prometheus endpoint before and after; report what moved.") var targetMetrics: String?
    @Option(help: "Store the run in this Vigil server as capacity data (needs a write token).") var post: String?
    @Option(help: "The service the run measured (with --post).") var service: String?
    @Option(help: "Bearer token for --post (default: $VIGIL_TOKEN).") var token: String?
    @Flag(help: "Do not check an https:// target's certificate (a self-signed test server).") var insecure = false

    func validate() throws {
        guard url != nil || scenario != nil else { throw ValidationError("give a URL or --scenario FILE") }
        if let connections, connections < 1 { throw ValidationError("-c must be at least 1") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("-t must be from 1 to 256") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be more than 0") }
        if let requests, requests < 1 { throw ValidationError("-n must be at least 1") }
        if method.uppercased() == "HEAD" { throw ValidationError("HEAD is not supported yet: its answers have no body to delimit") }
    }

    /// The scenario file, or one request from the flags.
    func loadScenario() throws -> LoadScenario {
        var scenario: LoadScenario
        if let path = self.scenario {
            switch LoadScenarioParser.load(path: path) {
            case .success(let loaded): scenario = loaded
            case .failure(let errors):
                for diagnostic in errors.diagnostics { Terminal.error(diagnostic.description) }
                throw VigilExit.invalidInput
            }
        } else {
            let path = Self.pathAndQuery(of: url ?? "")
            var headers: [LoadScenario.Header] = []
            for line in header {
                guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                    Terminal.error("--header takes \"Name: value\", found '\(line)'")
                    throw VigilExit.usage
                }
                headers.append(
                    .init(
                        name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                        value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
            scenario = LoadScenario(
                target: url ?? "", requests: [.init(name: path, method: method.uppercased(), path: path, headers: headers, body: body, weight: 1)])
        }
        if let url { scenario.target = url }
        if let connections { scenario.connections = connections }
        if let threads { scenario.threads = threads }
        if let rate { scenario.rate = rate }
        if let duration { scenario.duration = try Self.duration(duration) }
        if let timeout { scenario.timeout = try Self.duration(timeout) }
        for text in threshold { scenario.thresholds.append(try Self.threshold(text)) }
        return scenario
    }

    func run() async throws {
        let scenario = try loadScenario()
        guard let target = LoadPlan.Target(url: scenario.target) else {
            Terminal.error("expected an http:// or https:// URL, found '\(scenario.target)'")
            throw VigilExit.invalidInput
        }
        let runFor = scenario.duration ?? (requests == nil && scenario.stages == nil ? .seconds(10) : nil)
        let rampsConnections = scenario.stageKind == .connections
        var plan = LoadPlan(
            target: target,
            requests: scenario.requests,
            connections: rampsConnections ? max(scenario.connections, Int(scenario.stages!.stages.map(\.target).max() ?? 1)) : scenario.connections,
            threads: scenario.threads, duration: runFor, requestLimit: requests, rate: scenario.rate, stages: scenario.stages,
            openModel: scenario.rate != nil || scenario.stageKind == .rate, timeout: scenario.timeout)
        plan.verifyCertificates = !insecure
        let thresholds = scenario.thresholds
        let connections = plan.connections
        let threads = plan.threads
        let rate = plan.openModel ? scenario.rate : nil
        let url = scenario.target
        let sampler: ProcessSampler?
        do { sampler = try targetPid.map { try ProcessSampler(pid: $0) } } catch {
            Terminal.error("--target-pid: \(error)")
            throw VigilExit.invalidInput
        }
        var metricsBefore: [String: Double]?
        if let targetMetrics { metricsBefore = try await Self.scrape(targetMetrics) }
        let startedAt = Date()
        let live = LiveView(isTerminal: isatty(2) == 1, total: plan.runLength?.inSeconds)
        // a terminal's line refreshes four times a second; a log gets a line a second
        let result = try await LoadEngine.run(plan, progressInterval: live.isTerminal ? .milliseconds(250) : .seconds(1)) { progress in live.show(progress) }
        live.finish()
        let resources = await sampler?.finish()
        var metricsAfter: [String: Double]?
        if let targetMetrics { metricsAfter = try await Self.scrape(targetMetrics) }

        var description = "\(url), \(connections) connection\(connections == 1 ? "" : "s") on \(threads) thread\(threads == 1 ? "" : "s")"
        if let stages = scenario.stages {
            description +=
                ", \(stages.stages.count) stages ramping \(scenario.stageKind?.rawValue ?? "") over \(Duration.seconds(stages.totalDuration).compactDescription)"
        } else if let runFor {
            description += ", \(runFor.compactDescription)"
        }
        if let requests { description += ", \(requests) requests at most" }
        description += rate.map { String(format: ", open model at %.0f req/s", $0) } ?? (plan.openModel ? ", open model" : ", closed model")
        var report = LoadReport(
            description: description, summary: result.summary,
            requests: result.perRequest.map { .init(name: $0.name, requests: $0.requests, latency: $0.latency) },
            thresholds: thresholds, findings: LoadFindings.findings(result.summary, stages: result.stages, target: resources), target: resources)
        if let metricsBefore, let metricsAfter { report.targetMetrics = PrometheusText.changes(before: metricsBefore, after: metricsAfter) }
        if let hdrOut {
            do { try result.percentileDistribution.write(toFile: hdrOut, atomically: true, encoding: .utf8) } catch {
                Terminal.error("cannot write \(hdrOut): \(error.localizedDescription)")
                throw VigilExit.invalidInput
            }
        }
        if let post {
            let run = LoadRun(
                service: service, target: scenario.target, model: plan.openModel ? "open" : "closed", connections: plan.connections,
                rate: plan.openModel ? scenario.rate : nil, startedAt: startedAt, summary: result.summary, findings: report.findings)
            try await Self.store(run, at: post, token: token)
        }
        switch output {
        case .text: Terminal.output(report.text)
        case .json: print(try Self.json(report))
        }
        if !report.failedThresholds.isEmpty { throw VigilExit.thresholdReached }
    }

    static func threshold(_ text: String) throws -> LoadThreshold {
        switch Result(catching: { () throws(LoadThreshold.ParseError) in try LoadThreshold(parsing: text) }) {
        case .success(let threshold): return threshold
        case .failure(let error):
            Terminal.error("--threshold '\(text)': \(error.message) (at column \(error.offset + 1))")
            throw VigilExit.usage
        }
    }

    /// `--post`: the run to `/api/v1/load-runs`.
    static func store(_ run: LoadRun, at server: String, token: String?) async throws {
        var arguments = ["--server", server]
        if let token { arguments += ["--token", token] }
        let options = try ServerOptions.parse(arguments)
        let answer = try await ServerClient(options: options).send(.POST, "/api/v1/load-runs", json: run)
        guard answer.status == 201 else {
            Terminal.error("--post \(server): \(answer.status) \(answer.errorMessage)")
            throw VigilExit.invalidInput
        }
        Terminal.error("stored as load run \(try answer.decode(LoadRun.self, from: options).id) in \(options.baseURL)")
    }

    /// One scrape of a Prometheus endpoint.
    static func scrape(_ url: String) async throws -> [String: Double] {
        let answer = try await ServerClient(options: try ServerOptions.parse(["--server", url])).send(.GET, "")
        guard answer.status == 200 else {
            Terminal.error("--target-metrics \(url): \(answer.status)")
            throw VigilExit.invalidInput
        }
        return PrometheusText.samples(answer.text)
    }

    static func duration(_ text: String) throws -> Duration {
        guard let value = try? Duration(parsing: text), value > .zero else {
            Terminal.error("expected a duration such as 10s or 2m, found '\(text)'")
            throw VigilExit.usage
        }
        return value
    }

    /// `/api?x=1` of `http://host:port/api?x=1` (`/` when it has none).
    static func pathAndQuery(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "/" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let path = String(rest[slash...])
        return path.hasPrefix("?") ? "/" + path : path
    }

    static func json(_ report: LoadReport) throws -> String {
        struct Threshold: Encodable {
            let threshold: String
            let passed: Bool
            let observed: Double?
        }
        struct Request: Encodable {
            let name: String
            let requests: Int
            let latency: LoadSummary.Latency?
        }
        struct Document: Encodable {
            let target: String
            let summary: LoadSummary
            let requestsPerSecond: Double
            let requests: [Request]
            let thresholds: [Threshold]
            let findings: [String]
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(
            target: report.description, summary: report.summary, requestsPerSecond: report.summary.requestsPerSecond,
            requests: report.requests.map { Request(name: $0.name, requests: $0.requests, latency: $0.latency) },
            thresholds: report.thresholds.map {
                Threshold(threshold: $0.text, passed: $0.holds(for: report.summary), observed: $0.observed(in: report.summary))
            },
            findings: report.findings)
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

/// The progress line: rewritten in place on a terminal, a plain line a second otherwise.
final class LiveView: Sendable {
    let isTerminal: Bool
    /// The run's length in seconds, when known: the bar shows how far it is.
    let total: Double?
    private let lastLine = Mutex(0.0)

    init(isTerminal: Bool, total: Double?) {
        self.isTerminal = isTerminal
        self.total = total
    }

    func show(_ progress: LoadEngine.Progress) {
        let p99 = progress.p99.map { LoadFindings.seconds($0) } ?? "-"
        let line = String(
            format: "%6.1fs  %8.0f req/s  p99 %@  errors %d  connections %d", progress.elapsed, progress.requestsPerSecond, p99, progress.errors,
            progress.openConnections)
        if isTerminal {
            var bar = ""
            if let total, total > 0 {
                let filled = min(20, Int((progress.elapsed / total * 20).rounded(.down)))
                bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] "
            }
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + bar + line).utf8))
        } else {
            let due = lastLine.withLock { last -> Bool in
                guard progress.elapsed - last >= 0.9 else { return false }
                last = progress.elapsed
                return true
            }
            if due { Terminal.error(line) }
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
