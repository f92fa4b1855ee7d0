import Foundation
import Testing
import VigilAPIModels

@testable import vigil

/// `vigil slo status` lists own services first and third parties under their own heading.
@Suite struct SLOStatusTableTests {
    /// An SLO document as the server writes it, with the fields that vary.
    static func document(_ instance: String, service: String, external: Bool, objective: Double, sli: Double?, budgetRemaining: Double?) throws
        -> API.SLODocument
    {
        let json = """
            {"name": "\(instance)", "instance": "\(instance)", "group": null, "overflow": false, "service": "\(service)", "external": \(external),
             "objective": \(objective), "window": "30d", "window_seconds": 2592000, "budgeting": "occurrences", "evaluated": true, "notes": [],
             "good": null, "valid": null, "sli": \(sli.map { "\($0)" } ?? "null"), "budget_remaining": \(budgetRemaining.map { "\($0)" } ?? "null"),
             "budget_consumed": null, "current_burn": null, "time_to_exhaustion": null, "time_to_exhaustion_seconds": null, "tiers": [],
             "exhaustion_alert_firing": null, "output": "log"}
            """
        return try APIJSON.decoder.decode(API.SLODocument.self, from: Data(json.utf8))
    }

    @Test func thirdPartiesAreListedApart() throws {
        let slos = [
            try Self.document("vendor-calls", service: "vendor", external: true, objective: 0.99, sli: nil, budgetRemaining: nil),
            try Self.document("api-up", service: "api", external: false, objective: 0.999, sli: 0.9995, budgetRemaining: 0.5),
        ]
        let lines = SLOCommand.Status.table(slos, evaluatedAt: "2026-11-24T12:00:00Z").split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[2].hasPrefix("api-up"))
        #expect(lines[3] == "third-party dependencies:")
        #expect(lines[4].hasPrefix("vendor-calls"))
        #expect(lines[2].contains("99.950%") && lines[2].contains("50.0%"))
        // with only third parties there is nothing to set them apart from
        #expect(!SLOCommand.Status.table([slos[0]], evaluatedAt: "x").contains("third-party"))
    }
}
