import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// Postmortems (`/api/v1/incidents/{id}/postmortem`) and action items.
enum PostmortemRoutes {
    static func document(_ postmortem: Postmortem, _ incident: Incident, _ runtime: VigilRuntime) async -> API.PostmortemDocument {
        let reasons = await runtime.incidents.postmortemReasons(incident, at: runtime.clock.now)
        let findings = await runtime.incidents.blamelessFindings(postmortem.text)
        return API.PostmortemDocument(
            postmortem, incident: incident, reasons: reasons, blamelessWarnings: findings.map { API.BlamelessWarning(name: $0.name, line: $0.line) })
    }

    /// Markdown when asked for (`?format=markdown` or `Accept: text/markdown`), JSON otherwise.
    static func respond(
        _ postmortem: Postmortem, _ incident: Incident, _ request: Request, _ runtime: VigilRuntime,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let wantsMarkdown = request.uri.queryParameters.get("format") == "markdown" || (request.headers[.accept] ?? "").contains("text/markdown")
        if wantsMarkdown {
            return Response(
                status: status, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: postmortem.text)))
        }
        return try JSONResponse.make(await document(postmortem, incident, runtime), status: status)
    }

    /// `GET /api/v1/incidents/{id}/postmortem`.
    static func show(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        guard let postmortem = try await runtime.incidentStore.postmortem(incident: incident.id) else {
            throw APIError.notFound("\(incident.reference) has no postmortem yet; POST to this path drafts one")
        }
        return try await respond(postmortem, incident, request, runtime)
    }

    /// `POST /api/v1/incidents/{id}/postmortem` `{"authors": […]}`: drafts one from the
    /// incident. An existing draft is only replaced with `"regenerate": true`.
    static func draft(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let body = try await JSONBody(request, code: "invalid_postmortem", allowed: ["authors", "regenerate"], allowEmpty: true)
        let regenerate = try body.bool("regenerate") ?? false
        let now = runtime.clock.now
        let draft = try await runtime.incidents.draft(incident, authors: try body.texts("authors") ?? [], at: now)
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
        return try await respond(stored, incident, request, runtime, status: .created)
    }

    /// `PUT /api/v1/incidents/{id}/postmortem` `{"text": "…", "authors": […]}`: the
    /// edited Markdown. A final postmortem goes back to draft before it changes.
    static func edit(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let body = try await JSONBody(request, code: "invalid_postmortem", allowed: ["text", "authors"], limit: 1024 * 1024)
        let text = try body.requiredText("text")
        let authors = try body.texts("authors")
        let now = runtime.clock.now
        let stored = try await runtime.incidentStore.modifyPostmortem(incident: incident.id) { postmortem in
            guard var current = postmortem else { throw APIError.notFound("\(incident.reference) has no postmortem yet; POST to draft one") }
            guard current.status != .final else { throw APIError.postmortemConflict("a final postmortem does not change; move it back to draft first") }
            current.text = text
            if let authors { current.authors = authors }
            current.updatedAt = now
            postmortem = current
        }
        return try await respond(stored!, incident, request, runtime)
    }

    /// `POST /api/v1/incidents/{id}/postmortem/status` `{"status": "in-review"}`.
    static func status(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let body = try await JSONBody(request, code: "invalid_status", allowed: ["status"])
        let text = try body.requiredText("status")
        guard let next = Postmortem.Status(rawValue: text) else {
            let known = Postmortem.Status.allCases.map(\.rawValue)
            throw body.fail(Suggestion.unknown("status", text, expected: known), field: "status")
        }
        let now = runtime.clock.now
        let stored = try await runtime.incidentStore.modifyPostmortem(incident: incident.id) { postmortem in
            guard var current = postmortem else { throw APIError.notFound("\(incident.reference) has no postmortem yet; POST to draft one") }
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
        return try await respond(stored!, incident, request, runtime)
    }

    // MARK: Action items

    static func itemKind(_ body: JSONBody, required: Bool) throws(APIError) -> ActionItem.Kind? {
        guard let text = required ? try body.requiredText("type") : try body.text("type") else { return nil }
        guard let kind = ActionItem.Kind(rawValue: text) else {
            let known = ActionItem.Kind.allCases.map(\.rawValue)
            throw body.fail(Suggestion.unknown("type", text, expected: known), field: "type")
        }
        return kind
    }

    /// `2026-12-01` (or an RFC 3339 time, whose UTC day counts).
    static func day(_ body: JSONBody, _ key: String) throws(APIError) -> Date? {
        guard let text = try body.text(key) else { return nil }
        guard let date = RFC3339.parse(text.count == 10 ? text + "T00:00:00Z" : text) else { throw body.fail("expected a day such as 2026-12-01", field: key) }
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// `POST /api/v1/incidents/{id}/action-items`.
    static func addItem(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await IncidentRoutes.find(context, runtime)
        let body = try await JSONBody(request, code: "invalid_action_item", allowed: ["title", "type", "owner", "due", "link"])
        let item = ActionItem(
            incident: incident.id, title: try body.requiredText("title"), kind: try itemKind(body, required: true)!,
            owner: try body.text("owner"), due: try day(body, "due"), link: try body.text("link"), createdAt: runtime.clock.now)
        let stored = try await runtime.incidentStore.addActionItem(item)
        return try JSONResponse.make(API.ActionItemDocument(stored, due: stored.due.map(Formatting.day), now: runtime.clock.now), status: .created)
    }

    /// `GET /api/v1/action-items?overdue=true&incident=INC-4`.
    static func items(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let query = request.uri.queryParameters
        var incident: Int64?
        if let text = query.get("incident") {
            guard let id = Incident.id(parsing: text) else { throw APIError.badRequest("expected an incident such as INC-4", field: "incident") }
            incident = id
        }
        var overdueOnly = false
        if let text = query.get("overdue") {
            guard let flag = Bool(text) else { throw APIError.badRequest("expected true or false", field: "overdue") }
            overdueOnly = flag
        }
        let now = runtime.clock.now
        let items = try await runtime.incidentStore.actionItems(incident: incident).filter { !overdueOnly || $0.isOverdue(at: now) }
        return try JSONResponse.make(API.ActionItemList(actionItems: items.map { API.ActionItemDocument($0, due: $0.due.map(Formatting.day), now: now) }))
    }

    /// `PATCH /api/v1/action-items/{id}`.
    static func updateItem(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw APIError.notFound("no action item with that id") }
        let body = try await JSONBody(request, code: "invalid_action_item", allowed: ["title", "type", "owner", "due", "link", "status"])
        let status = try body.text("status").map { text throws(APIError) in
            guard let parsed = ActionItem.Status(rawValue: text) else {
                throw body.fail("unknown status '\(text)'; expected open, done or dropped", field: "status")
            }
            return parsed
        }
        let title = try body.text("title")
        let kind = try itemKind(body, required: false)
        let owner = try body.text("owner")
        let due = try day(body, "due")
        let link = try body.text("link")
        guard
            let stored = try await runtime.incidentStore.modifyActionItem(
                id: id,
                { item in
                    if let title { item.title = title }
                    if let kind { item.kind = kind }
                    if let owner { item.owner = owner }
                    if let due { item.due = due }
                    if let link { item.link = link }
                    if let status { item.status = status }
                })
        else { throw APIError.notFound("no action item \(id)") }
        return try JSONResponse.make(API.ActionItemDocument(stored, due: stored.due.map(Formatting.day), now: runtime.clock.now))
    }
}

extension APIError {
    /// 409 for a postmortem change that is not allowed now (thrown inside the store's
    /// transaction, which rolls back and passes it on).
    static func postmortemConflict(_ message: String, allowed: [String]? = nil) -> APIError {
        var error = APIError(status: .conflict, code: "postmortem_conflict", message: message)
        error.allowed = allowed
        return error
    }
}
