import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

@testable import VigilServer

/// The alert book on its own: reports in, transitions and alerts out, no server.
@Suite struct AlertBookTests {
    static let yaml = """
        services: [{name: api, team: core}]
        slis: [{name: requests}]
        alert_policies:
          - name: held
            tiers:
              - {name: page-1h, severity: page, long_window: 1h, short_window: 5m, factor: 14.4, for: 2m}
              - {name: ticket-1d, severity: ticket, long_window: 1d, short_window: 2h, factor: 3}
        slos:
          - {name: api-availability, service: api, sli: requests, objective: 0.99, window: 7d, alerting: {policy: held}}
        """

    /// The report at `minute` over the day before it, whose minutes from `from` on burn
    /// (half the requests fail).
    static func report(at minute: EpochMinute, burningFrom from: EpochMinute) throws -> SLOReport {
        let configuration = try ConfigLoader.load(yaml: yaml, file: "t.yaml").get()
        var series = BucketSeries(startingAt: minute - 1440)
        for m in (minute - 1440)..<minute { series.record(EventCounts(good: m >= from ? 50 : 100, valid: 100), at: m) }
        return SLOReport.build(configuration: configuration, series: ["requests": series], at: minute)
    }

    @Test func aHeldPageIsPendingThenFiresAndResolves() throws {
        let configuration = try ConfigLoader.load(yaml: Self.yaml, file: "t.yaml").get()
        let start: EpochMinute = 29_000_000
        var book = AlertBook()
        let page = AlertKey(slo: "api-availability", tier: "page-1h")
        var moves: [(EpochMinute, AlertState)] = []
        // burning for the hour before `start`: the page's windows are over the factor at once
        for minute in start + 1...start + 4 {
            for transition in book.evaluate(try Self.report(at: minute, burningFrom: start - 60)) where transition.key == page {
                moves.append((transition.at, transition.state))
            }
        }
        // pending at the first burning evaluation, firing once it held 2 minutes
        #expect(moves.map(\.1) == [.pending, .firing] && moves.map(\.0) == [start + 1, start + 3])
        #expect(book.active.map(\.key).contains(page))
        let alerts = book.firing(in: try Self.report(at: start + 4, burningFrom: start - 60), configuration: configuration)
        #expect(alerts.contains { $0.labels["tier"] == "page-1h" && $0.labels["team"] == "core" })
        // the burning stops: a report with no bad minutes in the short window resolves it
        let calm = try Self.report(at: start + 5, burningFrom: start + 10_000)
        let resolved = book.evaluate(calm).filter { $0.key == page }
        #expect(resolved.map(\.state) == [.resolved])
        #expect(book.firing(in: calm, configuration: configuration).allSatisfy { $0.labels["tier"] != "page-1h" })
    }
}
