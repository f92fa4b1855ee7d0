import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore

@testable import VigilServer
@testable import VigilStore

/// A store that cannot take writes (here: full, as a full disk makes it) answers 503 with
/// `Retry-After` and the JSON error, keeps `/-/ready` at 503 until a write succeeds, loses
/// nothing it acknowledged and keeps nothing it refused.
@Suite struct WriteFailureTests {
    static let auth = TestServer.bearer(TestServer.ingestToken)

    /// 60 events, each in its own minute, so every batch needs new pages.
    static func batch(_ number: Int) -> String {
        (0..<60).map { offset in
            #"{"time":"\#(TestServer.time(minutesAgo: 1 + (number * 60 + offset) % 1400))","sli":"api-requests","good":1,"total":1}"#
        }.joined(separator: "\n")
    }

    @Test func aFullStoreAnswers503AndRecoversWithoutLosingAnAcknowledgedEvent() async throws {
        let server = try TestServer()
        let store = try #require(server.runtime.store as? SQLiteStore)
        try await server.test { client in
            try await store.limitPages(to: try await store.pageCount() + 8)
            var acknowledged = 0
            var refused: TestResponse?
            for number in 0..<200 {
                let response = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(Self.batch(number)))
                if response.status == .ok {
                    acknowledged += 60
                    continue
                }
                refused = response
                break
            }
            let full = try #require(refused, "the store never filled")
            #expect(full.status == .serviceUnavailable && full.headers[.retryAfter] == "5")
            let error = try #require(try TestServer.json(full)["error"] as? [String: Any])
            #expect(error["code"] as? String == "store_unavailable" && (error["message"] as? String)?.contains("full") == true, "\(error)")
            try await store.limitPages(to: nil)
            let stored = try await store.loadBuckets(since: 0, only: nil)["api-requests"]?.reduce(0) { $0 + $1.counts.valid } ?? 0
            #expect(stored == Int64(acknowledged), "every acknowledged event is stored, and none of the refused batch")
            #expect(try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(Self.batch(500))).status == .ok)
        }
    }

    /// While no write succeeds (a read-only database here; a full disk fails even the
    /// smallest write the same way), `/-/ready` says so; the first write that succeeds
    /// makes the server ready again.
    @Test func readinessFollowsWhetherTheStoreTakesWrites() async throws {
        let server = try TestServer()
        let store = try #require(server.runtime.store as? SQLiteStore)
        try await server.test { client in
            #expect(try await client.execute(uri: "/-/ready", method: .get).status == .ok)
            try await store.refuseWrites(true)
            let refused = try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(Self.batch(0)))
            #expect(refused.status == .serviceUnavailable && refused.headers[.retryAfter] == "5")
            let change = try await client.execute(
                uri: "/api/v1/changes", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: TestServer.body(#"{"service":"api"}"#))
            let changeError = try TestServer.json(change)["error"] as? [String: Any]
            #expect(change.status == .serviceUnavailable && changeError?["code"] as? String == "store_unavailable")
            for _ in 0..<2 {
                let ready = try await client.execute(uri: "/-/ready", method: .get)
                #expect(ready.status == .serviceUnavailable && ready.headers[.retryAfter] == "5")
                #expect(String(decoding: try TestServer.bytes(ready), as: UTF8.self).contains("refuses writes"))
            }
            #expect(server.runtime.writeHealth.failure?.cause.contains("readonly") == true)

            try await store.refuseWrites(false)
            #expect(try await client.execute(uri: "/-/ready", method: .get).status == .ok)
            #expect(server.runtime.writeHealth.failure == nil)
            #expect(try await store.loadBuckets(since: 0, only: nil)["api-requests"] == nil, "nothing of the refused batch was stored")
            #expect(try await client.execute(uri: "/api/v1/events", method: .post, headers: Self.auth, body: TestServer.body(Self.batch(1))).status == .ok)
        }
    }
}
