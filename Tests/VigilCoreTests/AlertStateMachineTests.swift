import Testing

@testable import VigilCore

@Suite struct AlertStateMachineTests {
    /// Walks a condition sequence, one evaluation a minute, and returns the states.
    static func walk(_ holds: [Bool], holdFor: Duration = .zero) -> [AlertState] {
        var status = AlertStatus(since: 0)
        return holds.enumerated().map { minute, holds in
            status = AlertStateMachine.next(status, holds: holds, at: EpochMinute(minute), holdFor: holdFor).status
            return status.state
        }
    }

    @Test func firesAtOnceWithoutAForDuration() {
        #expect(Self.walk([false, true, true, false, false, true]) == [.inactive, .firing, .firing, .resolved, .resolved, .firing])
    }

    @Test func staysPendingUntilTheForDurationPasses() {
        #expect(Self.walk([true, true, true, true], holdFor: .seconds(120)) == [.pending, .pending, .firing, .firing])
        // a blip shorter than `for` never fires
        #expect(Self.walk([true, false, true, false], holdFor: .seconds(120)) == [.pending, .inactive, .pending, .inactive])
    }

    @Test func reportsOnlyRealChanges() {
        let firing = AlertStatus(state: .firing, since: 5, activeSince: 5)
        #expect(AlertStateMachine.next(firing, holds: true, at: 9).changed == false)
        let resolved = AlertStateMachine.next(firing, holds: false, at: 9)
        #expect(resolved.changed && resolved.status == AlertStatus(state: .resolved, since: 9))
    }
}
