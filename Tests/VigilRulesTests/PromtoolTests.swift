import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

@testable import VigilRules

/// The generated rules, checked by the real thing: Debian's promtool accepts them, and in
/// `promtool test rules` the page and ticket alerts fire at exactly the minutes VigilCore's
/// own evaluator predicts for the same counts (docs/scaling.md).
@Suite(.requires(.promtool)) struct PromtoolTests {
    static let promtool = "/usr/bin/promtool"

    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(promtool, arguments)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func promtoolAcceptsTheRulesOfEveryExample() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try PrometheusRuleGeneratorTests.examples()
        for scheme in PrometheusRuleGenerator.LabelScheme.allCases {
            let file = directory.appendingPathComponent("rules-\(scheme.rawValue).yaml")
            try PrometheusRuleGenerator(scheme: scheme).generate(configuration).file.yaml(header: "test").write(to: file, atomically: true, encoding: .utf8)
            let (status, output) = try await Self.run(["check", "rules", file.path])
            #expect(status == 0, "\(output)")
            #expect(output.contains("SUCCESS"), "\(output)")
        }
    }

    // MARK: The scenario

    static let scenario = """
        services: [{name: shop}]
        slis:
          - name: shop-requests
            prometheus:
              error_query: sum(rate(http_requests_total{job="shop",code="500"}[{{.window}}]))
              total_query: sum(rate(http_requests_total{job="shop"}[{{.window}}]))
        alert_policies:
          - name: quick
            min_events: 100
            tiers:
              - {name: page-1h, severity: page, long_window: 1h, short_window: 5m, factor: 14.4}
              - {name: ticket-6h, severity: ticket, long_window: 6h, short_window: 30m, factor: 3}
        slos:
          - name: shop-availability
            service: shop
            sli: shop-requests
            objective: 0.999
            window: 1d
            labels: {tier: "1"}
            alerting: {policy: quick, name: ShopAvailability, runbook: https://runbooks.example.com/shop, labels: {team: web}}
        """

    /// Requests and errors in minute `m`: 1,000 a minute with none failing, a 5 % spike
    /// from 400 to 460, a quiet spell at 600–700 (15 a minute, a third failing: too few
    /// to page), then a slow 0.5 % burn from 760 on.
    static func traffic(_ minute: Int) -> (total: Int, errors: Int) {
        switch minute {
        case 400..<460: (1000, 50)
        case 600..<700: (15, 5)
        case 760...: (1000, 5)
        default: (1000, 0)
        }
    }

    @Test func alertsFireAtTheMinutesVigilCorePredicts() async throws {
        let minutes = 960
        let configuration = try ConfigLoader.load(yaml: Self.scenario, file: "scenario.yaml").get()
        let spec = try #require(configuration.slo(named: "shop-availability"))
        let output = PrometheusRuleGenerator().generate(configuration)

        // VigilCore over the same counts: minute m's bucket is the counters' increase from m to m+1.
        let base: EpochMinute = 29_000_000
        var series = BucketSeries(startingAt: base)
        for minute in 0..<minutes {
            let (total, errors) = Self.traffic(minute)
            series.record(EventCounts(good: Int64(total - errors), valid: Int64(total)), at: base + Int64(minute))
        }
        var firing: [TierSeverity: [Bool]] = [.page: [false], .ticket: [false]]
        var heldBack = false
        for minute in 1...minutes {
            let status = SLOEvaluator.evaluate(spec.objective, series: series, at: base + Int64(minute))
            for severity in TierSeverity.allCases {
                firing[severity]!.append(status.tiers.contains { $0.tier.severity == severity && $0.state == .firing })
            }
            if status.tiers.contains(where: { if case .heldBack = $0.state { $0.long.rate ?? 0 > $0.tier.factor } else { false } }) { heldBack = true }
        }
        #expect(firing[.page]!.contains(true) && firing[.ticket]!.contains(true), "the scenario pages and tickets")
        #expect(heldBack, "the quiet spell burns fast on too few events and is held back")

        // Check both sides of every change, and the end.
        var times = Set([minutes])
        for severity in TierSeverity.allCases {
            let states = firing[severity]!
            for minute in 1...minutes where states[minute] != states[minute - 1] { times.formUnion([minute - 1, minute]) }
        }

        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try output.file.yaml(header: "scenario").write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        var alerts: [TierSeverity: (labels: [String: String], annotations: [String: String])] = [:]
        let identity = ["vigil_id": "shop-availability", "vigil_service": "shop", "vigil_slo": "availability", "tier": "1"]
        for group in output.file.groups {
            for case .alerting(_, _, _, let labels, let annotations) in group.rules {
                let severity = TierSeverity(rawValue: labels["vigil_severity"] ?? "")!
                let expanded = annotations.mapValues { text in identity.reduce(text) { $0.replacingOccurrences(of: "{{$labels.\($1.key)}}", with: $1.value) } }
                alerts[severity] = (identity.merging(labels) { _, alert in alert }, expanded)
            }
        }
        var counters = (total: [0], errors: [0])
        for minute in 0..<minutes {
            let (total, errors) = Self.traffic(minute)
            counters.total.append(counters.total.last! + total)
            counters.errors.append(counters.errors.last! + errors)
        }
        let good = zip(counters.total, counters.errors).map { $0 - $1 }
        var test = """
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            group_eval_order: [\(output.file.groups.map(\.name).joined(separator: ", "))]
            tests:
              - interval: 1m
                input_series:
                  - series: 'http_requests_total{job="shop",code="500"}'
                    values: '\(counters.errors.map(String.init).joined(separator: " "))'
                  - series: 'http_requests_total{job="shop",code="200"}'
                    values: '\(good.map(String.init).joined(separator: " "))'
                alert_rule_test:

            """
        for minute in times.sorted() {
            test += "      - eval_time: \(minute)m\n        alertname: ShopAvailability\n        exp_alerts:\n"
            for severity in TierSeverity.allCases where firing[severity]![minute] {
                let alert = alerts[severity]!
                test += "          - exp_labels: {\(Self.flow(alert.labels))}\n            exp_annotations: {\(Self.flow(alert.annotations))}\n"
            }
            if !TierSeverity.allCases.contains(where: { firing[$0]![minute] }) { test += "          []\n" }
        }
        let testFile = directory.appendingPathComponent("test.yaml")
        try test.replacingOccurrences(of: "exp_alerts:\n          []", with: "exp_alerts: []").write(to: testFile, atomically: true, encoding: .utf8)
        let (status, result) = try await Self.run(["test", "rules", testFile.path])
        #expect(status == 0, "promtool disagrees with VigilCore at one of \(times.sorted()):\n\(result)")
        #expect(result.contains("SUCCESS"), "\(result)")
    }

    /// `a: "x", b: "y"` for a YAML flow mapping, keys sorted.
    static func flow(_ map: [String: String]) -> String {
        map.sorted { $0.key < $1.key }.map { "\($0.key): \(Self.quoted($0.value))" }.joined(separator: ", ")
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
