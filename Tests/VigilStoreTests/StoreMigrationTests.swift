import Foundation
import Logging
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilStore

/// `vigil migrate`'s copy: after it, the PostgreSQL store answers every read as the
/// SQLite store did, and new rows get ids after the copied ones.
@Suite struct StoreMigrationTests {
    static let minute: EpochMinute = 29_700_000
    static let time = Date(timeIntervalSince1970: Double(minute * 60))

    /// A store with a little of everything, written through the protocols.
    static func fill(_ store: SQLiteStore) async throws {
        try await store.checkWrites(at: time)
        var digest = LatencyDigest()
        digest.add(.milliseconds(120))
        digest.add(.milliseconds(900))
        _ = try await store.commit(
            [
                IngestBatch(
                    idempotencyKey: "k",
                    deltas: [
                        MinuteDelta(sli: "api", minute: minute, counts: EventCounts(good: 9, valid: 10)),
                        MinuteDelta(sli: "lat", minute: minute, counts: digest.counts(threshold: .milliseconds(300)), latencies: digest),
                    ], eventCount: 12)
            ], receivedAt: time)
        _ = try await store.rejudge(sli: "lat", series: ["lat"], threshold: .milliseconds(300))
        _ = try await store.addChange(ChangeRecord(service: "web", version: "1.2", time: time, author: "ana", link: nil, description: "deploy"))
        try await store.recordTransitions([AlertTransition(key: AlertKey(slo: "api", tier: "page"), state: .firing, at: minute, activeSince: minute)])
        try await store.recordEvaluations([
            EvaluationRecord(
                instance: "api", minute: minute, counts: EventCounts(good: 9, valid: 10), sli: 0.9,
                budgetRemaining: -9, burnRate: 10, output: "alert", objective: 0.99)
        ])
        try await store.recordProbeRuns([
            ProbeRunRecord(probe: "home", startedAt: time, success: false, missed: true, conditions: [.init(condition: "c", success: false)])
        ])
        let alert = Alert(labels: ["alertname": "A"], startsAt: time)
        let notification = AlertNotification(
            receiver: "r", groupKey: "g", groupLabels: [:], status: .firing, alerts: [alert],
            notificationClass: .alert, idempotencyKey: "n1", createdAt: time, isRepeat: false)
        try await store.commitDispatch(
            state: Data("state".utf8), notifications: [notification], events: [AlertEvent(fingerprint: "f", labels: alert.labels, firing: true, at: time)],
            escalationEvents: [EscalationEvent(escalationID: "esc-1", policy: "p", groupKey: "g", kind: .paged, at: time, step: 0, round: 0, person: "Dana")],
            at: time)
        _ = try await store.addScheduleOverride(
            ScheduleOverride(id: "", schedule: "primary", change: .add("Kim"), start: time, end: time.addingTimeInterval(3600), createdBy: "ana"))
        _ = try await store.useLink(token: "signature", escalation: "esc-1", by: "Dana", at: time)
        _ = try await store.linkKey()
        let id = try #require(try await store.dueNotifications(at: time, limit: 1).first?.id)
        try await store.recordAttempt(
            DeliveryAttempt(notification: id, at: time, success: true, status: 200, error: nil, duration: .milliseconds(3)), outcome: .delivered)
        try await store.addSilence(
            Silence(
                id: "s", matchers: [try LabelMatcher(name: "a", op: .equal, value: "b")], startsAt: time, endsAt: time.addingTimeInterval(60), createdBy: "ana",
                comment: "c"), createdAt: time)
        try await store.acknowledge(Acknowledgement(fingerprint: "f", by: "ana", at: time))
        let incident = try await store.openIncident(
            Incident(title: "t", severity: "SEV2", times: IncidentTimes(start: time), services: ["web"], createdAt: time, createdBy: "ana"),
            timeline: [IncidentTimelineEntry(at: time, kind: .note, author: "ana", text: "opened")])
        _ = try await store.addUpdate(IncidentUpdate(incident: incident.id, at: time, status: .investigating, text: "looking", author: "ana"))
        _ = try await store.modifyPostmortem(incident: incident.id) {
            $0 = Postmortem(incident: incident.id, authors: ["ana"], text: "pm", createdAt: time, updatedAt: time)
        }
        _ = try await store.addActionItem(ActionItem(incident: incident.id, title: "fix", kind: .prevent, createdAt: time))
        _ = try await store.addToil(ToilEntry(team: "sre", minutes: 5, category: "x", automatable: true, at: time, author: "ana"))
        try await store.recordSatisfaction(SatisfactionScore(service: "web", score: 4, at: time, author: "ana"))
        _ = try await store.addMaintenance(
            MaintenanceWindow(id: "", service: "web", start: time, end: time.addingTimeInterval(600), reason: "r", createdBy: "ana"))
        let summary = LoadSummary(requests: 10, duration: 1, latency: nil, errors: .init(), bytesIn: 1, bytesOut: 1, peakConnections: 1)
        _ = try await store.addLoadRun(
            LoadRun(service: "web", target: "http://127.0.0.1", model: "closed", connections: 1, rate: nil, startedAt: time, summary: summary, findings: ["ok"])
        )
        _ = try await store.addGateDecision(
            GateRecord(
                service: "web", version: "2", time: time, requestedBy: "ci", result: .warn, reasons: ["r"], policy: "p", mode: .advise, step: nil,
                slos: []))
        _ = try await store.addGateOverride(
            GateOverride(service: "web", version: "2", reason: "r", createdBy: "ana", createdAt: time, expires: time.addingTimeInterval(60)))
        _ = try await store.addPolicyStep(
            PolicyStepRecord(
                service: "web", policy: "p",
                standing: PolicyStanding.evaluate(
                    ReleasePolicy(name: "p", services: ["web"], steps: []), figures: [PolicyFigures(slo: "a", budgetRemaining: 0.5)]), at: time))
        _ = try await store.addCanaryRun(
            CanaryRun(
                service: "web", policy: "p", splitBy: "version", baselineVersion: "1", canaryVersion: "2", start: time, interval: .seconds(60),
                intervalCount: 1, settings: CanaryPolicy(), requestedBy: "ci", createdAt: time))
    }

    @Test(.requires(.postgres)) func theCopyAnswersEveryReadAsTheOriginal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try SQLiteStore(directory: directory)
        try await Self.fill(source)
        let target = try await PostgresStore.connect(url: try await TestPostgres.shared.freshDatabase(), logger: Logger(label: "test"))
        defer { target.close() }

        let report = try await StoreMigration.copy(dataDirectory: directory, to: target)
        #expect(report.rows.first { $0.table == "minute_buckets" }?.count == 2)
        // Every table had something to copy but the hourly roll-ups (no retention ran).
        #expect(report.rows.filter { $0.count == 0 }.map(\.table) == ["hour_buckets"])

        let stores: [StoreBackend.Store] = [source, target]
        func same<T: Equatable>(_ read: (StoreBackend.Store) async throws -> T, _ what: String) async throws {
            let (a, b) = (try await read(stores[0]), try await read(stores[1]))
            #expect(a == b, "\(what): \(a) vs \(b)")
        }
        try await same({ try await $0.loadBuckets(since: Self.minute - 60, only: nil) }, "buckets")
        try await same({ try await $0.latencies(series: "lat", from: Self.minute, to: Self.minute + 1) }, "latencies")
        try await same({ try await $0.judgedThresholds() }, "thresholds")
        try await same({ try await $0.changes(service: nil, before: nil, limit: 10) }, "changes")
        try await same({ try await $0.latestAlertStates() }, "alert states")
        try await same({ try await $0.evaluations(instance: "api", before: nil, limit: 10) }, "evaluations")
        try await same({ try await $0.probeRuns(probe: "home", before: nil, limit: 10) }, "probe runs")
        try await same({ try await $0.notifierState() }, "notifier state")
        try await same({ try await $0.notifications(before: nil, limit: 10) }, "notifications")
        try await same({ try await $0.deliveryAttempts(notification: 1) }, "attempts")
        try await same({ try await $0.silences(activeAt: Self.time, includeExpired: true) }, "silences")
        try await same({ try await $0.acknowledgementLog(since: Self.time) }, "acknowledgements")
        try await same({ try await $0.alertEvents(since: Self.time) }, "alert events")
        try await same({ try await $0.escalationEvents(escalation: nil, groupKey: nil, limit: 10) }, "escalation log")
        try await same({ try await $0.scheduleOverrides(schedule: nil, limit: 10) }, "schedule overrides")
        try await same({ try await $0.linkKey() }, "link key")
        try await same({ try await $0.useLink(token: "signature", escalation: "esc-1", by: "Dana", at: Self.time) }, "used links")
        try await same({ try await $0.incidents(IncidentQuery()) }, "incidents")
        try await same({ try await $0.timeline(incident: 1) }, "timeline")
        try await same({ try await $0.postmortem(incident: 1) }, "postmortem")
        try await same({ try await $0.actionItems(incident: nil) }, "action items")
        try await same({ try await $0.toil(since: Self.time, team: nil) }, "toil")
        try await same({ try await $0.maintenanceWindows(endingAfter: Self.time) }, "maintenance")
        try await same({ try await $0.loadRuns(service: nil, before: nil, limit: 10) }, "load runs")
        try await same({ try await $0.latestSatisfaction(at: Self.time) }, "satisfaction")
        try await same({ try await $0.gateDecisions(service: nil, before: nil, limit: 10) }, "gate decisions")
        try await same({ try await $0.gateOverrides(service: nil, before: nil, limit: 10) }, "gate overrides")
        try await same({ try await $0.canaryRuns(service: nil, status: nil, before: nil, limit: 10) }, "canary runs")
        try await same({ try await $0.policySteps(service: nil, before: nil, limit: 10) }, "policy steps")

        // New rows continue after the copied ids.
        let next = try await target.addChange(ChangeRecord(service: "web", version: "1.3", time: Self.time, author: nil, link: nil, description: nil))
        #expect(next.id == 2)
        // A second migration into the same database is refused, and changes nothing.
        await #expect(throws: StoreError.self) { _ = try await StoreMigration.copy(dataDirectory: directory, to: target) }
        #expect(try await target.changes(service: nil, before: nil, limit: 10).count == 2)
    }
}
