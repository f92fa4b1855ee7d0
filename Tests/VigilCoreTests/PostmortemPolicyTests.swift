import Foundation
import Testing

@testable import VigilCore

/// Postmortem criteria, the blameless check and suspect changes.
@Suite struct PostmortemPolicyTests {
    @Test func criteriaSayWhyAPostmortemIsRequired() {
        let criteria = PostmortemCriteria()
        #expect(criteria.reasons(.init(severity: "SEV3", downtime: .seconds(600), budgetSpent: 0.05, dataLoss: false)).isEmpty)
        #expect(criteria.reasons(.init(severity: "SEV2", downtime: nil, budgetSpent: nil, dataLoss: false)) == ["severity SEV2"])
        #expect(
            criteria.reasons(.init(severity: "SEV4", downtime: .seconds(45 * 60), budgetSpent: 0.355, dataLoss: true)) == [
                "user-visible downtime 45m (over 30m)", "35.5 % of an error budget spent (over 20 %)", "data loss",
            ])
        // exactly at a limit is not over it
        #expect(criteria.reasons(.init(severity: "SEV4", downtime: .seconds(30 * 60), budgetSpent: 0.2, dataLoss: false)).isEmpty)
    }

    @Test func theBlamelessCheckFindsPeopleNotSystems() {
        let text = """
            ## Timeline
            12:01 Ana Lima rolled back the deploy.
            12:05 The commander paged the database on-call.
            12:09 bob restarted checkout-api; Anastasia's script helped.
            """
        let findings = BlamelessCheck.findings(in: text, people: ["Ana Lima", "Bob", "Carol"])
        #expect(findings == [.init(name: "Ana Lima", line: 2), .init(name: "Bob", line: 4)])
    }

    @Test func suspectChangesAreRecentDeploysOfAffectedServices() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func change(_ id: Int64, _ service: String, minutesBefore: Double) -> SuspectChanges.Change {
            .init(id: id, service: service, time: start.addingTimeInterval(-minutesBefore * 60))
        }
        let changes = [
            change(1, "checkout", minutesBefore: 200), change(2, "checkout", minutesBefore: 90), change(3, "search", minutesBefore: 10),
            change(4, "checkout", minutesBefore: 5), change(5, "checkout", minutesBefore: -5),
        ]
        #expect(SuspectChanges.select(changes, services: ["checkout"], start: start, window: .seconds(7200)).map(\.id) == [4, 2])
    }
}
