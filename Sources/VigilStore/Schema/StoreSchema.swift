/// The whole store's schema: every table in one ordered list, and the schema versions.
/// Both stores' migrations, retention passes and `vigil migrate`'s copy are generated
/// from it, so neither store repeats a table's definition.
///
/// A new aggregate declares its tables beside the others (`Sources/VigilStore/Aggregates`),
/// adds them to ``tables`` and, if it needs a new version, one line to ``versions``.
enum StoreSchema {
    /// Every table, each referenced table before the tables that refer to it: the order
    /// tables are created and copied in (retention deletes in the reverse order).
    static let tables: [StoreTable] = [
        .minuteBuckets, .hourBuckets, .latencyDigests, .judgedThresholds, .idempotencyKeys, .changes, .alertTransitions, .sloEvaluations,
        .probeRuns, .notifierState, .notifications, .deliveryAttempts, .silences, .acknowledgements, .alertEvents, .acknowledgementLog,
        .incidents, .incidentTimeline, .incidentUpdates, .postmortems, .actionItems, .toil, .satisfaction, .maintenanceWindows, .loadRuns,
        .writeChecks, .gateDecisions, .gateOverrides, .canaryRuns, .policySteps, .scheduleOverrides, .escalationEvents, .usedLinks, .secrets,
    ]

    /// The schema versions, oldest first.
    static let versions: [SchemaVersion] = [.v1, .v2, .v3, .v4, .v5, .v6, .v7, .v8, .v9, .v10, .v11, .v12]

    /// The statements that take a database from the version before `version` to it.
    static func statements(for version: SchemaVersion, in dialect: SQLDialect) -> [String] {
        tables.flatMap { $0.statements(for: version, in: dialect) }
    }

    /// The last version PostgreSQL's first migration covers: the PostgreSQL store was
    /// written when SQLite's had nine, and created them all in one step.
    static let postgresBaseline = SchemaVersion.v9
}

extension SchemaVersion {
    static let v1 = SchemaVersion(number: 1, name: "v1")
    static let v2 = SchemaVersion(number: 2, name: "v2: hourly roll-ups, latency digests, judged thresholds")
    static let v3 = SchemaVersion(number: 3, name: "v3: SLO evaluation snapshots")
    static let v4 = SchemaVersion(number: 4, name: "v4: probe runs")
    static let v5 = SchemaVersion(number: 5, name: "v5: notifications")
    static let v6 = SchemaVersion(number: 6, name: "v6: acknowledgement history")
    static let v7 = SchemaVersion(number: 7, name: "v7: incidents, postmortems, action items, toil")
    static let v8 = SchemaVersion(number: 8, name: "v8: satisfaction scores, maintenance windows")
    static let v9 = SchemaVersion(number: 9, name: "v9: load runs")
    static let v10 = SchemaVersion(number: 10, name: "v10: idempotency key fingerprints, write checks")
    static let v11 = SchemaVersion(number: 11, name: "v11: gate decisions, gate overrides, canary runs, policy steps, change kinds and stages")
}
