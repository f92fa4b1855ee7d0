import Testing

@testable import vigil

/// `vigil slo status` lists own services first and third parties under their own heading.
@Suite struct SLOStatusTableTests {
    @Test func thirdPartiesAreListedApart() {
        let slos: [[String: Any]] = [
            ["instance": "vendor-calls", "service": "vendor", "external": true, "objective": 0.99, "output": "log"],
            ["instance": "api-up", "service": "api", "external": false, "objective": 0.999, "sli": 0.9995, "budget_remaining": 0.5, "output": "log"],
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
