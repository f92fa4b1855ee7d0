import Foundation
import PostgresNIO
import VigilCore

extension PostgresStore: IncidentStore, LoadRunStore, ReleaseStore, OnCallStore {
    public func openIncident(_ incident: Incident, timeline: [IncidentTimelineEntry]) async throws -> Incident {
        try await transaction { connection in
            let id = try await connection.query(
                """
                INSERT INTO incidents (status, start, alert_group, created_at, body)
                VALUES (\(incident.status.rawValue), \(incident.times.start.timeIntervalSince1970), \(incident.alertGroup), \(incident.createdAt.timeIntervalSince1970), '{}')
                RETURNING id
                """, logger: self.logger
            ).collect()
            var stored = incident
            stored.id = try id.returnedID()
            try await self.write(stored, connection)
            try await self.append(timeline, to: stored.id, connection)
            return stored
        }
    }

    public func modifyIncident(id: Int64, _ change: @escaping @Sendable (inout Incident, Postmortem?) throws -> [IncidentTimelineEntry]) async throws
        -> Incident?
    {
        try await transaction { connection in
            // FOR UPDATE: a second responder's change waits here and then sees this one's.
            guard
                let body = try await connection.query("SELECT body FROM incidents WHERE id = \(id) FOR UPDATE", logger: self.logger)
                    .collect().first?.decode(String.self)
            else { return nil }
            var incident = try StoredValue.decode(Incident.self, body, what: "incident")
            let postmortemBody = try await connection.query("SELECT body FROM postmortems WHERE incident = \(id)", logger: self.logger)
                .collect().first?.decode(String.self)
            let postmortem = try postmortemBody.map { try StoredValue.decode(Postmortem.self, $0, what: "postmortem") }
            let lines = try change(&incident, postmortem)
            incident.id = id
            try await self.write(incident, connection)
            try await self.append(lines, to: id, connection)
            return incident
        }
    }

    public func incident(id: Int64) async throws -> Incident? {
        try await rows("SELECT body FROM incidents WHERE id = \(id)").first.map {
            try StoredValue.decode(Incident.self, try $0.decode(String.self), what: "incident")
        }
    }

    public func incidents(_ query: IncidentQuery) async throws -> [Incident] {
        try await rows(
            """
            SELECT body FROM incidents
            WHERE (NOT \(query.openOnly) OR status NOT IN ('resolved', 'closed'))
              AND (\(query.startedSince?.timeIntervalSince1970)::double precision IS NULL OR start >= \(query.startedSince?.timeIntervalSince1970))
              AND (\(query.before)::bigint IS NULL OR id < \(query.before))
              AND (\(query.service)::text IS NULL OR (body::jsonb -> 'services') ? \(query.service))
            ORDER BY id DESC LIMIT \(query.limit)
            """
        ).map { try StoredValue.decode(Incident.self, try $0.decode(String.self), what: "incident") }
    }

    public func incidents(alertGroup: String) async throws -> [Incident] {
        try await rows("SELECT body FROM incidents WHERE alert_group = \(alertGroup) ORDER BY id")
            .map { try StoredValue.decode(Incident.self, try $0.decode(String.self), what: "incident") }
    }

    public func timeline(incident: Int64) async throws -> [IncidentTimelineEntry] {
        try await records(
            "SELECT \(unescaped: IncidentTimelineEntry.storeColumns) FROM incident_timeline WHERE incident = \(incident) ORDER BY at, id",
            IncidentTimelineEntry.init(storeRow:))
    }

    public func addUpdate(_ update: IncidentUpdate) async throws -> IncidentUpdate {
        var stored = update
        stored.id = try await rows(
            """
            INSERT INTO incident_updates (incident, at, status, text, author)
            VALUES (\(update.incident), \(update.at.timeIntervalSince1970), \(update.status.rawValue), \(update.text), \(update.author)) RETURNING id
            """
        ).returnedID()
        return stored
    }

    public func updates(incident: Int64) async throws -> [IncidentUpdate] {
        try await records(
            "SELECT \(unescaped: IncidentUpdate.storeColumns) FROM incident_updates WHERE incident = \(incident) ORDER BY at DESC, id DESC",
            IncidentUpdate.init(storeRow:))
    }

    public func postmortem(incident: Int64) async throws -> Postmortem? {
        try await rows("SELECT body FROM postmortems WHERE incident = \(incident)").first
            .map { try StoredValue.decode(Postmortem.self, try $0.decode(String.self), what: "postmortem") }
    }

    public func modifyPostmortem(incident: Int64, _ change: @escaping @Sendable (inout Postmortem?) throws -> Void) async throws -> Postmortem? {
        try await transaction { connection in
            // The incident's row lock serialises the first draft too, when there is no
            // postmortem row to lock yet.
            try await connection.query("SELECT id FROM incidents WHERE id = \(incident) FOR UPDATE", logger: self.logger)
            let body = try await connection.query("SELECT body FROM postmortems WHERE incident = \(incident)", logger: self.logger)
                .collect().first?.decode(String.self)
            var postmortem = try body.map { try StoredValue.decode(Postmortem.self, $0, what: "postmortem") }
            try change(&postmortem)
            if let postmortem {
                let encoded = try StoredValue.json(postmortem)
                try await connection.query(
                    """
                    INSERT INTO postmortems (incident, body) VALUES (\(incident), \(encoded)) ON CONFLICT (incident) DO UPDATE SET body = excluded.body
                    """, logger: self.logger)
            }
            return postmortem
        }
    }

    public func addToil(_ entry: ToilEntry) async throws -> ToilEntry {
        var stored = entry
        stored.id = try await rows(
            """
            INSERT INTO toil (team, minutes, category, note, automatable, at, author)
            VALUES (\(entry.team), \(Int64(entry.minutes)), \(entry.category), \(entry.note), \(entry.automatable), \(entry.at.timeIntervalSince1970), \(entry.author))
            RETURNING id
            """
        ).returnedID()
        return stored
    }

    public func toil(since: Date, team: String?) async throws -> [ToilEntry] {
        try await records(
            """
            SELECT \(unescaped: ToilEntry.storeColumns) FROM toil
            WHERE at >= \(since.timeIntervalSince1970) AND (\(team)::text IS NULL OR team = \(team)) ORDER BY at, id
            """, ToilEntry.init(storeRow:))
    }

    public func recordSatisfaction(_ score: SatisfactionScore) async throws {
        try await rows(
            """
            INSERT INTO satisfaction (service, score, at, note, author)
            VALUES (\(score.service), \(score.score), \(score.at.timeIntervalSince1970), \(score.note), \(score.author))
            """)
    }

    public func latestSatisfaction(at: Date) async throws -> [String: SatisfactionScore] {
        var result: [String: SatisfactionScore] = [:]
        for score in try await records(
            """
            SELECT DISTINCT ON (service) \(unescaped: SatisfactionScore.storeColumns) FROM satisfaction
            WHERE at <= \(at.timeIntervalSince1970) ORDER BY service, at DESC, id DESC
            """, SatisfactionScore.init(storeRow:))
        {
            result[score.service] = score
        }
        return result
    }

    public func addMaintenance(_ window: MaintenanceWindow) async throws -> MaintenanceWindow {
        var stored = window
        stored.id = try await rows(
            """
            INSERT INTO maintenance_windows (service, starts_at, ends_at, reason, created_by)
            VALUES (\(window.service), \(window.start.timeIntervalSince1970), \(window.end.timeIntervalSince1970), \(window.reason), \(window.createdBy))
            RETURNING id
            """
        ).returnedID().description
        return stored
    }

    public func maintenanceWindows(endingAfter after: Date) async throws -> [MaintenanceWindow] {
        try await records(
            """
            SELECT \(unescaped: MaintenanceWindow.storeColumns) FROM maintenance_windows
            WHERE ends_at > \(after.timeIntervalSince1970) ORDER BY starts_at, id
            """, MaintenanceWindow.init(storeRow:))
    }

    public func endMaintenance(id: String, at now: Date) async throws -> Bool {
        guard let number = Int64(id) else { return false }
        let time = now.timeIntervalSince1970
        return try await transaction { connection in
            // A window not begun yet is dropped; a running one ends now; an ended one stays.
            let dropped = try await connection.query(
                "DELETE FROM maintenance_windows WHERE id = \(number) AND starts_at > \(time) RETURNING id", logger: self.logger
            ).collect()
            if !dropped.isEmpty { return true }
            let ended = try await connection.query(
                "UPDATE maintenance_windows SET ends_at = LEAST(ends_at, \(time)) WHERE id = \(number) RETURNING id", logger: self.logger
            ).collect()
            return !ended.isEmpty
        }
    }

    // MARK: Encoding

    private func write(_ incident: Incident, _ connection: PostgresConnection) async throws {
        let body = try StoredValue.json(incident)
        try await connection.query(
            """
            UPDATE incidents SET status = \(incident.status.rawValue), start = \(incident.times.start.timeIntervalSince1970),
                alert_group = \(incident.alertGroup), body = \(body) WHERE id = \(incident.id)
            """, logger: logger)
    }

    private func append(_ lines: [IncidentTimelineEntry], to incident: Int64, _ connection: PostgresConnection) async throws {
        for line in lines {
            try await connection.query(
                """
                INSERT INTO incident_timeline (incident, at, kind, author, text)
                VALUES (\(incident), \(line.at.timeIntervalSince1970), \(line.kind.rawValue), \(line.author), \(line.text))
                """, logger: logger)
        }
    }
}

extension [PostgresRow] {
    /// The id an `INSERT … RETURNING id` gave.
    func returnedID() throws -> Int64 {
        guard let row = first else { throw StoreError.corrupt("insert without an id") }
        return try row.decode(Int64.self)
    }
}
