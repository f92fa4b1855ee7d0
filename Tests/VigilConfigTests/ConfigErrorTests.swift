import Foundation
import Testing

@testable import VigilConfig

/// Broken configurations: every error is reported at once, each message verbatim.
@Suite struct ConfigErrorTests {
    static func errors(_ relative: String) -> [String] {
        guard case .failure(let errors) = ConfigLoader.load(paths: [Fixtures.path(relative)]) else {
            Issue.record("\(relative) loaded, but it is broken")
            return []
        }
        let prefix = Fixtures.directory + "/"
        return errors.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "") }
    }

    @Test func typosAndWrongValues() {
        #expect(
            Self.errors("broken/typos.yaml") == [
                "broken/typos.yaml:4:11: error: services[0].tier: must be 1 (most critical) to 4, found 7",
                "broken/typos.yaml:6:5: error: slos[0].objective: missing required field 'objective'",
                "broken/typos.yaml:8:10: error: slos[0].sli: unknown SLI 'shop-requests'",
                "broken/typos.yaml:9:5: error: slos[0].objectiv: unknown key 'objectiv'; did you mean 'objective'?",
                "broken/typos.yaml:10:13: error: slos[0].window: invalid duration '30x': unit 'x' is not one of ms, s, m, h, d, w, y (durations look like 30s, 5m, 1h, 28d)",
                "broken/typos.yaml:12:14: error: slos[1].service: unknown service 'shpo'; did you mean 'shop'?",
                "broken/typos.yaml:15:18: error: slos[1].sli.threshold: invalid duration 'fast': expected a number before 'fast' (durations look like 30s, 5m, 1h, 28d)",
                "broken/typos.yaml:16:16: error: slos[1].objective: objective must be a ratio between 0 and 1, found 99.9; did you mean 0.999?",
                "broken/typos.yaml:19:15: error: slos[1].alerting.policy: unknown alert policy 'standrd'; did you mean 'standard'?",
                "broken/typos.yaml:22:21: error: alert_policies[0].window_scaling: unknown window scaling 'keep_window'; expected keep_windows or scale_windows; did you mean 'keep_windows'?",
            ])
    }

    @Test func policiesServicesAndReceivers() {
        #expect(
            Self.errors("broken/policies.yaml") == [
                "broken/policies.yaml:2:5: error: services[0].depends_on[0]: unknown service 'databse'; did you mean 'database'?",
                "broken/policies.yaml:7:17: error: alert_policies[0].min_events: must be 0 or more, found -5",
                "broken/policies.yaml:10:19: error: alert_policies[0].tiers[0].severity: unknown severity 'pager'; expected page or ticket; did you mean 'page'?",
                "broken/policies.yaml:12:23: error: alert_policies[0].tiers[0].short_window: the short window (1h) must be shorter than the long window (5m)",
                "broken/policies.yaml:14:9: error: alert_policies[0].tiers[1]: give factor (a burn rate) or budget_share (e.g. 0.02)",
                "broken/policies.yaml:23:18: error: slos[0].sli.threshold: only a latency SLI has a threshold",
                "broken/policies.yaml:24:16: error: slos[0].objective: an objective of 100% leaves no error budget; use at most 0.99999",
                "broken/policies.yaml:26:17: error: slos[0].window.calendar: unknown calendar period 'quarter'; expected week or month",
                "broken/policies.yaml:27:18: error: slos[0].window.time_zone: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)",
                "broken/policies.yaml:29:5: error: receivers[0]: give only one of webhook, slack",
                "broken/policies.yaml:38:18: error: receivers[1].email.smarthost: smarthost must be host:port, found 'smtp.example.com'",
            ])
    }

    @Test func yamlSyntaxErrorsPointAtTheProblem() {
        #expect(
            Self.errors("broken/syntax.yaml") == [
                "broken/syntax.yaml:4:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at 3:14)"
            ])
    }

    /// Two SLOs with one name in two files: the error names both places.
    @Test func duplicatesAcrossFilesNameBothPlaces() {
        #expect(
            Self.errors("duplicates") == [
                "duplicates/b.yaml:2:11: error: slos[0].name: duplicate SLO name 'api-availability' (first defined at duplicates/a.yaml:4:11)",
                "duplicates/b.yaml:8:11: error: services[0].name: duplicate service name 'api' (first defined at duplicates/a.yaml:2:11)",
            ])
    }

    @Test func missingPathsAndEmptyDocuments() {
        let result = ConfigLoader.load(paths: ["/nonexistent/vigil"])
        guard case .failure(let errors) = result else {
            Issue.record("expected failure")
            return
        }
        #expect(errors.description == "/nonexistent/vigil:1:1: error: no such file or directory")
        guard case .failure(let unknownTop) = ConfigLoader.load(yaml: "slo:\n  - name: x\n", file: "one.yaml") else {
            Issue.record("expected failure")
            return
        }
        #expect(unknownTop.description == "one.yaml:1:1: error: slo: unknown key 'slo'; did you mean 'slos'?")
    }
}
