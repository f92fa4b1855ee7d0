import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilAPIModels
import VigilCore
import VigilStore

@testable import VigilServer

/// Request bodies are read into their documents strictly, and every refusal is a JSON
/// error that names the field; nothing refused is stored.
@Suite struct RequestBodyTests {
    static let auth = TestServer.bearer(TestServer.writeToken)
    static let yaml = TestServer.configYAML(
        extraSLO: """
            teams:
              - {name: core, members: [Dana Reyes]}
            """)

    static func refusal(_ response: TestResponse) throws -> ErrorBody.Detail {
        try APIJSON.decoder.decode(ErrorBody.self, from: Data(response.body.readableBytesView)).error
    }

    @Test func booleansAreNotNumbersAndTyposAreNamed() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            let cases: [(path: String, body: String, code: String, field: String, message: String)] = [
                ("/api/v1/toil", #"{"team":"core","minutes":true,"category":"x"}"#, "invalid_toil", "minutes", "expected a whole number"),
                ("/api/v1/toil", #"{"team":"core","minutes":2.5,"category":"x"}"#, "invalid_toil", "minutes", "expected a whole number"),
                ("/api/v1/toil", #"{"team":"core","minutes":5,"category":"x","automatable":1}"#, "invalid_toil", "automatable", "expected true or false"),
                ("/api/v1/services/api/satisfaction", #"{"score":true}"#, "invalid_satisfaction", "score", "expected a number"),
                ("/api/v1/incidents", #"{"title":"t","severity":"SEV2","sumary":"x"}"#, "invalid_incident", "sumary", "unknown field; did you mean 'summary'?"),
                ("/api/v1/incidents", #"{"title":"t","severity":"SEV2","data_loss":"yes"}"#, "invalid_incident", "data_loss", "expected true or false"),
                (
                    "/api/v1/incidents", #"{"title":"","severity":"SEV2"}"#, "invalid_incident", "title",
                    "expected a non-empty string (leave the field out instead)"
                ),
                ("/api/v1/incidents", #"{"severity":"SEV2"}"#, "invalid_incident", "title", "required"),
                ("/api/v1/incidents", #"{"title":"t","severity":"SEV2","services":["api",7]}"#, "invalid_incident", "services[1]", "expected a string"),
                (
                    "/api/v1/silences", #"{"matchers":["slo=a"],"duration":"1h","createdBy":"ana","comment":"c"}"#, "invalid_silence", "createdBy",
                    "unknown field; did you mean 'created_by'?"
                ),
                (
                    "/api/v1/changes", #"{"service":"api","time":"yesterday"}"#, "invalid_change", "time",
                    "expected an RFC 3339 time such as 2026-11-25T12:00:00Z"
                ),
            ]
            for item in cases {
                let response = try await client.execute(uri: item.path, method: .post, headers: Self.auth, body: TestServer.body(item.body))
                #expect(response.status == .unprocessableContent, "\(item.body)")
                let error = try Self.refusal(response)
                #expect(error.code == item.code && error.field == item.field && error.message == item.message, "\(item.body): \(error)")
            }
            #expect(try await server.runtime.incidentStore.toil(since: .distantPast, team: nil).isEmpty, "nothing refused was stored")
            #expect(try await server.runtime.incidentStore.incidents(IncidentQuery()).isEmpty)
        }
    }

    @Test func aBodyThatIsNotAnObjectIs400AndAnOversizedOneIs413WithAJSONError() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            let notJSON = try await client.execute(uri: "/api/v1/toil", method: .post, headers: Self.auth, body: TestServer.body(#"{"team": "core""#))
            #expect(notJSON.status == .badRequest)
            let syntax = try Self.refusal(notJSON)
            #expect(syntax.code == "invalid_json" && syntax.message.hasPrefix("not valid JSON"), "\(syntax)")
            let list = try await client.execute(uri: "/api/v1/toil", method: .post, headers: Self.auth, body: TestServer.body("[]"))
            let listError = try Self.refusal(list)
            #expect(list.status == .badRequest && listError.message == "expected a JSON object, found a list")

            // A string over its bound is named (422); a body over the route's limit is a 413.
            let title = String(repeating: "x", count: 100_000)
            let long = try await client.execute(
                uri: "/api/v1/incidents", method: .post, headers: Self.auth, body: TestServer.body(#"{"title":"\#(title)","severity":"SEV2"}"#))
            #expect(long.status == .unprocessableContent)
            let tooLong = try Self.refusal(long)
            #expect(tooLong.field == "title" && tooLong.message == "expected at most 10000 characters", "\(tooLong)")
            let summary = String(repeating: "x", count: 1_100_000)
            let large = try await client.execute(
                uri: "/api/v1/incidents", method: .post, headers: Self.auth, body: TestServer.body(#"{"title":"t","summary":"\#(summary)","severity":"SEV2"}"#))
            #expect(large.status == .contentTooLarge)
            let tooLarge = try Self.refusal(large)
            #expect(tooLarge.code == "payload_too_large" && tooLarge.message == "the body exceeds 1048576 bytes", "\(tooLarge)")
        }
    }

    @Test func aPostmortemDraftTakesAnEmptyBody() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            let opened = try await client.execute(
                uri: "/api/v1/incidents", method: .post, headers: Self.auth, body: TestServer.body(#"{"title":"Checkout down","severity":"SEV2"}"#))
            #expect(opened.status == .created)
            let incident = try APIJSON.decoder.decode(API.IncidentDetail.self, from: Data(opened.body.readableBytesView))
            // Before a draft there is nothing to read (404), edit or move (409: draft it first).
            let pending = "/api/v1/incidents/\(incident.id)/postmortem"
            #expect(try await client.execute(uri: pending, method: .get).status == .notFound)
            let early = try await client.execute(uri: pending, method: .put, headers: Self.auth, body: TestServer.body(#"{"text":"t"}"#))
            #expect(early.status == .conflict)
            #expect(try Self.refusal(early).code == "postmortem_conflict")
            let moved = try await client.execute(uri: pending + "/status", method: .post, headers: Self.auth, body: TestServer.body(#"{"status":"in-review"}"#))
            #expect(moved.status == .conflict)
            let draft = try await client.execute(uri: "/api/v1/incidents/\(incident.id)/postmortem", method: .post, headers: Self.auth)
            #expect(draft.status == .created)

            // The text is a document (200,000 characters); an author's name is not.
            let path = "/api/v1/incidents/\(incident.id)/postmortem"
            let long = String(repeating: "x", count: 150_000)
            let edited = try await client.execute(uri: path, method: .put, headers: Self.auth, body: TestServer.body(#"{"text":"\#(long)"}"#))
            #expect(edited.status == .ok)
            let author = String(repeating: "a", count: 10_001)
            let refused = try await client.execute(
                uri: path, method: .put, headers: Self.auth, body: TestServer.body(#"{"text":"t","authors":["ana","\#(author)"]}"#))
            #expect(refused.status == .unprocessableContent)
            #expect(try Self.refusal(refused).field == "authors[1]")
        }
    }

    /// A load run schemathesis sent once stopped the server (a percentile key of 1e100
    /// trapped when the stored run was encoded); such a run is a 422 now, as is one
    /// started before 1970.
    @Test func aLoadRunWithBadPercentilesOrTimeIsRefused() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            func run(percentiles: String, startedAt: String) -> String {
                #"{"target":"http://127.0.0.1:1","model":"closed","connections":1,"started_at":"\#(startedAt)","summary":{"requests":1,"duration":1,"latency":{"min":0,"mean":0,"stdev":0,"max":0,"percentiles":\#(percentiles)},"errors":{"connect":0,"timeout":0,"read":0,"status4xx":0,"status5xx":0},"bytes_in":0,"bytes_out":0,"peak_connections":1}}"#
            }
            for (body, field) in [
                (run(percentiles: #"{"1e100":1}"#, startedAt: "2026-11-24T10:00:00Z"), "summary.latency.percentiles"),
                (run(percentiles: #"{"50":1,"50.0":2}"#, startedAt: "2026-11-24T10:00:00Z"), "summary.latency.percentiles"),
                (run(percentiles: #"{"50":1}"#, startedAt: "0025-03-28T09:30:55Z"), "started_at"),
            ] {
                let refused = try await client.execute(uri: "/api/v1/load-runs", method: .post, headers: Self.auth, body: TestServer.body(body))
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(try Self.refusal(refused).field == field)
            }
            let stored = try await client.execute(
                uri: "/api/v1/load-runs", method: .post, headers: Self.auth,
                body: TestServer.body(run(percentiles: #"{"99.9":0.5}"#, startedAt: "2026-11-24T10:00:00Z")))
            #expect(stored.status == .created)
        }
    }

    /// Alertmanager always writes its times; an empty one is refused, not read as "not ended".
    @Test func anAlertmanagerAlertWithAnEmptyTimeIsRefused() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            let body = #"{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"x"},"startsAt":"2026-11-24T10:00:00Z","endsAt":""}]}"#
            let refused = try await client.execute(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.adminToken), body: TestServer.body(body))
            #expect(refused.status == .unprocessableContent)
            #expect(try Self.refusal(refused).field == "alerts[0].endsAt")
            let unknownStatus = body.replacingOccurrences(of: #""endsAt":"""#, with: #""endsAt":"0001-01-01T00:00:00Z""#)
                .replacingOccurrences(of: "firing", with: "pending")
            let refusedStatus = try await client.execute(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.adminToken), body: TestServer.body(unknownStatus))
            #expect(refusedStatus.status == .unprocessableContent)
            #expect(try Self.refusal(refusedStatus).field == "alerts[0].status")
        }
    }
}
