import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilStore

@testable import VigilServer

@Suite struct EventIngestionTests {
    static let auth = TestServer.bearer(TestServer.ingestToken)

    @Test func acceptedEventsMoveTheBudget() async throws {
        try await TestServer().test { client in
            let batch =
                (1...10).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":95,"total":100}"# }
                + [
                    #"{"time":"\#(TestServer.time(minutesAgo: 1))","sli":"api-latency","latency_ms":100}"#,
                    #"{"time":"\#(TestServer.time(minutesAgo: 1))","sli":"api-latency","latency_ms":300}"#,
                ]
            let response = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(batch.joined(separator: "\n")))
            #expect(response.status == .ok)
            #expect(try TestServer.json(response)["accepted"] as? Int == 12)
            let slos = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            let list = try #require(slos["slos"] as? [[String: Any]])
            let availability = try #require(list.first { $0["name"] as? String == "api-availability" })
            #expect(availability["good"] as? Int == 950)
            #expect(availability["valid"] as? Int == 1000)
            // 5 % errors against a 1 % budget: remaining 1 − 0.05/0.01 = −4
            #expect(abs((availability["budget_remaining"] as? Double ?? 0) - -4) < 1e-9)
            let latency = try #require(list.first { $0["name"] as? String == "api-latency" })
            #expect(latency["good"] as? Int == 1 && latency["valid"] as? Int == 2)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let exposition = String(decoding: try TestServer.bytes(metrics), as: UTF8.self)
            #expect(exposition.contains("vigil_events_ingested_total 12"))
            #expect(exposition.contains("vigil_commits_total 1"))
        }
    }

    @Test func anInvalidBatchIsRejectedWholeWithEveryBadItem() async throws {
        try await TestServer().test { client in
            let body = """
                {"time":"\(TestServer.time(minutesAgo: 1))","sli":"api-requests","good":1,"total":1}
                {"time":"\(TestServer.time(minutesAgo: 1))","sli":"api-request","good":1,"total":1}
                {"time":"2026-11-24T12:30:00Z","sli":"api-requests","good":1,"total":1}
                {"time":"\(TestServer.time(minutesAgo: 1))","sli":"api-requests","good":3,"total":1}
                {"time":"\(TestServer.time(minutesAgo: 1))","sli":"api-requests","latency_ms":5}
                """
            let response = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(body))
            #expect(response.status == .unprocessableContent)
            let error = try #require(try TestServer.json(response)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_events")
            let items = try #require(error["items"] as? [[String: Any]])
            #expect(items.map { $0["index"] as? Int } == [1, 2, 3, 4])
            #expect(items.map { $0["field"] as? String } == ["sli", "time", "good", ""])
            #expect((items[0]["message"] as? String)?.contains("did you mean 'api-requests'?") == true)
            // nothing of it was stored
            let slos = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            #expect((slos["slos"] as? [[String: Any]])?.first?["valid"] as? Int == 0)
        }
    }

    @Test func malformedBodiesAndLimits() async throws {
        try await TestServer(yaml: TestServer.configYAML(maxBodyBytes: 2_000, maxBatchEvents: 5)).test { client in
            let bad = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body("[{"))
            #expect(bad.status == .unprocessableContent)
            let empty = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body("[]"))
            #expect(empty.status == .unprocessableContent)
            let event = #"{"time":"\#(TestServer.time(minutesAgo: 1))","sli":"api-requests","good":1,"total":1}"#
            let tooMany = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(Array(repeating: event, count: 6).joined(separator: "\n")))
            #expect(tooMany.status == .contentTooLarge)
            #expect(try TestServer.errorCode(tooMany) == "batch_too_large")
            let huge = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(String(repeating: " ", count: 3_000) + event))
            #expect(huge.status == .contentTooLarge)
            #expect(try TestServer.errorCode(huge) == "payload_too_large")
            var keyed = Self.auth
            keyed[HTTPField.Name("Idempotency-Key")!] = String(repeating: "k", count: 201)
            let longKey = try await client.execute(uri: "/api/v1/events", method: .post, headers: keyed, body: TestServer.body(event))
            #expect(longKey.status == .badRequest)
        }
    }

    /// A retried batch with the same Idempotency-Key is acknowledged but counted once.
    @Test func idempotencyKeysStopDoubleCounting() async throws {
        try await TestServer().test { client in
            var headers = Self.auth
            headers[HTTPField.Name("Idempotency-Key")!] = "batch-42"
            let event = #"{"time":"\#(TestServer.time(minutesAgo: 2))","sli":"api-requests","good":7,"total":10}"#
            for attempt in 0..<3 {
                let response = try await client.execute(uri: "/api/v1/events", method: .post, headers: headers, body: TestServer.body(event))
                #expect(response.status == .ok)
                #expect(try TestServer.json(response)["duplicate"] as? Bool == (attempt > 0))
            }
            let slos = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            #expect((slos["slos"] as? [[String: Any]])?.first?["valid"] as? Int == 10)

            // The same key with other data is the client's mistake: refused, not swallowed.
            let other = #"{"time":"\#(TestServer.time(minutesAgo: 2))","sli":"api-requests","good":500,"total":1000}"#
            let reused = try await client.execute(uri: "/api/v1/events", method: .post, headers: headers, body: TestServer.body(other))
            #expect(reused.status == .unprocessableContent)
            #expect((try TestServer.json(reused)["error"] as? [String: Any])?["code"] as? String == "idempotency_key_reused")
            let after = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            #expect((after["slos"] as? [[String: Any]])?.first?["valid"] as? Int == 10, "nothing of the refused batch was stored")
        }
    }

    /// Until the hot state is rebuilt, ingestion answers 503 and /-/ready says not ready.
    @Test func notReadyBeforeTheRebuild() async throws {
        try await TestServer().test(rebuild: false) { client in
            #expect(try await client.execute(uri: "/-/ready", method: .get).status == .serviceUnavailable)
            #expect(try await client.execute(uri: "/-/healthy", method: .get).status == .ok)
            let event = #"{"time":"\#(TestServer.time(minutesAgo: 1))","sli":"api-requests","good":1,"total":1}"#
            let response = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(event))
            #expect(response.status == .serviceUnavailable)
        }
    }

    /// What was acknowledged is in the store: a second server over the same directory
    /// rebuilds the same figures.
    @Test func acknowledgedEventsSurviveARestart() async throws {
        let first = try TestServer(cleansUp: false)
        try await first.test { client in
            let event = #"{"time":"\#(TestServer.time(minutesAgo: 3))","sli":"api-requests","good":3,"total":4}"#
            let response = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(event))
            #expect(response.status == .ok)
        }
        let second = try TestServer(directory: first.directory)
        try await second.test { client in
            let slos = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            let availability = (slos["slos"] as? [[String: Any]])?.first
            #expect(availability?["good"] as? Int == 3 && availability?["valid"] as? Int == 4)
            let integrity = try await second.runtime.store.integrityCheck()
            #expect(integrity == "ok")
        }
    }
}
