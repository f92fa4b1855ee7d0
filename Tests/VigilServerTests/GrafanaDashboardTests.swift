import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilTestSupport

@testable import VigilServer

/// The Grafana dashboards in docs/grafana: valid JSON, and every metric their queries
/// name is one a running Vigil exposes on `/metrics` — so no panel is blank by a typo.
@Suite struct GrafanaDashboardTests {
    static let directory = APIRoutesTests.repository.appendingPathComponent("docs/grafana")

    /// PromQL words that are not metric names.
    static let promQL: Set<String> = [
        "sum", "by", "without", "count", "avg", "min", "max", "increase", "rate", "irate", "or", "and", "unless", "vector", "on", "ignoring",
        "group_left", "group_right", "label_values", "offset", "bool", "topk", "bottomk", "histogram_quantile", "clamp_min", "clamp_max", "abs",
    ]

    /// Metric names in a query: identifiers outside label matchers, strings and ranges.
    static func metrics(in query: String) -> Set<String> {
        // `label_values(metric, label)` names a label last, not a metric.
        var text = query.replacingOccurrences(of: #"label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)"#, with: "$1", options: .regularExpression)
        // Drop label matchers `{…}`, ranges `[…]`, strings and the label lists of `by (…)`.
        for pattern in [#"\{[^}]*\}"#, #"\[[^\]]*\]"#, #""[^"]*""#, #"\b(by|without|on|ignoring)\s*\([^)]*\)"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let words = text.components(separatedBy: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:").inverted)
        return Set(words.filter { !$0.isEmpty && !promQL.contains($0) && !($0.first?.isNumber ?? true) && $0 != "$service" && $0 != "$slo" })
    }

    /// Every `expr` and template `query` in a dashboard.
    static func queries(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            var found: [String] = []
            for (key, inner) in object {
                if key == "expr" || key == "query", let text = inner as? String, text != "prometheus" { found.append(text) }
                found += queries(inner)
            }
            return found
        }
        if let list = value as? [Any] { return list.flatMap(queries) }
        return []
    }

    @Test func everyQueryNamesAMetricVigilExposes() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == ["vigil-slo-detail.json", "vigil-slo-overview.json"])
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: TestServer.escalatingRouting))
        try await server.test { client in
            let events = (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            try await server.runtime.evaluate()
            try await server.runtime.notifierTick(at: server.clock.now)
            let exposition = String(buffer: try await client.succeed(uri: "/metrics", method: .get).body)
            let exposed = Set(
                exposition.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "{" && $0 != " " }) })
            var used: Set<String> = []
            for file in files {
                let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.directory.appendingPathComponent(file)))
                let queries = Self.queries(dashboard)
                #expect(queries.count >= 5, "\(file) has its queries")
                for query in queries {
                    let names = Self.metrics(in: query)
                    #expect(!names.isEmpty, "\(file): '\(query)' names no metric")
                    for name in names { #expect(exposed.contains(name), "\(file): '\(query)' names \(name), which /metrics does not expose") }
                    used.formUnion(names)
                }
            }
            // The dashboards use every SLO gauge Vigil has.
            let gauges = exposed.filter { $0.hasPrefix("vigil_slo_") && !$0.hasSuffix("_total") }
            #expect(gauges.subtracting(used).isEmpty, "not on a dashboard: \(gauges.subtracting(used).sorted())")
        }
    }
}
