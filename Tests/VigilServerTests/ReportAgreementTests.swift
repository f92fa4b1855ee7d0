import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilConfig
import VigilCore
import VigilReports

@testable import VigilServer

/// Every report judges an SLO as the evaluator does, by its budgeting method: on the
/// quickstart's example week, each SLO's SLI and budget left in the weekly report (and so
/// in the SLO review) equal the evaluator's at the week's end, timeslices included.
@Suite struct ReportAgreementTests {
    static let quickstart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/quickstart")

    static func file(_ name: String) throws -> String { try String(contentsOf: quickstart.appendingPathComponent(name), encoding: .utf8) }

    @Test func theWeeklyReportAgreesWithTheEvaluatorForEveryQuickstartSLO() async throws {
        let server = try TestServer(yaml: try Self.file("services.yaml") + "\n" + Self.file("slos.yaml") + "\n" + Self.file("oncall.yaml"))
        let lines = try Self.file("events.ndjson").split(separator: "\n")
        try await server.test { client in
            let auth: HTTPFields = [.authorization: "Bearer quickstart-demo-token"]
            for start in stride(from: 0, to: lines.count, by: 2000) {
                let batch = lines[start..<min(start + 2000, lines.count)].joined(separator: "\n")
                #expect(try await client.execute(uri: "/api/v1/events", method: .post, headers: auth, body: TestServer.body(batch)).status == .ok)
            }
            // The week the example events cover: Monday 2026-11-16 to Monday 2026-11-23.
            let end = try #require(RFC3339.parse("2026-11-23T00:00:00Z"))
            let report = try await WeeklyReportBuilder(runtime: server.runtime).build(to: end)
            let evaluated = await server.runtime.hotState.report(at: end.epochMinute)
            let configuration = await server.runtime.hotState.configuration
            var compared = 0
            for spec in configuration.slos where !spec.objective.isGrouped {
                guard case .events = spec.objective.sli.source else { continue }
                let line = try #require(report.slos.first { $0.slo == spec.name }, "\(spec.name) is in the report")
                let status = try #require(evaluated.entries.first { $0.name == spec.name }?.status, "\(spec.name) was evaluated")
                #expect(Self.same(line.compliance, status.sli), "\(spec.name): SLI \(line.compliance ?? .nan) in the report, \(status.sli ?? .nan) evaluated")
                #expect(
                    Self.same(line.budgetRemaining, status.budgetRemaining),
                    "\(spec.name): budget left \(line.budgetRemaining ?? .nan) in the report, \(status.budgetRemaining ?? .nan) evaluated")
                compared += 1
            }
            #expect(compared >= 4)
            // The timeslices SLO was breached by its own method (90 of 4,320 slices bad).
            let slices = try #require(report.slos.first { $0.slo == "shop-web-good-minutes" })
            #expect(slices.met == false && (slices.budgetRemaining ?? 0) < 0)
            #expect(!report.markdown.contains("SLOs met their objective"))
        }
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) <= 1e-12 * max(1, abs(b))
        default: false
        }
    }
}
