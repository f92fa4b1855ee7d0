import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/incidents/{id}/postmortem` and `/api/v1/incidents/{id}/action-items`.
extension IncidentRoutes {
    static func postmortemDocument(_ postmortem: Postmortem, _ incident: Incident, _ runtime: VigilRuntime) async -> API.PostmortemDocument {
        let reasons = await runtime.incidents.postmortemReasons(incident, at: runtime.clock.now)
        let findings = await runtime.incidents.blamelessFindings(postmortem.text)
        return API.PostmortemDocument(
            postmortem, incident: incident, reasons: reasons, blamelessWarnings: findings.map { API.BlamelessWarning(name: $0.name, line: $0.line) })
    }

    /// Markdown when asked for (`?format=markdown` or `Accept: text/markdown`), JSON otherwise.
    static func respondWithPostmortem(
        _ postmortem: Postmortem, _ incident: Incident, _ request: Request, _ runtime: VigilRuntime,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let format = try choiceParameter(request, "format", ["json", "markdown"])
        let wantsMarkdown = format == "markdown" || (format == nil && (request.headers[.accept] ?? "").contains("text/markdown"))
        if wantsMarkdown {
            return Response(
                status: status, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: postmortem.text)))
        }
        return try JSONResponse.make(await postmortemDocument(postmortem, incident, runtime), status: status)
    }

    /// `GET /api/v1/incidents/{id}/postmortem`.
    static func showPostmortem(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        guard let postmortem = try await runtime.incidentStore.postmortem(incident: incident.id) else {
            throw APIError.notFound("\(incident.reference) has no postmortem yet; POST to this path drafts one")
        }
        return try await respondWithPostmortem(postmortem, incident, request, runtime)
    }

    /// `POST /api/v1/incidents/{id}/postmortem` `{"authors": […]}`: drafts one from the
    /// incident. An existing draft is only replaced with `"regenerate": true`.
    static func draftPostmortem(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let given = try await RequestBody(request, as: API.PostmortemDraftRequest.self, code: "invalid_postmortem", allowEmpty: true).document
        let regenerate = given.regenerate ?? false
        let now = runtime.clock.now
        let draft = try await runtime.incidents.draft(incident, authors: given.authors ?? [], at: now)
        let text = draft.markdown
        let authors = draft.authors
        let stored = try await runtime.incidentStore.modifyPostmortem(incident: incident.id) { postmortem in
            if let existing = postmortem {
                guard regenerate else {
                    throw APIError.postmortemConflict(
                        "\(incident.reference) already has a postmortem (\(existing.status.words)); send \"regenerate\": true to replace a draft")
                }
                guard existing.status == .draft else {
                    throw APIError.postmortemConflict("only a draft is regenerated; this postmortem is \(existing.status.words)")
                }
                postmortem = Postmortem(
                    incident: incident.id, authors: authors.isEmpty ? existing.authors : authors, text: text,
                    createdAt: existing.createdAt, updatedAt: now)
            } else {
                postmortem = Postmortem(incident: incident.id, authors: authors, text: text, createdAt: now, updatedAt: now)
            }
        }
        guard let stored else { throw APIError.notFound("no incident \(incident.reference)") }
        return try await respondWithPostmortem(stored, incident, request, runtime, status: .created)
    }

    /// `PUT /api/v1/incidents/{id}/postmortem` `{"text": "…", "authors": […]}`: the
    /// edited Markdown. A final postmortem goes back to draft before it changes.
    static func editPostmortem(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        // A postmortem is a document, not a note: 200,000 characters (in at most 4 MiB,
        // enough for every character written as a \u escape pair).
        let edit = try await RequestBody(
            request, as: API.PostmortemEdit.self, code: "invalid_postmortem", limit: 4 * 1024 * 1024,
            decoder: StrictJSONDecoder(maximumStringLength: API.PostmortemEdit.maximumTextLength)
        ).document
        let text = edit.text
        let authors = edit.authors
        // Only the text is a document; an author's name keeps every string's bound.
        let longest = StrictJSONDecoder.defaultMaximumStringLength
        if let index = authors?.firstIndex(where: { $0.unicodeScalars.count > longest }) {
            throw APIError.invalid("postmortem", "expected at most \(longest) characters", field: "authors[\(index)]")
        }
        let now = runtime.clock.now
        let stored = try await runtime.incidentStore.modifyPostmortem(incident: incident.id) { postmortem in
            guard var current = postmortem else { throw APIError.notDrafted(incident) }
            guard current.status != .final else { throw APIError.postmortemConflict("a final postmortem does not change; move it back to draft first") }
            current.text = text
            if let authors { current.authors = authors }
            current.updatedAt = now
            postmortem = current
        }
        return try await respondWithPostmortem(stored!, incident, request, runtime)
    }

    /// `POST /api/v1/incidents/{id}/postmortem/status` `{"status": "in-review"}`.
    static func postmortemStatus(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let body = try await RequestBody(request, as: API.StatusChange.self, code: "invalid_status")
        let text = body.document.status
        guard let next = Postmortem.Status(rawValue: text) else {
            let known = Postmortem.Status.allCases.map(\.rawValue)
            throw body.fail(Suggestion.unknown("status", text, expected: known), field: "status")
        }
        let now = runtime.clock.now
        let stored = try await runtime.incidentStore.modifyPostmortem(incident: incident.id) { postmortem in
            guard var current = postmortem else { throw APIError.notDrafted(incident) }
            if current.status == next { return }
            guard current.status.allowedNext.contains(next) else {
                throw APIError.postmortemConflict(
                    "a postmortem goes from \(current.status.words) to \(current.status.allowedNext.map(\.words).joined(separator: " or ")), not \(next.words)",
                    allowed: current.status.allowedNext.map(\.rawValue))
            }
            current.status = next
            current.updatedAt = now
            postmortem = current
        }
        return try await respondWithPostmortem(stored!, incident, request, runtime)
    }

    /// `POST /api/v1/incidents/{id}/action-items`.
    static func addActionItem(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let body = try await RequestBody(request, as: API.ActionItemRequest.self, code: "invalid_action_item")
        let given = body.document
        if given.status != nil { throw body.fail("a new action item is open; PATCH /api/v1/action-items/{id} changes its status", field: "status") }
        let item = ActionItem(
            incident: incident.id, title: try body.required(given.title, "title"),
            kind: try ActionItemRoutes.itemKind(try body.required(given.type, "type"), body),
            owner: given.owner, due: try ActionItemRoutes.day(given.due, "due", body), link: given.link, createdAt: runtime.clock.now)
        let stored = try await runtime.incidentStore.addActionItem(item)
        return try JSONResponse.make(API.ActionItemDocument(stored, due: stored.due.map(Formatting.day), now: runtime.clock.now), status: .created)
    }
}

extension APIError {
    /// 409 for a postmortem change that is not allowed now (thrown inside the store's
    /// transaction, which rolls back and passes it on).
    /// Editing or moving a postmortem not drafted yet: the incident is there, its
    /// postmortem is in no state to change (409), which a draft (POST) fixes. Reading it
    /// stays a 404: there is nothing to read.
    static func notDrafted(_ incident: Incident) -> APIError {
        postmortemConflict("\(incident.reference) has no postmortem yet; POST /api/v1/incidents/\(incident.reference)/postmortem drafts one")
    }

    static func postmortemConflict(_ message: String, allowed: [String]? = nil) -> APIError {
        var error = APIError(status: .conflict, code: "postmortem_conflict", message: message)
        error.allowed = allowed
        return error
    }
}
