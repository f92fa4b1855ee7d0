import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// `/api/v1/incidents`: open, list, read and change incidents, their notes and public
/// updates (docs/incidents.md).
enum IncidentRoutes {
    /// The incident's document, with its budget impact, suspect changes, postmortem
    /// state, timeline and public updates as of `now`.
    static func detail(of incident: Incident, _ runtime: VigilRuntime, at now: Date) async throws -> API.IncidentDetail {
        let desk = runtime.incidents
        let impacts = await desk.budgetImpacts(incident, at: now)
        let reasons = await desk.postmortemReasons(incident, at: now)
        let related = try await desk.relatedChanges(incident, at: now)
        let postmortem = try await runtime.incidentStore.postmortem(incident: incident.id)
        return API.IncidentDetail(
            incident,
            budgetImpact: impacts.map {
                API.BudgetImpact(slo: $0.slo, objective: $0.objective, window: $0.window, validEvents: $0.valid, badEvents: $0.bad, budgetSpent: $0.budgetSpent)
            },
            suspectChanges: related.filter(\.suspect).map { change, _ in
                API.SuspectChange(
                    id: change.id, service: change.service, version: change.version, time: change.time, author: change.author,
                    description: change.description, incidentStart: incident.times.start)
            },
            postmortem: API.PostmortemState(reasons: reasons, status: postmortem?.status.rawValue),
            timeline: try await desk.timeline(incident, at: now).map(API.TimelineLine.init),
            updates: try await runtime.incidentStore.updates(incident: incident.id).map(API.PublicUpdate.init))
    }

    // MARK: Handlers

    /// `POST /api/v1/incidents`.
    static func create(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.IncidentOpening.self, code: "invalid_incident")
        let given = body.document
        var opening = IncidentDesk.Opening(title: given.title, severity: given.severity)
        opening.summary = given.summary
        opening.start = try body.time(given.start, "start")
        opening.detected = try body.time(given.detected, "detected")
        opening.roles = given.roles ?? [:]
        opening.services = given.services ?? []
        opening.slos = given.slos ?? []
        opening.runbooks = given.runbooks ?? []
        opening.chat = given.chat
        opening.dataLoss = given.dataLoss ?? false
        let now = runtime.clock.now
        if let start = opening.start, start > now.addingTimeInterval(300) { throw body.fail("is in the future", field: "start") }
        let incident = try await runtime.incidents.open(opening, by: given.author ?? "api", at: now)
        var response = try JSONResponse.make(try await detail(of: incident, runtime, at: now), status: .created)
        response.headers[.location] = "/api/v1/incidents/\(incident.reference)"
        return response
    }

    /// `GET /api/v1/incidents?open=true&service=shop&since=30d`.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let parameters = request.uri.queryParameters
        var query = IncidentQuery()
        if let cursor = page.cursor {
            guard let id = Incident.id(parsing: cursor) else { throw APIError.badRequest("cursor must be an id from next_cursor", field: "cursor") }
            query.before = id
        }
        if let open = try booleanParameter(request, "open") { query.openOnly = open }
        query.service = parameters.get("service")
        if parameters.get("since") != nil {
            query.startedSince = try sinceParameter(request, default: .seconds(30 * 86_400), until: runtime.clock.now)
        }
        let (shown, next) = try await page.fetch(
            { [query] limit in
                var query = query
                query.limit = limit
                return try await runtime.incidentStore.incidents(query)
            }, cursor: \.reference)
        return try JSONResponse.make(API.IncidentList(incidents: shown.map(API.IncidentSummary.init), nextCursor: next))
    }

    /// `GET /api/v1/incidents/{id}`.
    static func show(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await find(context, runtime)
        return try JSONResponse.make(try await detail(of: incident, runtime, at: runtime.clock.now))
    }

    /// `POST /api/v1/incidents/{id}/status` `{"status": "mitigated", "note": "…"}`: 409
    /// with the allowed moves when the move is not allowed.
    static func status(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = try identifier(context)
        let body = try await RequestBody(request, as: API.IncidentStatusChange.self, code: "invalid_status")
        let text = body.document.status
        guard let next = IncidentStatus(rawValue: text) else {
            let known = IncidentStatus.allCases.map(\.rawValue)
            throw body.fail(Suggestion.unknown("status", text, expected: known), field: "status")
        }
        var changes: [IncidentChange] = [.status(next)]
        if let note = body.document.note { changes.append(.note(note)) }
        return try await apply(changes, to: id, by: body.document.author ?? "api", runtime)
    }

    /// `PATCH /api/v1/incidents/{id}`: severity, roles, the five times, data loss, links.
    static func update(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = try identifier(context)
        let body = try await RequestBody(request, as: API.IncidentPatch.self, code: "invalid_incident")
        let patch = body.document
        var changes: [IncidentChange] = []
        if let severity = patch.severity { changes.append(.severity(severity)) }
        for (role, person) in (patch.roles ?? [:]).sorted(by: { $0.key < $1.key }) { changes.append(.role(role, person: person)) }
        for field in IncidentTimeField.allCases {
            if let time = try body.time(patch.time(field), field.rawValue) { changes.append(.time(field, time)) }
        }
        if let dataLoss = patch.dataLoss { changes.append(.dataLoss(dataLoss)) }
        guard !changes.isEmpty else { throw body.fail("nothing to change", field: "severity") }
        return try await apply(changes, to: id, by: patch.author ?? "api", runtime)
    }

    /// `POST /api/v1/incidents/{id}/notes` `{"text": "…", "author": "…"}`.
    static func note(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = try identifier(context)
        let note = try await RequestBody(request, as: API.IncidentNote.self, code: "invalid_note").document
        return try await apply([.note(note.text)], to: id, by: note.author ?? "api", runtime, status: .created)
    }

    /// `POST /api/v1/incidents/{id}/updates`: a customer-facing update; its status
    /// defaults to the incident's.
    static func publicUpdate(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let incident = try await find(context, runtime)
        let body = try await RequestBody(request, as: API.PublicUpdateRequest.self, code: "invalid_update")
        var status = incident.status
        if let text = body.document.status {
            guard let parsed = IncidentStatus(rawValue: text) else { throw body.fail("unknown status '\(text)'", field: "status") }
            status = parsed
        }
        _ = try await runtime.incidentStore.addUpdate(
            IncidentUpdate(
                incident: incident.id, at: runtime.clock.now, status: status, text: body.document.text, author: body.document.author ?? "api"))
        return try JSONResponse.make(try await detail(of: incident, runtime, at: runtime.clock.now), status: .created)
    }

    // MARK: Helpers

    static func identifier(_ context: VigilRequestContext) throws(APIError) -> Int64 {
        let text = context.parameters.decoded("id")
        guard let id = Incident.id(parsing: text) else { throw APIError.notFound("no incident '\(text)'; incidents are named INC-<number>") }
        return id
    }

    static func find(_ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Incident {
        let id = try identifier(context)
        guard let incident = try await runtime.incidentStore.incident(id: id) else { throw APIError.notFound("no incident INC-\(id)") }
        return incident
    }

    /// Applies changes in order (each in its own transaction); a refused one answers 409
    /// (status) or 422 (a value) and leaves the later ones unapplied.
    static func apply(
        _ changes: [IncidentChange], to id: Int64, by author: String, _ runtime: VigilRuntime,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = runtime.clock.now
        var incident: Incident?
        for change in changes {
            do {
                incident = try await runtime.incidents.change(id, change, by: author, at: now)
            } catch let error as IncidentChangeError {
                throw refusal(error)
            }
            guard incident != nil else { throw APIError.notFound("no incident INC-\(id)") }
        }
        return try JSONResponse.make(try await detail(of: incident!, runtime, at: now), status: status)
    }

    static func refusal(_ error: IncidentChangeError) -> APIError {
        switch error {
        case .transition(let transition):
            var refusal = APIError(
                status: .conflict, code: transition.needsPostmortem ? "postmortem_required" : "invalid_transition", message: transition.description)
            refusal.allowed = transition.allowed.map(\.rawValue)
            return refusal
        case .closed:
            var refusal = APIError(status: .conflict, code: "incident_closed", message: error.description)
            refusal.allowed = []
            return refusal
        case .unknownSeverity: return .invalid("incident", error.description, field: "severity")
        case .unknownRole: return .invalid("incident", error.description, field: "roles")
        case .timeOrder: return .invalid("incident", error.description, field: "times")
        }
    }
}
