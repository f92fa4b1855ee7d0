import ArgumentParser
import Foundation
import Synchronization
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

    @Argument(help: "The URL to load (http:// or https://).") var url: String
    @Option(name: [.short, .customLong("connections")], help: "Connections kept open.") var connections = 10
    @Option(name: [.short, .customLong("threads")], help: "Event loops (threads).") var threads = 2
    @Option(name: [.short, .customLong("duration")], help: "How long, such as 10s or 2m.") var duration: String?
    @Option(name: [.customShort("n"), .customLong("requests")], help: "Stop after this many requests.") var requests: Int?
    @Option(help: "Open model: requests per second, all connections together.") var rate: Double?
    @Option(help: "A request unanswered this long is a timeout.") var timeout = "2s"
    @Option(name: [.short, .customLong("method")], help: "HTTP method.") var method = "GET"
    @Option(name: [.customShort("H"), .customLong("header")], help: "A header, \"Name: value\" (repeat for more).") var header: [String] = []
    @Option(help: "A request body.") var body: String?
    @Option(help: "A pass/fail line such as \"p99 < 200ms\", \"errors < 1%\" or \"rps > 5000\" (repeat for more).") var threshold: [String] = []
    @Option(help: "Output format: text or json.") var output: OutputFormat = .text
    @Option(help: "Write the latency percentile distribution (wrk2's format, milliseconds) to this file.") var hdrOut: String?

    func validate() throws {
        guard connections >= 1 else { throw ValidationError("-c must be at least 1") }
        guard (1...256).contains(threads) else { throw ValidationError("-t must be from 1 to 256") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be more than 0") }
        if duration == nil && requests == nil { return }
        if let requests, requests < 1 { throw ValidationError("-n must be at least 1") }
    }

    func run() async throws {
        guard let target = LoadPlan.Target(url: url) else {
            Terminal.error("expected an http:// or https:// URL, found '\(url)'")
            throw VigilExit.invalidInput
        }
        let path = Self.pathAndQuery(of: url)
        var headers: [(name: String, value: String)] = []
        for line in header {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                Terminal.error("--header takes \"Name: value\", found '\(line)'")
                throw VigilExit.usage
            }
            headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        let thresholds = try threshold.map { text in
            do { return try LoadThreshold(parsing: text) } catch let error as LoadThreshold.ParseError {
                Terminal.error("--threshold '\(text)': \(error.message) (at column \(error.offset + 1))")
                throw VigilExit.usage
            }
        }
        let runFor = try duration.map(Self.duration) ?? (requests == nil ? .seconds(10) : nil)
        let requestTimeout = try Self.duration(timeout)
        let plan = LoadPlan(target: target, requests: [.init(name: path, method: method.uppercased(), path: path, headers: headers, body: body)],
                            connections: connections, threads: threads, duration: runFor, requestLimit: requests, rate: rate, timeout: requestTimeout)
        let live = LiveView(isTerminal: isatty(2) == 1)
        let result = try await LoadEngine.run(plan) { progress in live.show(progress) }
        live.finish()

        var description = "\(url), \(connections) connection\(connections == 1 ? "" : "s") on \(threads) thread\(threads == 1 ? "" : "s")"
        if let runFor { description += ", \(runFor.compactDescription)" }
        if let requests { description += ", \(requests) requests at most" }
        description += rate.map { String(format: ", open model at %.0f req/s", $0) } ?? ", closed model"
        let report = LoadReport(
            description: description, summary: result.summary,
            requests: result.perRequest.map { .init(name: $0.name, requests: $0.requests, latency: $0.latency) },
            thresholds: thresholds, findings: LoadFindings.findings(result.summary))
        if let hdrOut {
            do { try result.percentileDistribution.write(toFile: hdrOut, atomically: true, encoding: .utf8) } catch {
                Terminal.error("cannot write \(hdrOut): \(error.localizedDescription)")
                throw VigilExit.invalidInput
            }
        }
        switch output {
        case .text: Terminal.output(report.text)
        case .json: print(try Self.json(report))
        }
        if !report.failedThresholds.isEmpty { throw VigilExit.thresholdReached }
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
            thresholds: report.thresholds.map { Threshold(threshold: $0.text, passed: $0.holds(for: report.summary), observed: $0.observed(in: report.summary)) },
            findings: report.findings)
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

/// The progress line: rewritten in place on a terminal, a plain line a second otherwise.
final class LiveView: Sendable {
    let isTerminal: Bool
    private let lastLine = Mutex(0.0)

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    func show(_ progress: LoadEngine.Progress) {
        let p99 = progress.p99.map { LoadFindings.seconds($0) } ?? "-"
        let line = String(format: "%6.1fs  %8.0f req/s  p99 %@  errors %d  connections %d", progress.elapsed, progress.requestsPerSecond, p99, progress.errors, progress.openConnections)
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
        } else {
            let due = lastLine.withLock { last -> Bool in
                guard progress.elapsed - last >= 1 else { return false }
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
