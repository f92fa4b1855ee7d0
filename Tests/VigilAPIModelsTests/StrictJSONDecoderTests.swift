import Foundation
import Testing
import VigilAPIModels
import VigilCore

/// The server's strict reading of request bodies (``StrictJSONDecoder``).
@Suite struct StrictJSONDecoderTests {
    let strict = StrictJSONDecoder()

    func refusal<Document: Decodable>(_ type: Document.Type, _ json: String, decoder: StrictJSONDecoder = StrictJSONDecoder()) -> RequestDocumentError? {
        do {
            _ = try decoder.decode(type, from: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func aDocumentDecodes() throws {
        let toil = try strict.decode(
            API.ToilRequest.self, from: Data(#"{"team": "core", "minutes": 30, "category": "deploys", "automatable": true, "at": "2026-11-24T10:00:00Z"}"#.utf8)
        )
        #expect(toil == API.ToilRequest(team: "core", minutes: 30, category: "deploys", automatable: true, note: nil, at: "2026-11-24T10:00:00Z", author: nil))
        let silence = try strict.decode(
            API.SilenceRequest.self, from: Data(#"{"matchers": ["slo=a"], "duration": "2h", "created_by": "ana", "comment": "deploy"}"#.utf8))
        #expect(silence.createdBy == "ana" && silence.matchers == ["slo=a"])
    }

    /// Strings and lists have the bounds docs/openapi.yaml declares (`maxLength`,
    /// `maxItems`), counted in Unicode scalars as JSON Schema counts.
    @Test func stringsAndListsHaveBounds() throws {
        let longest = String(repeating: "é", count: StrictJSONDecoder.defaultMaximumStringLength)
        #expect(refusal(API.ToilRequest.self, #"{"team": "\#(longest)", "minutes": 30, "category": "c"}"#) == nil)
        let tooLong = refusal(API.ToilRequest.self, #"{"team": "\#(longest)x", "minutes": 30, "category": "c"}"#)
        #expect(tooLong == .invalid(field: "team", message: "expected at most 10000 characters"))
        let matchers = (0...StrictJSONDecoder.defaultMaximumListLength).map { #""slo=s\#($0)""# }
        let body = #"{"matchers": [\#(matchers.joined(separator: ","))], "duration": "2h", "created_by": "ana", "comment": "c"}"#
        #expect(refusal(API.SilenceRequest.self, body) == .invalid(field: "matchers", message: "expected at most 100 items"))
        #expect(refusal(API.SilenceRequest.self, body, decoder: StrictJSONDecoder(maximumListLength: .max)) == nil)
    }

    @Test(arguments: [
        (#"{"team": "core", "minuts": 30, "category": "c"}"#, "minuts", "unknown field; did you mean 'minutes'?"),
        (#"{"team": "core", "minutes": true, "category": "c"}"#, "minutes", "expected a whole number"),
        (#"{"team": "core", "minutes": 1.5, "category": "c"}"#, "minutes", "expected a whole number"),
        (#"{"team": "core", "minutes": "30", "category": "c"}"#, "minutes", "expected a whole number"),
        (#"{"team": "core", "minutes": 30, "category": "c", "automatable": 1}"#, "automatable", "expected true or false"),
        (#"{"team": "", "minutes": 30, "category": "c"}"#, "team", "expected a non-empty string (leave the field out instead)"),
        (#"{"minutes": 30, "category": "c"}"#, "team", "required"),
        (#"{"team": null, "minutes": 30, "category": "c"}"#, "team", "required"),
        (#"{"team": "core", "minutes": 30, "category": "c", "note": null}"#, "note", "expected a value, not null (leave the field out instead)"),
        (#"{"team": "core", "minutes": 99999999999999999999, "category": "c"}"#, "minutes", "expected a whole number"),
    ])
    func aToilEntryIsReadStrictly(json: String, field: String, message: String) {
        #expect(refusal(API.ToilRequest.self, json) == .invalid(field: field, message: message))
    }

    @Test func satisfactionScoresAreNumbersNotBooleans() {
        #expect(refusal(API.SatisfactionRequest.self, #"{"score": true}"#) == .invalid(field: "score", message: "expected a number"))
        #expect(refusal(API.SatisfactionRequest.self, #"{"score": 1}"#) == nil)
    }

    @Test func camelCaseKeysAreNotTheAPIsSpelling() {
        #expect(
            refusal(API.SilenceRequest.self, #"{"matchers": ["a=b"], "duration": "1h", "createdBy": "ana", "comment": "c"}"#)
                == .invalid(field: "createdBy", message: "unknown field; did you mean 'created_by'?"))
    }

    @Test func fieldsAreNamedAsWritten() throws {
        #expect(
            refusal(API.SilenceRequest.self, #"{"matchers": ["a=b", 3], "duration": "1h", "created_by": "ana", "comment": "c"}"#)
                == .invalid(field: "matchers[1]", message: "expected a string"))
        #expect(
            refusal(API.IncidentPatch.self, #"{"roles": {"commander": ""}}"#)
                == .invalid(field: "roles.commander", message: "expected a non-empty string (leave the field out instead)"))
        // A map's keys are data: neither converted nor checked.
        let patch = try strict.decode(API.IncidentPatch.self, from: Data(#"{"roles": {"on_call": "Dana", "scribe": null}, "data_loss": false}"#.utf8))
        let roles: [String: String?] = ["on_call": "Dana", "scribe": String?.none]
        #expect(patch.roles == roles)
        #expect(patch.dataLoss == false)
    }

    @Test func aBodyThatIsNotAnObjectIsMalformed() {
        #expect(refusal(API.ToilRequest.self, "[1]") == .malformed("expected a JSON object, found a list"))
        #expect(refusal(API.ToilRequest.self, "") == .malformed("expected a JSON object, found an empty body"))
        guard case .malformed(let syntax) = refusal(API.ToilRequest.self, #"{"team": "core""#) else {
            Issue.record("an unterminated object is malformed")
            return
        }
        #expect(syntax.hasPrefix("not valid JSON"))
        guard case .malformed(let huge) = refusal(API.SatisfactionRequest.self, #"{"score": 1e400}"#) else {
            Issue.record("1e400 is malformed")
            return
        }
        #expect(huge.contains("1e400"), "\(huge)")
    }

    @Test func aPeersFormatIsReadAsItsPeerWritesIt() throws {
        let json = #"""
            {"version": "4", "groupKey": "{}", "status": "firing", "externalURL": "", "newField": 1,
             "alerts": [{"status": "firing", "labels": {"alertname": "X"}, "annotations": {"summary": ""},
                         "startsAt": "2026-11-24T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "", "fingerprint": "ab"}]}
            """#
        let payload = try StrictJSONDecoder.peer.decode(API.AlertmanagerWebhook.self, from: Data(json.utf8))
        #expect(payload.alerts.count == 1 && payload.alerts[0].labels == ["alertname": "X"] && payload.externalURL == "")
        #expect(
            refusal(API.AlertmanagerWebhook.self, #"{"alerts": [{"labels": {"a": "b"}}]}"#, decoder: .peer)
                == .invalid(field: "alerts[0].startsAt", message: "required"))
    }

    @Test func aDocumentsOwnCheckNamesItsField() {
        let run = #"""
            {"target": "http://127.0.0.1/", "model": "sideways", "connections": 4, "started_at": "2026-11-24T10:00:00Z", "summary": {}}
            """#
        #expect(refusal(LoadRun.self, run) == .invalid(field: "model", message: "expected open or closed"))
        #expect(
            refusal(LoadRun.self, run.replacingOccurrences(of: "\"sideways\"", with: "\"open\"").replacingOccurrences(of: "2026-11-24T10:00:00Z", with: "soon"))
                == .invalid(field: "started_at", message: "expected an RFC 3339 time such as 2026-11-25T12:00:00Z, found 'soon'"))
    }

    /// What the CLI sends, the server reads: every request document, fully populated,
    /// survives `APIJSON.encoder` → `StrictJSONDecoder`, and a typo of each of its keys gets
    /// a did-you-mean (its `CodingKeys` are `CaseIterable`).
    @Test func everyRequestDocumentRoundTripsAndSuggests() throws {
        var opening = API.IncidentOpening(title: "Checkout down", severity: "SEV1", author: "ana")
        opening.summary = "s"
        opening.start = "2026-11-24T10:00:00Z"
        opening.detected = "2026-11-24T10:05:00Z"
        opening.roles = ["commander": "Dana"]
        opening.services = ["shop"]
        opening.slos = ["a"]
        opening.runbooks = ["https://x.example/r"]
        opening.chat = "#inc"
        opening.dataLoss = true
        var patch = API.IncidentPatch(author: "ana")
        patch.severity = "SEV2"
        patch.roles = ["scribe": nil]
        patch.resolved = "2026-11-24T11:00:00Z"
        var silence = API.SilenceRequest(matchers: ["slo=a"], duration: "2h", createdBy: "ana", comment: "c")
        silence.id = "s-1"
        silence.startsAt = "2026-11-24T10:00:00Z"
        var satisfaction = API.SatisfactionRequest(score: 0.82, note: "n", author: "ana")
        satisfaction.at = "2026-11-24T10:00:00Z"
        try check(opening)
        try check(patch)
        try check(silence)
        try check(satisfaction)
        try check(API.IncidentStatusChange(status: "mitigated", note: "n", author: "a"))
        try check(API.IncidentNote(text: "t", author: "a"))
        try check(API.PublicUpdateRequest(text: "t", status: "resolved", author: "a"))
        try check(API.PostmortemDraftRequest(authors: ["a"], regenerate: true))
        try check(API.PostmortemEdit(text: "# Postmortem", authors: ["a"]))
        try check(API.StatusChange(status: "in-review"))
        try check(API.ActionItemRequest(title: "t", type: "prevent", owner: "o", due: "2026-12-01", link: "https://x.example", status: "open"))
        try check(API.AcknowledgementRequest(by: "ana", comment: "looking"))
        try check(API.ToilRequest(team: "core", minutes: 5, category: "c", automatable: false, note: "n", at: "2026-11-24T10:00:00Z", author: "a"))
        try check(
            API.MaintenanceRequest(service: "shop", start: "2026-11-24T10:00:00Z", end: nil, duration: "1h", reason: "r", author: "a"))
        try check(
            API.ChangeRequest(service: "shop", version: "1.2", time: "2026-11-24T10:00:00Z", author: "a", link: "https://x.example", description: "d"))
    }

    func check<Document: Codable & Equatable>(_ document: Document, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try APIJSON.encoder.encode(document)
        #expect(try strict.decode(Document.self, from: data) == document, sourceLocation: sourceLocation)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], sourceLocation: sourceLocation)
        let key = try #require(object.keys.sorted().first, sourceLocation: sourceLocation)
        var typo = object
        typo[key + "x"] = typo.removeValue(forKey: key)
        let refused = refusal(Document.self, String(decoding: try JSONSerialization.data(withJSONObject: typo), as: UTF8.self))
        #expect(refused == .invalid(field: key + "x", message: "unknown field; did you mean '\(key)'?"), sourceLocation: sourceLocation)
    }
}
