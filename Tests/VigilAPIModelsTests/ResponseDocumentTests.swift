import Foundation
import Testing
import VigilAPIModels
import VigilCore

/// The answers the server writes read back into the same documents through the API's
/// JSON conventions, with their keys as the OpenAPI description names them and "no
/// data" written as `null` where the document says so.
@Suite struct ResponseDocumentTests {
    static func roundTrip<Document: Codable & Equatable>(_ document: Document) throws -> [String: Any] {
        let data = try APIJSON.encoder.encode(document)
        #expect(try APIJSON.decoder.decode(Document.self, from: data) == document)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aProbeWithoutRunsWritesNullsAndReadsBack() throws {
        let probe = API.ProbeDocument(
            name: "home", service: "web", external: false, kind: "http", target: "http://127.0.0.1", intervalSeconds: 30, state: "unknown",
            since: nil, lastRun: nil, lastFailure: nil)
        let json = try Self.roundTrip(API.ProbeList(probes: [probe]))
        let first = try #require((json["probes"] as? [[String: Any]])?.first)
        #expect(first["interval_seconds"] as? Int == 30)
        #expect(first["last_run"] is NSNull && first["last_failure"] is NSNull && first["since"] is NSNull)
    }

    @Test func aRunsMissingFiguresAreNullButAnUnstoredIdIsLeftOut() throws {
        let run = API.ProbeRunDocument(
            id: nil, time: "2026-12-04T00:00:00Z", success: false, missed: true, responseTimeMs: nil, status: nil,
            conditions: [.init(condition: "[STATUS] == 200", success: false)], error: nil)
        let json = try Self.roundTrip(run)
        #expect(json["id"] == nil)
        #expect(json["response_time_ms"] is NSNull && json["status"] is NSNull && json["error"] is NSNull)
    }

    @Test func chartPointsAndEvaluationsKeepTheirNulls() throws {
        var digest = LatencyDigest()
        digest.add(.milliseconds(120))
        let point = API.SLOPoint(time: "t", good: 0, valid: 0, sli: nil, budgetRemaining: nil, latency: API.LatencyPercentiles(digest))
        let json = try Self.roundTrip(point)
        #expect(json["sli"] is NSNull && json["budget_remaining"] is NSNull)
        let latency = try #require(json["latency"] as? [String: Any])
        #expect(latency["count"] as? Int == 1 && latency["p50_ms"] is Double)
        #expect(try Self.roundTrip(API.SLOPoint(time: "t", good: 1, valid: 1, sli: 1, budgetRemaining: 1, latency: nil))["latency"] == nil)
        #expect(API.LatencyPercentiles(LatencyDigest()) == nil)

        let evaluation = API.EvaluationDocument(
            time: "t", objective: 0.99, good: 9, valid: 10, sli: 0.9, budgetRemaining: nil, burnRate: nil, output: "alert")
        let written = try Self.roundTrip(API.EvaluationList(instance: "api", evaluations: [evaluation], nextCursor: "29000000"))
        #expect(written["next_cursor"] as? String == "29000000")
        let first = try #require((written["evaluations"] as? [[String: Any]])?.first)
        #expect(first["budget_remaining"] is NSNull && first["burn_rate"] is NSNull)
    }

    @Test func notificationsAndAttemptsUseSnakeCaseKeys() throws {
        let notification = API.NotificationDocument(
            id: 1, idempotencyKey: "k", receiver: "pager", status: "firing", class: "alert", groupKey: "g", groupLabels: ["team": "sre"], alerts: 2,
            isRepeat: false, createdAt: Date(timeIntervalSince1970: 1_800_000_000), state: "pending", attempts: 0, nextAttemptAt: nil,
            deliveredAt: nil, gaveUpAt: nil, lastError: nil)
        let json = try Self.roundTrip(API.NotificationList(notifications: [notification], nextCursor: nil))
        let first = try #require((json["notifications"] as? [[String: Any]])?.first)
        #expect(first["idempotency_key"] as? String == "k" && first["class"] as? String == "alert" && first["is_repeat"] as? Bool == false)
        let attempt = API.DeliveryAttemptDocument(at: Date(timeIntervalSince1970: 1_800_000_000), success: true, status: 200, error: nil, durationMs: 1.5)
        #expect((try Self.roundTrip(API.DeliveryAttemptList(attempts: [attempt]))["attempts"] as? [[String: Any]])?.first?["duration_ms"] as? Double == 1.5)
    }
}

/// Times in answers are RFC 3339 in the proleptic Gregorian calendar, whole seconds.
@Suite struct APIJSONTimeTests {
    struct Stamp: Codable, Equatable { var at: Date }

    @Test func timesBefore1582AreNotShiftedToTheJulianCalendar() throws {
        let year1000 = try #require(RFC3339.parse("1000-01-01T00:00:00Z"))
        let written = String(decoding: try APIJSON.encoder.encode(Stamp(at: year1000)), as: UTF8.self)
        #expect(written == #"{"at":"1000-01-01T00:00:00Z"}"#)
        let now = Date(timeIntervalSince1970: 1_800_000_000.75)
        let encoded = try APIJSON.encoder.encode(Stamp(at: now))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"at":"2027-01-15T08:00:00Z"}"#)
        #expect(try APIJSON.decoder.decode(Stamp.self, from: encoded).at == Date(timeIntervalSince1970: 1_800_000_000))
    }
}
