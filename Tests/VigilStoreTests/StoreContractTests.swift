import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// The store protocols' promises, checked on SQLite and on PostgreSQL alike: whatever a
/// server does through one store it can do through the other.
@Suite struct StoreContractTests {
    static let minute: EpochMinute = 29_500_000
    static let time = Date(timeIntervalSince1970: Double(minute * 60))

    /// Stands for the PostgreSQL cases of every contract test: skipped, with the reason,
    /// where PostgreSQL is not installed and ``StoreBackend/runnable`` leaves them out.
    @Test(.requires(.postgres)) func postgreSQLCasesRun() async throws {
        #expect(StoreBackend.runnable.contains(.postgres))
        let (_, close) = try await StoreBackend.postgres.makeStore()
        close()
    }

    private func withStore(_ backend: StoreBackend, _ body: (StoreBackend.Store) async throws -> Void) async throws {
        let (store, close) = try await backend.makeStore()
        defer { close() }
        try await body(store)
    }

    @Test(arguments: StoreBackend.runnable)
    func bucketsAddUpAndARepeatedBatchCountsOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let m = Self.minute
            let first = IngestBatch(
                idempotencyKey: "k1",
                deltas: [
                    MinuteDelta(sli: "api", minute: m, counts: EventCounts(good: 9, valid: 10)),
                    MinuteDelta(sli: "api", minute: m + 1, counts: EventCounts(good: 5, valid: 5)),
                ], eventCount: 15)
            let second = IngestBatch(idempotencyKey: nil, deltas: [MinuteDelta(sli: "api", minute: m, counts: EventCounts(good: 1, valid: 2))], eventCount: 2)
            #expect(try await store.commit([first, second], receivedAt: Self.time) == [.stored, .stored])
            #expect(try await store.commit([first], receivedAt: Self.time) == [.duplicate])
            let buckets = try await store.loadBuckets(since: m, only: nil)
            #expect(
                buckets["api"] == [
                    MinuteCounts(minute: m, counts: EventCounts(good: 10, valid: 12)),
                    MinuteCounts(minute: m + 1, counts: EventCounts(good: 5, valid: 5)),
                ])
            #expect(try await store.loadBuckets(since: m + 1, only: ["api"])["api"]?.count == 1)
            #expect(try await store.loadBuckets(since: m, only: ["other"]).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func latencyDigestsMergeAndRejudgeWithANewThreshold(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let m = Self.minute
            var fast = LatencyDigest()
            var slow = LatencyDigest()
            for _ in 0..<3 { fast.add(.milliseconds(100)) }
            slow.add(.milliseconds(400))
            let threshold = Duration.milliseconds(300)
            _ = try await store.commit(
                [
                    IngestBatch(
                        idempotencyKey: nil,
                        deltas: [
                            MinuteDelta(sli: "lat", minute: m, counts: fast.counts(threshold: threshold), latencies: fast)
                        ], eventCount: 3)
                ], receivedAt: Self.time)
            _ = try await store.commit(
                [
                    IngestBatch(
                        idempotencyKey: nil,
                        deltas: [
                            MinuteDelta(sli: "lat", minute: m, counts: slow.counts(threshold: threshold), latencies: slow)
                        ], eventCount: 1)
                ], receivedAt: Self.time)
            let digests = try await store.latencies(series: "lat", from: m, to: m + 1)
            #expect(digests[m]?.total == 4)
            #expect(try await store.loadBuckets(since: m, only: nil)["lat"]?.first?.counts == EventCounts(good: 3, valid: 4))
            // A looser threshold makes the slow request good, from the kept latencies.
            #expect(try await store.rejudge(sli: "lat", series: ["lat"], threshold: .milliseconds(500)) == 1)
            #expect(try await store.loadBuckets(since: m, only: nil)["lat"]?.first?.counts == EventCounts(good: 4, valid: 4))
            #expect(try await store.judgedThresholds()["lat"] == .milliseconds(500))
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func seriesKeysMatchTheirPrefixLiterally(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let deltas = ["@slo_a[x=1]", "@slo_a[x=2]", "@sloXa[x=3]", "@slo_b[x=1]"].map {
                MinuteDelta(sli: $0, minute: Self.minute, counts: EventCounts(good: 1, valid: 1))
            }
            _ = try await store.commit([IngestBatch(idempotencyKey: nil, deltas: deltas, eventCount: 4)], receivedAt: Self.time)
            // "_" is a wildcard in SQL's LIKE; here it must mean only itself.
            #expect(Set(try await store.seriesKeys(prefix: "@slo_a")) == ["@slo_a[x=1]", "@slo_a[x=2]"])
        }
    }

    /// A key sent again with the same body is a retry; with another body it is refused,
    /// and neither changes a count, even beside stored batches of the same group.
    @Test(arguments: StoreBackend.runnable)
    func aKeyReusedForOtherDataIsAConflictAndStoresNothing(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let m = Self.minute
            func batch(_ key: String?, _ fingerprint: String?, valid: Int64) -> IngestBatch {
                IngestBatch(
                    idempotencyKey: key, fingerprint: fingerprint, deltas: [MinuteDelta(sli: "api", minute: m, counts: EventCounts(good: valid, valid: valid))],
                    eventCount: 1)
            }
            #expect(try await store.commit([batch("k", "aaa", valid: 10), batch("legacy", nil, valid: 1)], receivedAt: Self.time) == [.stored, .stored])
            let outcomes = try await store.commit(
                [batch("k", "aaa", valid: 10), batch("k", "bbb", valid: 1000), batch(nil, nil, valid: 5), batch("legacy", "ccc", valid: 7)],
                receivedAt: Self.time)
            // A key stored without a fingerprint (before they were kept) cannot be compared: a retry.
            #expect(outcomes == [.duplicate, .conflict, .stored, .duplicate])
            #expect(try await store.loadBuckets(since: m, only: nil)["api"]?.first?.counts.valid == 16)
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func retentionRollsMinutesIntoHoursWithoutLosingACount(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let hour = Self.minute - Self.minute % 60
            let deltas = (0..<90).map { MinuteDelta(sli: "api", minute: hour + EpochMinute($0), counts: EventCounts(good: Int64($0 % 3), valid: 2)) }
            _ = try await store.commit([IngestBatch(idempotencyKey: "old", deltas: deltas, eventCount: 180)], receivedAt: Self.time)
            let before = try await store.loadBuckets(since: hour, only: nil)["api"] ?? []
            let result = try await store.applyRetention(minutesBefore: hour + 60, hoursBefore: hour - 600, keysBefore: Self.time.addingTimeInterval(1))
            #expect(result.minutesRolledUp == 60)
            let after = try await store.loadBuckets(since: hour, only: nil)["api"] ?? []
            #expect(after.count == 31)
            #expect(after.first?.minute == hour)
            #expect(after.reduce(EventCounts.zero) { $0 + $1.counts } == before.reduce(EventCounts.zero) { $0 + $1.counts })
            // The idempotency key aged out: the same key is new again.
            #expect(try await store.commit([IngestBatch(idempotencyKey: "old", deltas: [], eventCount: 0)], receivedAt: Self.time) == [.stored])
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func changesTransitionsEvaluationsAndProbeRunsPage(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for version in ["1", "2", "3"] {
                _ = try await store.addChange(
                    ChangeRecord(service: version == "2" ? "db" : "web", version: version, time: Self.time, author: nil, link: nil, description: "d"))
            }
            let web = try await store.changes(service: "web", before: nil, limit: 10)
            #expect(web.map(\.version) == ["3", "1"])
            #expect(try await store.changes(service: nil, before: web[0].id, limit: 1).map(\.version) == ["2"])

            let key = AlertKey(slo: "api", tier: "page")
            try await store.recordTransitions([
                AlertTransition(key: key, state: .pending, at: Self.minute, activeSince: Self.minute),
                AlertTransition(key: key, state: .firing, at: Self.minute + 2, activeSince: Self.minute),
                AlertTransition(key: AlertKey(slo: "api", tier: "ticket"), state: .pending, at: Self.minute + 1),
            ])
            #expect(try await store.latestAlertStates()[key] == AlertStatus(state: .firing, since: Self.minute + 2, activeSince: Self.minute))
            #expect(try await store.transitions(slo: "api", before: nil, limit: 2).map(\.state) == [.pending, .firing])

            let evaluation = EvaluationRecord(
                instance: "api", minute: Self.minute, counts: EventCounts(good: 9, valid: 10), sli: 0.9,
                budgetRemaining: nil, burnRate: 3.5, output: "ticket", objective: 0.99)
            var later = evaluation
            later.minute += 1
            later.output = "alert"
            try await store.recordEvaluations([evaluation])
            try await store.recordEvaluations([later])
            #expect(try await store.evaluations(instance: "api", before: nil, limit: 5) == [evaluation])

            let run = ProbeRunRecord(
                probe: "home", startedAt: Self.time, success: false, responseTime: .milliseconds(12), status: 503,
                conditions: [.init(condition: "[STATUS] == 200", success: false)], error: "status 503")
            try await store.recordProbeRuns([run, ProbeRunRecord(probe: "home", startedAt: Self.time.addingTimeInterval(60), success: true, missed: true)])
            let runs = try await store.probeRuns(probe: "home", before: nil, limit: 10)
            #expect(runs.count == 2)
            var stored = runs[1]
            stored.id = nil
            #expect(stored == run)
            #expect(runs[0].missed && runs[0].status == nil)
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func theOutboxKeepsEveryAttemptAndEachNotificationOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alert = Alert(labels: ["alertname": "SLOBurn", "slo": "api"], startsAt: Self.time)
            let notification = AlertNotification(
                receiver: "oncall", groupKey: "g", groupLabels: ["slo": "api"], status: .firing, alerts: [alert],
                notificationClass: .alert, idempotencyKey: "n-1", createdAt: Self.time, isRepeat: false)
            let event = AlertEvent(fingerprint: "f1", labels: alert.labels, firing: true, at: Self.time)
            try await store.commitDispatch(state: Data([1, 2, 3]), notifications: [notification], events: [event], escalationEvents: [], at: Self.time)
            // Committing the same decision again (a retried tick) makes no second row.
            try await store.commitDispatch(state: Data([4]), notifications: [notification], events: [], escalationEvents: [], at: Self.time)
            #expect(try await store.notifierState() == Data([4]))
            let due = try await store.dueNotifications(at: Self.time, limit: 10)
            #expect(due.count == 1 && due.first?.notification == notification && due.first?.state == "pending")
            let id = try #require(due.first?.id)
            #expect(try await store.nextDueTime() == Self.time)

            try await store.recordAttempt(
                DeliveryAttempt(notification: id, at: Self.time, success: false, status: 502, error: "bad gateway", duration: .milliseconds(40)),
                outcome: .retry(at: Self.time.addingTimeInterval(30)))
            #expect(try await store.dueNotifications(at: Self.time, limit: 10).isEmpty)
            try await store.recordAttempt(
                DeliveryAttempt(notification: id, at: Self.time.addingTimeInterval(30), success: true, status: 200, error: nil, duration: .milliseconds(5)),
                outcome: .delivered)
            let entry = try #require(try await store.notifications(before: nil, limit: 5).first)
            #expect(entry.state == "delivered" && entry.attempts == 2 && entry.lastError == nil)
            #expect(try await store.deliveryAttempts(notification: id).map(\.status) == [502, 200])
            #expect(try await store.nextDueTime() == nil)
            #expect(try await store.alertEvents(since: Self.time) == [event])
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func silencesExpireAndAcknowledgementsLeaveALog(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let silence = Silence(
                id: "s1", matchers: [try LabelMatcher(name: "slo", op: .equal, value: "api")], startsAt: Self.time,
                endsAt: Self.time.addingTimeInterval(3600), createdBy: "ana", comment: "deploy")
            try await store.addSilence(silence, createdAt: Self.time)
            #expect(try await store.silences(activeAt: Self.time, includeExpired: false) == [silence])
            #expect(try await store.expireSilence(id: "s1", at: Self.time.addingTimeInterval(60)))
            #expect(try await !store.expireSilence(id: "nope", at: Self.time))
            #expect(try await store.silences(activeAt: Self.time.addingTimeInterval(61), includeExpired: false).isEmpty)
            #expect(
                try await store.silences(activeAt: Self.time.addingTimeInterval(61), includeExpired: true).first?.endsAt == Self.time.addingTimeInterval(60))

            try await store.acknowledge(Acknowledgement(fingerprint: "f1", by: "ana", at: Self.time, comment: "looking"))
            try await store.acknowledge(Acknowledgement(fingerprint: "f1", by: "bo", at: Self.time.addingTimeInterval(5)))
            #expect(try await store.acknowledgements().map(\.by) == ["bo"])
            try await store.removeAcknowledgements(fingerprints: ["f1"])
            #expect(try await store.acknowledgements().isEmpty)
            #expect(try await store.acknowledgementLog(since: Self.time).map(\.by) == ["ana", "bo"])
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func concurrentChangesToOneIncidentAllLand(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let opened = try await store.openIncident(
                Incident(
                    title: "Checkout errors", severity: "SEV2", times: IncidentTimes(start: Self.time), services: ["shop", "pay"], alertGroup: "g1",
                    createdAt: Self.time, createdBy: "ana"),
                timeline: [IncidentTimelineEntry(at: Self.time, kind: .note, author: "ana", text: "opened")])
            #expect(opened.id > 0)
            // Twenty responders each append a role at once: a lost update would drop some.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        _ = try await store.modifyIncident(id: opened.id) { incident, _ in
                            incident.roles["helper-\(n)"] = "person-\(n)"
                            return [IncidentTimelineEntry(at: Self.time.addingTimeInterval(Double(n + 1)), kind: .note, author: "p\(n)", text: "joined")]
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stored = try #require(try await store.incident(id: opened.id))
            #expect(stored.roles.count == 20)
            #expect(try await store.timeline(incident: opened.id).count == 21)
            #expect(try await store.modifyIncident(id: 999_999) { _, _ in [] } == nil)

            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                _ = try await store.modifyIncident(id: opened.id) { incident, _ in
                    incident.title = "changed"
                    throw Refused()
                }
            }
            #expect(try await store.incident(id: opened.id)?.title == "Checkout errors")

            #expect(try await store.incidents(IncidentQuery(service: "pay")).map(\.id) == [opened.id])
            #expect(try await store.incidents(IncidentQuery(service: "pa")).isEmpty)
            #expect(try await store.incidents(IncidentQuery(openOnly: true)).count == 1)
            #expect(try await store.incidents(IncidentQuery(startedSince: Self.time.addingTimeInterval(1))).isEmpty)
            #expect(try await store.incidents(alertGroup: "g1").map(\.id) == [opened.id])

            let update = try await store.addUpdate(IncidentUpdate(incident: opened.id, at: Self.time, status: .identified, text: "Found it", author: "ana"))
            #expect(try await store.updates(incident: opened.id) == [update])
        }
    }

    /// Documents (action items, load runs) share one implementation per store: a change
    /// holds its row, so concurrent changes all land; filters, cursors and limits page.
    @Test(arguments: StoreBackend.runnable)
    func concurrentChangesToOneActionItemAllLandAndDocumentsPage(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let incident = try await store.openIncident(
                Incident(title: "t", severity: "SEV2", times: IncidentTimes(start: Self.time), createdAt: Self.time, createdBy: "ana"), timeline: [])
            let item = try await store.addActionItem(ActionItem(incident: incident.id, title: "", kind: .prevent, createdAt: Self.time))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<20 {
                    group.addTask { _ = try await store.modifyActionItem(id: item.id) { $0.title += "\(n)," } }
                }
                try await group.waitForAll()
            }
            let title = try #require(try await store.actionItems(incident: incident.id).first?.title)
            #expect(Set(title.split(separator: ",")).count == 20)
            #expect(try await store.modifyActionItem(id: 999_999) { $0.title = "x" } == nil)
            #expect(try await store.actionItems(incident: incident.id + 1).isEmpty)

            var runs: [LoadRun] = []
            for service in ["web", "api", "web", "web"] {
                let summary = LoadSummary(requests: 10, duration: 1, latency: nil, errors: .init(), bytesIn: 100, bytesOut: 50, peakConnections: 2)
                runs.append(
                    try await store.addLoadRun(
                        LoadRun(
                            service: service, target: "http://127.0.0.1", model: "closed", connections: 2, rate: nil, startedAt: Self.time,
                            summary: summary, findings: [])))
            }
            #expect(try await store.loadRuns(service: "web", before: nil, limit: 2).map(\.id) == [runs[3].id, runs[2].id])
            #expect(try await store.loadRuns(service: "web", before: runs[2].id, limit: 2).map(\.id) == [runs[0].id])
            #expect(try await store.loadRuns(service: nil, before: nil, limit: 10).map(\.id) == runs.reversed().map(\.id))
        }
    }

    @Test(arguments: StoreBackend.runnable)
    func postmortemsActionItemsToilSatisfactionMaintenanceAndLoadRuns(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let incident = try await store.openIncident(
                Incident(title: "t", severity: "SEV1", times: IncidentTimes(start: Self.time), createdAt: Self.time, createdBy: "ana"), timeline: [])
            #expect(try await store.postmortem(incident: incident.id) == nil)
            let draft = try await store.modifyPostmortem(incident: incident.id) { postmortem in
                postmortem = Postmortem(incident: incident.id, authors: ["ana"], text: "draft", createdAt: Self.time, updatedAt: Self.time)
            }
            _ = try await store.modifyPostmortem(incident: incident.id) { $0?.text = "final words" }
            #expect(try await store.postmortem(incident: incident.id)?.text == "final words")
            #expect(draft?.text == "draft")

            let item = try await store.addActionItem(ActionItem(incident: incident.id, title: "Add alert", kind: .detect, createdAt: Self.time))
            _ = try await store.modifyActionItem(id: item.id) { $0.owner = "bo" }
            #expect(try await store.actionItems(incident: incident.id).map(\.owner) == ["bo"])
            #expect(try await store.actionItems(incident: nil).count == 1)

            _ = try await store.addToil(ToilEntry(team: "sre", minutes: 30, category: "restarts", automatable: true, at: Self.time, author: "ana"))
            _ = try await store.addToil(ToilEntry(team: "web", minutes: 10, category: "tickets", automatable: false, at: Self.time, author: "bo"))
            #expect(try await store.toil(since: Self.time, team: "sre").map(\.minutes) == [30])

            try await store.recordSatisfaction(SatisfactionScore(service: "shop", score: 3.5, at: Self.time, author: "ana"))
            try await store.recordSatisfaction(SatisfactionScore(service: "shop", score: 4.5, at: Self.time.addingTimeInterval(100), author: "ana"))
            #expect(try await store.latestSatisfaction(at: Self.time.addingTimeInterval(50))["shop"]?.score == 3.5)
            #expect(try await store.latestSatisfaction(at: Self.time.addingTimeInterval(500))["shop"]?.score == 4.5)

            let running = try await store.addMaintenance(
                MaintenanceWindow(id: "", service: "shop", start: Self.time, end: Self.time.addingTimeInterval(3600), reason: "db", createdBy: "ana"))
            let future = try await store.addMaintenance(
                MaintenanceWindow(
                    id: "", service: "shop", start: Self.time.addingTimeInterval(7200), end: Self.time.addingTimeInterval(9000), reason: "db", createdBy: "ana")
            )
            #expect(try await store.endMaintenance(id: running.id, at: Self.time.addingTimeInterval(60)))
            #expect(try await store.endMaintenance(id: future.id, at: Self.time.addingTimeInterval(60)))
            #expect(try await !store.endMaintenance(id: "not-a-number", at: Self.time))
            let windows = try await store.maintenanceWindows(endingAfter: Self.time)
            #expect(windows.map(\.id) == [running.id])
            #expect(windows.first?.end == Self.time.addingTimeInterval(60))

            let summary = LoadSummary(requests: 10, duration: 1, latency: nil, errors: .init(), bytesIn: 100, bytesOut: 50, peakConnections: 2)
            let run = try await store.addLoadRun(
                LoadRun(
                    service: "shop", target: "http://127.0.0.1", model: "closed", connections: 2, rate: nil,
                    startedAt: Self.time, summary: summary, findings: []))
            #expect(try await store.loadRuns(service: "shop", before: nil, limit: 5).map(\.id) == [run.id])
            #expect(try await store.loadRuns(service: "other", before: nil, limit: 5).isEmpty)
        }
    }
}

/// The release gate's records on both backends.
@Suite struct ReleaseStoreContractTests {
    static let time = Date(timeIntervalSince1970: 1_796_000_000)

    static func run(_ service: String) -> CanaryRun {
        CanaryRun(
            service: service, policy: "shop", splitBy: "version", baselineVersion: "1", canaryVersion: "2", start: time, interval: .seconds(60),
            intervalCount: 2, settings: CanaryPolicy(), requestedBy: "ci", createdAt: time)
    }

    @Test(arguments: StoreBackend.runnable)
    func decisionsOverridesAndCanaryRunsAreKeptAndListed(_ backend: StoreBackend) async throws {
        let (store, close) = try await backend.makeStore()
        defer { close() }
        var decisions: [GateRecord] = []
        for (service, result) in [("web", GateDecision.Result.fail), ("api", .pass), ("web", .noDecision)] {
            decisions.append(
                try await store.addGateDecision(
                    GateRecord(
                        service: service, version: "2", time: Self.time, requestedBy: "ci", result: result, reasons: ["r"], policy: "shop", mode: .enforce,
                        step: "freeze", slos: [.init(slo: "avail", budgetRemaining: -0.5, burnRates: ["1h": 20])])))
        }
        #expect(decisions.map(\.id) == [1, 2, 3])
        #expect(try await store.gateDecisions(service: "web", before: nil, limit: 10) == [decisions[2], decisions[0]])
        #expect(try await store.gateDecisions(service: nil, before: 3, limit: 1) == [decisions[1]])

        let override = try await store.addGateOverride(
            GateOverride(service: "web", version: nil, reason: "hotfix", createdBy: "ana", createdAt: Self.time, expires: Self.time.addingTimeInterval(3600)))
        #expect(override.id == 1)
        #expect(try await store.gateOverrides(service: "web", before: nil, limit: 5) == [override])
        #expect(try await store.gateOverrides(service: "api", before: nil, limit: 5).isEmpty)

        let first = try await store.addCanaryRun(Self.run("web"))
        let second = try await store.addCanaryRun(Self.run("api"))
        #expect(try await store.canaryRun(id: first.id!) == first)
        #expect(try await store.canaryRun(id: 99) == nil)
        let settled = try await store.modifyCanaryRun(id: first.id!) {
            $0.record(interval: 1, counts: [CanaryCounts(sli: "a", baseline: .init(bad: 10, total: 10_000), canary: .init(bad: 900, total: 10_000))])
        }
        #expect(settled?.status == .fail && settled?.intervals.count == 1)
        #expect(try await store.canaryRun(id: first.id!) == settled)
        #expect(try await store.canaryRuns(service: nil, status: .running, before: nil, limit: 10).map(\.id) == [second.id])
        #expect(try await store.canaryRuns(service: "web", status: nil, before: nil, limit: 10).map(\.status) == [.fail])
        #expect(try await store.modifyCanaryRun(id: 99) { $0.status = .pass } == nil)

        // A rollout's stages and its rollback are changes with a stage and a kind.
        let staged = try await store.addChange(
            ChangeRecord(service: "web", version: "2", time: Self.time, author: "ci", link: nil, description: nil, stage: "10%"))
        let rollback = try await store.addChange(
            ChangeRecord(service: "web", version: "1", time: Self.time, author: "ci", link: nil, description: nil, kind: .rollback))
        #expect(try await store.changes(service: "web", before: nil, limit: 5) == [rollback, staged])
        #expect(staged.stageShare == 0.1 && rollback.kind == .rollback && staged.kind == .deploy)
    }
}
