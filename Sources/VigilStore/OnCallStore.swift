import Foundation
import VigilCore

/// What on-call keeps beyond the notifier's state: overrides made through the API, the
/// log of every escalation's pages and acknowledgements, the acknowledge links already
/// used, and the key those links are signed with.
public protocol OnCallStore: Sendable {
    /// Records an override (its `id` becomes `ovr-<n>`).
    func addScheduleOverride(_ override: ScheduleOverride) async throws -> ScheduleOverride
    /// Overrides, newest first, optionally of one schedule; cancelled ones included.
    func scheduleOverrides(schedule: String?, limit: Int) async throws -> [ScheduleOverride]
    /// Cancels override `id` (`ovr-<n>`) at `at`; `nil` where there is no such override.
    func cancelScheduleOverride(id: String, by: String, at: Date) async throws -> ScheduleOverride?

    /// The escalation log, newest first, optionally of one escalation or one alert group.
    func escalationEvents(escalation: String?, groupKey: String?, limit: Int) async throws -> [EscalationEvent]

    /// Marks link `token` used; `false` when it already was (a link works once).
    func useLink(token: String, escalation: String, by: String, at: Date) async throws -> Bool

    /// The key acknowledge links and iCal feeds are signed with: made once, then the same
    /// for every replica.
    func linkKey() async throws -> Data
}

extension StoreTable {
    /// Schedule overrides made through the API (encoded ``ScheduleOverride``).
    static let scheduleOverrides = StoreTable(
        name: "schedule_overrides", since: .v12,
        columns: [.serialID, Column("schedule", .text), Column("ends_at", .real), Column("body", .text)],
        indexes: [Index("schedule_overrides_by_schedule", on: ["schedule", "id"])])

    /// Every escalation's log (encoded ``EscalationEvent``), written with the notifier's state.
    static let escalationEvents = StoreTable(
        name: "escalation_events", since: .v12,
        columns: [
            .serialID, Column("escalation", .text), Column("group_key", .text), Column("kind", .text), Column("at", .real),
            Column("person", .text, nullable: true), Column("body", .text),
        ],
        indexes: [Index("escalation_events_by_escalation", on: ["escalation", "id"]), Index("escalation_events_by_group", on: ["group_key", "id"])],
        retention: Retention(condition: "at < ?", cutoff: .history))

    /// Acknowledge and resolve links already used, by token id.
    static let usedLinks = StoreTable(
        name: "used_links", since: .v12,
        columns: [.serialID, Column("token", .text, unique: true), Column("escalation", .text), Column("body", .text)])

    /// Keys Vigil made for itself, by name (`links`).
    static let secrets = StoreTable(
        name: "secrets", since: .v12,
        columns: [.serialID, Column("name", .text, unique: true), Column("body", .text)])
}

extension SchemaVersion {
    static let v12 = SchemaVersion(number: 12, name: "v12: schedule overrides, escalation log, used links, secrets")
}

/// A used link as stored.
struct UsedLink: Codable, Sendable {
    var token: String
    var escalation: String
    var by: String
    var at: Date
}

extension OnCallStore where Self: DocumentStore {
    public func addScheduleOverride(_ override: ScheduleOverride) async throws -> ScheduleOverride {
        try await insert(override, into: .scheduleOverrides, columns: ["schedule": .text(override.schedule), "ends_at": .time(override.end)]) {
            $0.id = "ovr-\($1)"
        }
    }

    public func scheduleOverrides(schedule: String?, limit: Int) async throws -> [ScheduleOverride] {
        try await list(ScheduleOverride.self, in: .scheduleOverrides, matching: schedule.map { ["schedule": .text($0)] } ?? [:], before: nil, limit: limit)
    }

    public func cancelScheduleOverride(id: String, by: String, at: Date) async throws -> ScheduleOverride? {
        guard id.hasPrefix("ovr-"), let number = Int64(id.dropFirst(4)) else { return nil }
        let body = try await modifyDocument(in: .scheduleOverrides, id: number) { text in
            var override = try StoredValue.decode(ScheduleOverride.self, text, what: "override \(id)")
            if override.cancelledAt == nil {
                override.cancelledAt = at
                override.cancelledBy = by
            }
            return DocumentUpdate(body: try StoredValue.json(override))
        }
        return try body.map { try StoredValue.decode(ScheduleOverride.self, $0, what: "override \(id)") }
    }

    public func escalationEvents(escalation: String?, groupKey: String?, limit: Int) async throws -> [EscalationEvent] {
        var matching: [String: StoreValue] = [:]
        if let escalation { matching["escalation"] = .text(escalation) }
        if let groupKey { matching["group_key"] = .text(groupKey) }
        return try await list(EscalationEvent.self, in: .escalationEvents, matching: matching, before: nil, limit: limit)
    }

    public func useLink(token: String, escalation: String, by: String, at: Date) async throws -> Bool {
        if try await !documents(in: .usedLinks, matching: ["token": .text(token)], before: nil, newestFirst: true, limit: 1).isEmpty { return false }
        do {
            _ = try await insertDocument(into: .usedLinks, columns: ["token": .text(token), "escalation": .text(escalation)]) { _ in
                try StoredValue.json(UsedLink(token: token, escalation: escalation, by: by, at: at))
            }
            return true
        } catch {
            // Two clicks at once: the unique token lets one in; the other finds it used.
            if try await !documents(in: .usedLinks, matching: ["token": .text(token)], before: nil, newestFirst: true, limit: 1).isEmpty { return false }
            throw error
        }
    }

    public func linkKey() async throws -> Data {
        func stored() async throws -> Data? {
            try await documents(in: .secrets, matching: ["name": .text("links")], before: nil, newestFirst: false, limit: 1).first
                .flatMap { Data(base64Encoded: $0) }
        }
        if let key = try await stored() { return key }
        var generator = SystemRandomNumberGenerator()
        let fresh = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        do {
            _ = try await insertDocument(into: .secrets, columns: ["name": .text("links")]) { _ in fresh.base64EncodedString() }
        } catch {
            // Another replica made it first: use theirs.
            if let key = try await stored() { return key }
            throw error
        }
        return fresh
    }
}

extension EscalationEvent {
    /// The columns ``StoreTable/escalationEvents`` is queried by, and the body.
    func storeColumns() throws -> (escalation: String, groupKey: String, kind: String, at: Double, person: String?, body: String) {
        (escalationID, groupKey, kind.rawValue, at.timeIntervalSince1970, person, try StoredValue.json(self))
    }
}
