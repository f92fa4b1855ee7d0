import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import VigilConfig
import VigilCore
import VigilStore

/// Asks a Prometheus-compatible API for one query's samples (`/api/v1/query_range`).
protocol PrometheusQuerying: Sendable {
    /// The raw answer for `query` evaluated at the end of each minute of `minutes`.
    func queryRange(_ source: PrometheusSource, query: String, minutes: ClosedRange<EpochMinute>) async throws -> Data
}

/// The HTTP client for ``PrometheusQuerying``: a POSTed form (queries may be long), a
/// timeout per request, the answer's body whatever its status (Prometheus explains a
/// refusal in JSON).
struct PrometheusHTTPClient: PrometheusQuerying {
    func queryRange(_ source: PrometheusSource, query: String, minutes: ClosedRange<EpochMinute>) async throws -> Data {
        var request = HTTPClientRequest(url: "\(source.url)/api/v1/query_range")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = [("query", query), ("start", "\((minutes.lowerBound + 1) * 60)"), ("end", "\((minutes.upperBound + 1) * 60)"), ("step", "60")]
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        request.body = .bytes(ByteBuffer(string: form.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $1)" }.joined(separator: "&")))
        let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(Int64(source.timeout.inNanoseconds)))
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let data = Data(body.readableBytesView)
        if response.status.code >= 300, (try? JSONSerialization.jsonObject(with: data)) == nil {
            throw PrometheusResponse.Problem.malformed("HTTP \(response.status.code) from \(source.url)")
        }
        return data
    }
}

/// Reads every PromQL SLI from Prometheus into the hot state, minute by minute, so the
/// server evaluates budgets and alerts itself, as for pushed events. At start it reads
/// back as far as the longest window needs; then the latest minutes (again the last five,
/// for late scrapes). A failed read is "no data" with the reason on the SLO
/// (`notes`), never an error that stops the server.
actor PrometheusSLIReader {
    private struct SLIState {
        /// What the minutes were read with: a reload that changes it starts over.
        var query: PrometheusSLIQuery
        var minutes: [EpochMinute: EventCounts] = [:]
        var readThrough: EpochMinute?
    }

    private var states: [String: SLIState] = [:]
    /// How Prometheus is asked (canary runs ask through it too).
    nonisolated let querying: any PrometheusQuerying

    init(querying: any PrometheusQuerying = PrometheusHTTPClient()) {
        self.querying = querying
    }

    /// Reads what is new for every PromQL SLI.
    func poll(_ runtime: VigilRuntime) async {
        let configuration = await runtime.hotState.configuration
        guard let source = configuration.server.prometheus else { return }
        let now = runtime.clock.now.epochMinute
        let earliest = await runtime.hotState.earliestNeededMinute(at: now)
        let last = now - 1
        for (name, indicator) in configuration.indicators.sorted(by: { $0.key < $1.key }) {
            guard case .prometheus(let query) = indicator.source else { continue }
            var state = states[name].flatMap { $0.query == query ? $0 : nil } ?? SLIState(query: query)
            let first = max(earliest, state.readThrough.map { $0 - 5 } ?? earliest)
            do {
                let counts = try await read(PrometheusMinuteQueries(query), source: source, from: first, through: last)
                for minute in first...last { state.minutes[minute] = counts[minute] }
                state.minutes = state.minutes.filter { $0.key >= earliest }
                state.readThrough = last
                let series = state.minutes.sorted { $0.key < $1.key }.map { MinuteCounts(minute: $0.key, counts: $0.value) }
                await runtime.hotState.replaceSeries([name: series])
                await runtime.hotState.setPrometheusProblem(nil, for: name)
            } catch {
                let problem = "Prometheus at \(source.url) could not be read: \(Self.describe(error)); minutes it did not answer count as no data"
                await runtime.hotState.setPrometheusProblem(problem, for: name)
                runtime.logger.warning("reading an SLI from Prometheus failed", metadata: ["sli": "\(name)", "error": "\(Self.describe(error))"])
            }
            states[name] = state
        }
    }

    private func read(_ queries: PrometheusMinuteQueries, source: PrometheusSource, from first: EpochMinute, through last: EpochMinute) async throws
        -> [EpochMinute: EventCounts]
    {
        guard first <= last else { return [:] }
        var samples: [[EpochMinute: Double]] = []
        for query in queries.queries {
            var minutes: [EpochMinute: Double] = [:]
            for chunk in PrometheusResponse.chunks(from: first, through: last) {
                let data = try await querying.queryRange(source, query: query, minutes: chunk)
                minutes.merge(try PrometheusResponse.minutes(data)) { _, new in new }
            }
            samples.append(minutes)
        }
        return queries.minutes(samples)
    }

    static func describe(_ error: any Error) -> String {
        if let problem = error as? PrometheusResponse.Problem { return problem.description }
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout || client == .connectTimeout {
            return "no answer within the timeout"
        }
        return "\(error)"
    }
}
