import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/action-items`: the action items of every postmortem (added under
/// `/api/v1/incidents/{id}/action-items`).
enum ActionItemRoutes {
    static func itemKind(_ text: String, _ body: RequestBody<API.ActionItemRequest>) throws(APIError) -> ActionItem.Kind {
        guard let kind = ActionItem.Kind(rawValue: text) else {
            let known = ActionItem.Kind.allCases.map(\.rawValue)
            throw body.fail(Suggestion.unknown("type", text, expected: known), field: "type")
        }
        return kind
    }

    /// `2026-12-01` (or an RFC 3339 time, whose UTC day counts).
    static func day(_ text: String?, _ key: String, _ body: RequestBody<API.ActionItemRequest>) throws(APIError) -> Date? {
        guard let text else { return nil }
        guard let date = RFC3339.parseRecordable(text.count == 10 ? text + "T00:00:00Z" : text) else {
            throw body.fail("expected a day such as 2026-12-01, \(RFC3339.recordableDescription)", field: key)
        }
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// `GET /api/v1/action-items?overdue=true&incident=INC-4`.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let query = request.uri.queryParameters
        var incident: Int64?
        if let text = query.get("incident") {
            guard let id = Incident.id(parsing: text) else { throw APIError.badRequest("expected an incident such as INC-4", field: "incident") }
            incident = id
        }
        let overdueOnly = try booleanParameter(request, "overdue") ?? false
        let now = runtime.clock.now
        let items = try await runtime.incidentStore.actionItems(incident: incident).filter { !overdueOnly || $0.isOverdue(at: now) }
        return try JSONResponse.make(API.ActionItemList(actionItems: items.map { API.ActionItemDocument($0, due: $0.due.map(Formatting.day), now: now) }))
    }

    /// `PATCH /api/v1/action-items/{id}`.
    static func update(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        guard let id = Int64(context.parameters.decoded("id")) else { throw APIError.notFound("no action item with that id") }
        let body = try await RequestBody(request, as: API.ActionItemRequest.self, code: "invalid_action_item")
        let given = body.document
        let status = try given.status.map { text throws(APIError) in
            guard let parsed = ActionItem.Status(rawValue: text) else {
                throw body.fail("unknown status '\(text)'; expected open, done or dropped", field: "status")
            }
            return parsed
        }
        let title = given.title
        let kind = try given.type.map { text throws(APIError) in try itemKind(text, body) }
        let owner = given.owner
        let due = try day(given.due, "due", body)
        let link = given.link
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
