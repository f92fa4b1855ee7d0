import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// Sloth and OpenSLO specs load into the same model, and `vigil import`'s YAML reads back
/// into the same SLOs.
@Suite struct ImportTests {
    static func load(_ relative: String, only format: ConfigFormat? = nil) throws -> VigilConfiguration {
        try ConfigLoader.load(paths: [Fixtures.path(relative)], only: format).get()
    }

    /// Writes the configuration as Vigil YAML and reads it back.
    static func roundTrip(_ config: VigilConfiguration) throws -> VigilConfiguration {
        try ConfigLoader.load(yaml: try ConfigEmitter.yaml(for: config), file: "emitted.yaml").get()
    }

    @Test func slothSpecBecomesVigilSLOs() throws {
        let config = try Self.load("sloth/checkout.yaml", only: .sloth)
        let availability = try #require(config.slo(named: "checkout-requests-availability"))
        #expect(availability.objective.objective == 0.999)
        #expect(availability.objective.window == .rolling(.seconds(30 * 86_400)))
        #expect(availability.objective.alerting.tiers.map(\.severity) == [.page, .page])
        #expect(availability.alerting.name == "CheckoutHighErrorRate")
        #expect(availability.alerting.pageLabels == ["severity": "pageteam"])
        #expect(availability.objective.labels == ["owner": "payments-team"])
        guard case .prometheus(.errorsOverTotal(let errors, _)) = availability.objective.sli.source else {
            Issue.record("expected an events SLI")
            return
        }
        #expect(errors.contains("code=~\"(5..|429)\""))
        let latency = try #require(config.slo(named: "checkout-requests-latency"))
        guard case .prometheus(.errorRatio) = latency.objective.sli.source else {
            Issue.record("expected a raw SLI")
            return
        }
        #expect(config.services.map(\.team) == ["payments-team"])
    }

    @Test func openSLODocumentsBecomeVigilSLOs() throws {
        let config = try Self.load("openslo/checkout.yaml", only: .openSLO)
        let minutes = try #require(config.slo(named: "checkout-good-minutes"))
        #expect(minutes.objective.budgeting == .timeslices(slice: .seconds(60), target: 0.99))
        #expect(minutes.objective.window == .calendar(.month, TimeZone(identifier: "Europe/Berlin")!))
        #expect(
            minutes.objective.alerting.tiers == [
                // alertAfter: 2m is the tier's hold (`for:`)
                BurnRateTier(name: "fast-burn", severity: .page, longWindow: .seconds(3600), shortWindow: .seconds(300), factor: 14.4, holdFor: .seconds(120))
            ])
    }

    /// The same SLO written for Sloth and for OpenSLO is the same Vigil SLO (Sloth's
    /// page-only alerting aside, which OpenSLO has no words for).
    @Test func slothAndOpenSLOAgree() throws {
        let sloth = try #require(try Self.load("sloth/checkout.yaml").slo(named: "checkout-requests-availability")).objective
        let openSLO = try #require(try Self.load("openslo/checkout.yaml").slo(named: "checkout-requests-availability")).objective
        #expect(sloth.name == openSLO.name)
        #expect(sloth.service == openSLO.service)
        #expect(sloth.objective == openSLO.objective)
        #expect(sloth.window == openSLO.window)
        #expect(sloth.sli.source == openSLO.sli.source)
        #expect(sloth.budgeting == openSLO.budgeting)
        #expect(sloth.description == openSLO.description)
    }

    @Test(arguments: ["sloth/checkout.yaml", "openslo/checkout.yaml", "../../../examples/quickstart"])
    func emittedYAMLReadsBackIntoTheSameSLOs(relative: String) throws {
        let original = try Self.load(relative)
        let again = try Self.roundTrip(original)
        #expect(again.slos.map(\.objective) == original.slos.map(\.objective))
        #expect(again.slos.map(\.alerting) == original.slos.map(\.alerting))
        #expect(again.services.map(\.name) == original.services.map(\.name))
        #expect(again.receivers.map(\.kind) == original.receivers.map(\.kind))
    }

    @Test func importRefusesOtherFormats() {
        guard case .failure(let errors) = ConfigLoader.load(paths: [Fixtures.path("sloth/checkout.yaml")], only: .openSLO) else {
            Issue.record("expected failure")
            return
        }
        #expect(errors.diagnostics.first?.message == "expected an OpenSLO v1 object, found a Sloth prometheus/v1 spec")
    }

    @Test func unsupportedOpenSLOFeaturesAreErrors() {
        let yaml = """
            apiVersion: openslo/v1
            kind: SLI
            metadata: {name: p99}
            spec:
              thresholdMetric:
                metricSource: {type: Prometheus, spec: {query: histogram_quantile(0.99, x)}}
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "t.yaml") else {
            Issue.record("expected failure")
            return
        }
        #expect(
            errors.description
                == "t.yaml:6:5: error: spec.thresholdMetric: threshold metrics judge raw metric values, not events; express the SLI as a ratioMetric (e.g. histogram buckets under the threshold over all requests)"
        )
    }
}
