import Foundation
import GRDB
import VigilCore

extension SQLiteStore: IncidentStore, LoadRunStore, ReleaseStore, OnCallStore {
    public func openIncident(_ incident: Incident, timeline: [IncidentTimelineEntry]) async throws -> Incident {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO incidents (status, start, alert_group, created_at, body) VALUES (?, ?, ?, ?, '{}')",
                arguments: [
                    incident.status.rawValue, incident.times.start.timeIntervalSince1970, incident.alertGroup, incident.createdAt.timeIntervalSince1970,
                ])
            var stored = incident
            stored.id = db.lastInsertedRowID
            try Self.write(stored, db)
            try Self.append(timeline, to: stored.id, db)
            return stored
        }
    }

    public func modifyIncident(id: Int64, _ change: @escaping @Sendable (inout Incident, Postmortem?) throws -> [IncidentTimelineEntry]) async throws
        -> Incident?
    {
        try await write { db in
            guard var incident = try Self.readIncident(id, db) else { return nil }
            let postmortem = try Self.decodeOptional(
                Postmortem.self, String.fetchOne(db, sql: "SELECT body FROM postmortems WHERE incident = ?", arguments: [id]), what: "postmortem")
            let lines = try change(&incident, postmortem)
            incident.id = id
            try Self.write(incident, db)
            try Self.append(lines, to: id, db)
            return incident
        }
    }

    public func incident(id: Int64) async throws -> Incident? {
        try await read { db in try Self.readIncident(id, db) }
    }

    public func incidents(_ query: IncidentQuery) async throws -> [Incident] {
        try await read { db in
            let bodies = try String.fetchAll(
                db,
                sql: """
                    SELECT body FROM incidents
                    WHERE (?1 = 0 OR status NOT IN ('resolved', 'closed')) AND (?2 IS NULL OR start >= ?2) AND (?3 IS NULL OR id < ?3)
                      AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(body, '$.services') WHERE value = ?4))
                    ORDER BY id DESC LIMIT ?5
                    """, arguments: [query.openOnly, query.startedSince?.timeIntervalSince1970, query.before, query.service, query.limit])
            return try bodies.map { try StoredValue.decode(Incident.self, $0, what: "incident") }
        }
    }

    public func incidents(alertGroup: String) async throws -> [Incident] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM incidents WHERE alert_group = ? ORDER BY id", arguments: [alertGroup])
                .map { try StoredValue.decode(Incident.self, $0, what: "incident") }
        }
    }

    public func timeline(incident: Int64) async throws -> [IncidentTimelineEntry] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(IncidentTimelineEntry.storeColumns) FROM incident_timeline WHERE incident = ? ORDER BY at, id", arguments: [incident]
            )
            .map(IncidentTimelineEntry.init(storeRow:))
        }
    }

    public func addUpdate(_ update: IncidentUpdate) async throws -> IncidentUpdate {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO incident_updates (incident, at, status, text, author) VALUES (?, ?, ?, ?, ?)",
                arguments: [update.incident, update.at.timeIntervalSince1970, update.status.rawValue, update.text, update.author])
            var stored = update
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func updates(incident: Int64) async throws -> [IncidentUpdate] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(IncidentUpdate.storeColumns) FROM incident_updates WHERE incident = ? ORDER BY at DESC, id DESC",
                arguments: [incident]
            )
            .map(IncidentUpdate.init(storeRow:))
        }
    }

    public func postmortem(incident: Int64) async throws -> Postmortem? {
        try await read { db in
            try Self.decodeOptional(
                Postmortem.self, String.fetchOne(db, sql: "SELECT body FROM postmortems WHERE incident = ?", arguments: [incident]), what: "postmortem")
        }
    }

    public func modifyPostmortem(incident: Int64, _ change: @escaping @Sendable (inout Postmortem?) throws -> Void) async throws -> Postmortem? {
        try await write { db in
            var postmortem = try Self.decodeOptional(
                Postmortem.self, String.fetchOne(db, sql: "SELECT body FROM postmortems WHERE incident = ?", arguments: [incident]), what: "postmortem")
            try change(&postmortem)
            if let postmortem {
                try db.execute(
                    sql: "INSERT INTO postmortems (incident, body) VALUES (?, ?) ON CONFLICT (incident) DO UPDATE SET body = excluded.body",
                    arguments: [incident, try StoredValue.json(postmortem)])
            }
            return postmortem
        }
    }

    public func addToil(_ entry: ToilEntry) async throws -> ToilEntry {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO toil (team, minutes, category, note, automatable, at, author) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [entry.team, entry.minutes, entry.category, entry.note, entry.automatable, entry.at.timeIntervalSince1970, entry.author])
            var stored = entry
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func toil(since: Date, team: String?) async throws -> [ToilEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ToilEntry.storeColumns) FROM toil
                    WHERE at >= ?1 AND (?2 IS NULL OR team = ?2) ORDER BY at, id
                    """, arguments: [since.timeIntervalSince1970, team]
            ).map(ToilEntry.init(storeRow:))
        }
    }

    public func recordSatisfaction(_ score: SatisfactionScore) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO satisfaction (service, score, at, note, author) VALUES (?, ?, ?, ?, ?)",
                arguments: [score.service, score.score, score.at.timeIntervalSince1970, score.note, score.author])
        }
    }

    public func latestSatisfaction(at: Date) async throws -> [String: SatisfactionScore] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SatisfactionScore.storeColumns) FROM satisfaction s
                    WHERE id = (SELECT id FROM satisfaction WHERE service = s.service AND at <= ?1 ORDER BY at DESC, id DESC LIMIT 1)
                    """, arguments: [at.timeIntervalSince1970])
            var result: [String: SatisfactionScore] = [:]
            for score in try rows.map(SatisfactionScore.init(storeRow:)) { result[score.service] = score }
            return result
        }
    }

    public func addMaintenance(_ window: MaintenanceWindow) async throws -> MaintenanceWindow {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO maintenance_windows (service, starts_at, ends_at, reason, created_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [window.service, window.start.timeIntervalSince1970, window.end.timeIntervalSince1970, window.reason, window.createdBy])
            var stored = window
            stored.id = String(db.lastInsertedRowID)
            return stored
        }
    }

    public func maintenanceWindows(endingAfter after: Date) async throws -> [MaintenanceWindow] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(MaintenanceWindow.storeColumns) FROM maintenance_windows WHERE ends_at > ? ORDER BY starts_at, id",
                arguments: [after.timeIntervalSince1970]
            ).map(MaintenanceWindow.init(storeRow:))
        }
    }

    public func endMaintenance(id: String, at now: Date) async throws -> Bool {
        guard let number = Int64(id) else { return false }
        return try await write { db in
            // A window not begun yet is dropped; a running one ends now; an ended one stays.
            try db.execute(sql: "DELETE FROM maintenance_windows WHERE id = ? AND starts_at > ?", arguments: [number, now.timeIntervalSince1970])
            if db.changesCount > 0 { return true }
            try db.execute(sql: "UPDATE maintenance_windows SET ends_at = MIN(ends_at, ?) WHERE id = ?", arguments: [now.timeIntervalSince1970, number])
            return db.changesCount > 0
        }
    }

    // MARK: Encoding

    private static func readIncident(_ id: Int64, _ db: Database) throws -> Incident? {
        try decodeOptional(Incident.self, String.fetchOne(db, sql: "SELECT body FROM incidents WHERE id = ?", arguments: [id]), what: "incident")
    }

    private static func write(_ incident: Incident, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE incidents SET status = ?, start = ?, alert_group = ?, body = ? WHERE id = ?",
            arguments: [incident.status.rawValue, incident.times.start.timeIntervalSince1970, incident.alertGroup, try StoredValue.json(incident), incident.id])
    }

    private static func append(_ lines: [IncidentTimelineEntry], to incident: Int64, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO incident_timeline (incident, at, kind, author, text) VALUES (?, ?, ?, ?, ?)")
        for line in lines {
            try insert.execute(arguments: [incident, line.at.timeIntervalSince1970, line.kind.rawValue, line.author, line.text])
        }
    }

    private static func decodeOptional<T: Decodable>(_ type: T.Type, _ text: String?, what: String) throws -> T? {
        try text.map { try StoredValue.decode(type, $0, what: what) }
    }
}
