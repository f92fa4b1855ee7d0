import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// On-call's store promises on both backends: overrides, the escalation log committed
/// with the notifier's state, links that work once, one signing key.
@Suite struct OnCallStoreContractTests {
    static let time = StoreContractTests.time

    @Test(arguments: StoreBackend.runnable)
    func overridesAreStoredListedAndCancelled(_ backend: StoreBackend) async throws {
        let (store, close) = try await backend.makeStore()
        defer { close() }
        let made = try await store.addScheduleOverride(
            ScheduleOverride(
                id: "", schedule: "primary", change: .replace(person: "Dana", with: "Kim"), start: Self.time, end: Self.time.addingTimeInterval(3600),
                createdBy: "ana"))
        _ = try await store.addScheduleOverride(
            ScheduleOverride(id: "", schedule: "other", change: .add("Sam"), start: Self.time, end: Self.time.addingTimeInterval(60)))
        #expect(made.id == "ovr-1")
        #expect(try await store.scheduleOverrides(schedule: "primary", limit: 10) == [made])
        #expect(try await store.scheduleOverrides(schedule: nil, limit: 10).count == 2)
        let cancelled = try #require(try await store.cancelScheduleOverride(id: "ovr-1", by: "ana", at: Self.time.addingTimeInterval(10)))
        #expect(cancelled.cancelledAt == Self.time.addingTimeInterval(10) && cancelled.cancelledBy == "ana")
        #expect(try await store.scheduleOverrides(schedule: "primary", limit: 10).first?.cancelledAt != nil)
        #expect(try await store.cancelScheduleOverride(id: "ovr-9", by: "ana", at: Self.time) == nil)
        #expect(try await store.cancelScheduleOverride(id: "cfg-1", by: "ana", at: Self.time) == nil)
    }

    @Test(arguments: StoreBackend.runnable)
    func theEscalationLogIsCommittedWithTheStateAndLinksWorkOnce(_ backend: StoreBackend) async throws {
        let (store, close) = try await backend.makeStore()
        defer { close() }
        let paged = EscalationEvent(escalationID: "esc-1", policy: "p", groupKey: "g1", kind: .paged, at: Self.time, step: 0, round: 0, person: "Dana")
        let other = EscalationEvent(escalationID: "esc-2", policy: "p", groupKey: "g2", kind: .started, at: Self.time)
        try await store.commitDispatch(state: Data([7]), notifications: [], events: [], escalationEvents: [paged, other], at: Self.time)
        #expect(try await store.escalationEvents(escalation: "esc-1", groupKey: nil, limit: 10) == [paged])
        #expect(try await store.escalationEvents(escalation: nil, groupKey: "g2", limit: 10) == [other])
        #expect(try await store.escalationEvents(escalation: nil, groupKey: nil, limit: 10) == [other, paged])

        #expect(try await store.useLink(token: "sig-a", escalation: "esc-1", by: "Dana", at: Self.time))
        #expect(try await !store.useLink(token: "sig-a", escalation: "esc-1", by: "Sam", at: Self.time))
        #expect(try await store.useLink(token: "sig-b", escalation: "esc-1", by: "Sam", at: Self.time))
        // Two clicks at once: exactly one gets through.
        async let first = store.useLink(token: "sig-c", escalation: "esc-1", by: "Dana", at: Self.time)
        async let second = store.useLink(token: "sig-c", escalation: "esc-1", by: "Dana", at: Self.time)
        #expect([try await first, try await second].filter { $0 }.count == 1)

        let key = try await store.linkKey()
        #expect(key.count == 32)
        #expect(try await store.linkKey() == key)
    }
}
