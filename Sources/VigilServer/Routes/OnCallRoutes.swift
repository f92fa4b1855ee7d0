import Foundation
import Hummingbird
import Logging
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/oncall`: who is on call, final shifts, and overrides (docs/oncall.md).
enum OnCallRoutes {
    /// `?at=` (RFC 3339, default now) and `?schedule=`: who is on now and next, with the
    /// gaps and hours of the next 14 days.
    static func now(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let at = try timeParameter(request, "at") ?? runtime.clock.now
        let schedules = try await chosenSchedules(request, runtime)
        let overrides = await runtime.notifier.storedOverrides
        let documents = schedules.map { API.ScheduleNowDocument(ScheduleOutlook($0, at: at, overrides: overrides), timeZone: $0.timeZone) }
        return try JSONResponse.make(API.OnCallNow(at: at, schedules: documents))
    }

    /// `?from=&to=` (default: the next 14 days, at most 400), `?schedule=`, `?format=csv`:
    /// the final shifts, one row per person per stretch — what on-call pay is worked out from.
    static func shifts(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let from = try timeParameter(request, "from") ?? now
        let to = try timeParameter(request, "to") ?? from.addingTimeInterval(ScheduleOutlook.defaultHorizon)
        guard from < to else { throw APIError.invalid("range", "'to' must be after 'from'", field: "to") }
        guard to.timeIntervalSince(from) <= 400 * 86_400 else { throw APIError.invalid("range", "ask for at most 400 days at once", field: "to") }
        let format = try choiceParameter(request, "format", ["json", "csv"]) ?? "json"
        let overrides = await runtime.notifier.storedOverrides
        let shifts = try await chosenSchedules(request, runtime).flatMap { $0.shifts(from: from, to: to, overrides: overrides) }
            .sorted { ($0.start, $0.schedule, $0.person) < ($1.start, $1.schedule, $1.person) }
        if format == "csv" {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: ShiftTable.csv(shifts))))
        }
        return try JSONResponse.make(API.ShiftList(from: from, to: to, shifts: shifts.map(API.ShiftDocument.init)))
    }

    /// `?policy=&at=`: what a page at `at` (default now) would do if nobody acknowledged.
    static func simulate(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let names = configuration.escalationPolicies.map(\.name)
        guard let name = request.uri.queryParameters.get("policy") else {
            throw APIError.invalid("policy", "give ?policy= (one of \(names.joined(separator: ", ")))", field: "policy")
        }
        guard let policy = configuration.escalationPolicy(named: name) else {
            throw APIError.invalid("policy", Suggestion.unknown("escalation policy", name, expected: names), field: "policy")
        }
        let at = try timeParameter(request, "at") ?? runtime.clock.now
        let simulation = EscalationSimulation(
            configuration: configuration, policy: policy, at: at, overrides: await runtime.notifier.storedOverrides)
        return try JSONResponse.make(API.SimulationDocument(simulation))
    }

    /// Every override (configured and stored), optionally of one `?schedule=`, by start.
    static func overrides(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let schedules = try await chosenSchedules(request, runtime)
        let names = Set(schedules.map(\.name))
        let stored = await runtime.notifier.storedOverrides.filter { names.contains($0.schedule) }
        let all = (schedules.flatMap(\.overrides) + stored).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        return try JSONResponse.make(API.OverrideList(overrides: all.map(API.OverrideDocument.init)))
    }

    /// `{"schedule", "replace": P, "with": Q | "add": P | "remove": P | "with": Q, "start", "end", "created_by", "reason"}`.
    static func addOverride(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.OverrideRequest.self, code: "invalid_override")
        let given = body.document
        let configuration = await runtime.hotState.configuration
        guard let schedule = configuration.schedule(named: given.schedule) else {
            throw APIError.invalid(
                "override", Suggestion.unknown("schedule", given.schedule, expected: configuration.schedules.map(\.name)), field: "schedule")
        }
        let people = Set(configuration.people.map(\.name))
        for (field, name) in [("add", given.add), ("remove", given.remove), ("replace", given.replace), ("with", given.with)] {
            guard let name, !people.contains(name) else { continue }
            throw APIError.invalid("override", "unknown person '\(name)'\(Suggestion.hint(for: name, among: people))", field: field)
        }
        let change: ScheduleOverride.Change
        switch (given.add, given.remove, given.replace, given.with) {
        case (let person?, nil, nil, nil): change = .add(person)
        case (nil, let person?, nil, nil): change = .remove(person)
        case (nil, nil, let person, let with?): change = .replace(person: person, with: with)
        default: throw body.fail("give one of add, remove, replace with with, or with alone (replaces everyone)", field: "with")
        }
        func instant(_ text: String, _ field: String) throws -> Date {
            if let date = RFC3339.parse(text) { return date }
            if let local = LocalDateTime(parsing: text) { return local.instant(in: schedule.timeZone) }
            throw APIError.invalid(
                "override", "expected RFC 3339 or a wall-clock time such as 2026-12-24T00:00 (in \(schedule.timeZone.identifier))", field: field)
        }
        let start = try instant(given.start, "start")
        let end = try instant(given.end, "end")
        guard start < end else { throw APIError.invalid("override", "the override must end after it starts", field: "end") }
        guard end > runtime.clock.now else { throw APIError.invalid("override", "the override ends in the past", field: "end") }
        guard !given.createdBy.trimmingCharacters(in: .whitespaces).isEmpty else { throw body.fail("say who makes the override", field: "created_by") }
        let made = try await runtime.notifier.addOverride(
            ScheduleOverride(id: "", schedule: schedule.name, change: change, start: start, end: end, createdBy: given.createdBy, reason: given.reason))
        runtime.logger.notice("schedule override added", metadata: ["id": "\(made.id)", "schedule": "\(made.schedule)", "change": "\(made.summary)"])
        return try JSONResponse.make(API.OverrideDocument(made), status: .created)
    }

    /// Cancels an override made through the API (`?by=` says who).
    static func cancelOverride(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = context.parameters.decoded("id")
        if id.hasPrefix("cfg-") {
            throw APIError(status: .conflict, code: "configured_override", message: "override '\(id)' is in the configuration; remove it there")
        }
        let by = request.uri.queryParameters.get("by") ?? "api"
        guard let cancelled = try await runtime.notifier.cancelOverride(id: id, by: by, at: runtime.clock.now) else {
            throw APIError.notFound("no override '\(id)' (GET /api/v1/oncall/overrides lists them)")
        }
        return try JSONResponse.make(API.OverrideDocument(cancelled))
    }

    /// The schedules `?schedule=` names (422 for an unknown one), or all.
    static func chosenSchedules(_ request: Request, _ runtime: VigilRuntime) async throws -> [Schedule] {
        let configuration = await runtime.hotState.configuration
        guard let name = request.uri.queryParameters.get("schedule") else { return configuration.schedules }
        guard let schedule = configuration.schedule(named: name) else {
            throw APIError.invalid("schedule", Suggestion.unknown("schedule", name, expected: configuration.schedules.map(\.name)), field: "schedule")
        }
        return [schedule]
    }

    /// An RFC 3339 query parameter: `nil` when absent, 422 when unreadable.
    static func timeParameter(_ request: Request, _ key: String) throws(APIError) -> Date? {
        guard let text = request.uri.queryParameters.get(key) else { return nil }
        guard let date = RFC3339.parse(text) else { throw .invalid("time", "expected an RFC 3339 time such as 2026-12-24T09:00:00Z", field: key) }
        return date
    }
}

/// `/api/v1/escalations`: pages running through escalation policies.
enum EscalationRoutes {
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let documents = try await runtime.escalations().map { document($0, configuration) }
        return try JSONResponse.make(API.EscalationList(escalations: documents))
    }

    /// `{"by": "Dana Reyes", "comment"?}`: stops the escalation; nobody else is paged.
    static func acknowledge(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await act(request, context, runtime, resolving: false)
    }

    /// `{"by": "Dana Reyes"}`: ends the escalation and tells everyone it paged.
    static func resolve(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await act(request, context, runtime, resolving: true)
    }

    static func act(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, resolving: Bool) async throws -> Response {
        let id = context.parameters.decoded("id")
        let given = try await RequestBody(request, as: API.AcknowledgementRequest.self, code: "invalid_acknowledgement").document
        let now = runtime.clock.now
        guard let known = try await runtime.notifier.committedEscalation(id: id) else {
            throw APIError.notFound("no escalation '\(id)' (GET /api/v1/escalations lists them)")
        }
        // Acknowledging what is already acknowledged (or resolved) changes nothing and is
        // no error: two people pressing at once both succeed.
        if try await runtime.notifier.act(on: id, by: given.by, resolving: resolving, at: now, comment: given.comment) != nil {
            runtime.logger.notice(resolving ? "escalation resolved" : "escalation acknowledged", metadata: ["escalation": "\(id)", "by": "\(given.by)"])
            // The leader stops the escalation at once; a follower's acknowledgement reaches
            // the leader through the store within seconds.
            if await runtime.leads() { try await runtime.notifierTick(at: now) }
        }
        let current = try await runtime.escalations().first { $0.id == id } ?? known
        return try JSONResponse.make(document(current, await runtime.hotState.configuration))
    }

    static func document(_ escalation: Escalation, _ configuration: VigilConfiguration) -> API.EscalationDocument {
        API.EscalationDocument(escalation, stepCount: configuration.escalationPolicy(named: escalation.policy)?.steps.count ?? 1)
    }
}
