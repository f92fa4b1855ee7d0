import Foundation
import Hummingbird
import Logging
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/silences`: silences mute the alerts every matcher matches (docs/alerting.md).
enum SilenceRoutes {
    /// `{"matchers": ["slo=checkout"], "duration": "2h" | "ends_at": …, "starts_at"?, "created_by", "comment"}`.
    static func create(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.SilenceRequest.self, code: "invalid_silence")
        let given = body.document
        let texts = given.matchers
        guard !texts.isEmpty else {
            throw body.fail("give at least one matcher such as \"slo=checkout\": a silence without one would mute everything", field: "matchers")
        }
        var matchers: [LabelMatcher] = []
        for (index, text) in texts.enumerated() {
            do { matchers.append(try LabelMatcher(parsing: text)) } catch {
                throw body.fail("\(error.message) (at character \(error.offset + 1) of '\(text)')", field: "matchers[\(index)]")
            }
        }
        let now = runtime.clock.now
        let start = try body.time(given.startsAt, "starts_at") ?? now
        let end: Date
        switch (try body.time(given.endsAt, "ends_at"), try body.duration(given.duration, "duration")) {
        case (let given?, nil): end = given
        case (nil, let duration?): end = start.addingTimeInterval(duration.inSeconds)
        case (nil, nil): throw body.fail("give ends_at or duration", field: "ends_at")
        case (_?, _?): throw body.fail("give ends_at or duration, not both", field: "duration")
        }
        guard end > start, end > now else { throw body.fail("the silence must end after it starts and after now", field: "ends_at") }
        var id = UUID().uuidString.lowercased()
        if let given = given.id {
            guard given.count <= 64, given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw body.fail("an id has up to 64 letters, digits, '-' and '_'", field: "id")
            }
            if try await runtime.notificationStore.silences(activeAt: now, includeExpired: true).contains(where: { $0.id == given }) {
                throw APIError(
                    status: .conflict, code: "silence_exists", message: "a silence with id '\(given)' exists; end it or choose another id", field: "id")
            }
            id = given
        }
        let silence = Silence(
            id: id, matchers: matchers, startsAt: start, endsAt: end,
            createdBy: given.createdBy, comment: given.comment)
        try await runtime.notifier.addSilence(silence, at: now)
        runtime.logger.notice("silence added", metadata: ["id": "\(silence.id)", "by": "\(silence.createdBy)", "matchers": "\(texts)"])
        return try JSONResponse.make(API.SilenceDocument(silence, now: now), status: .created)
    }

    /// Active and pending silences; `?expired=true` adds the ended ones.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let includeExpired = try booleanParameter(request, "expired") ?? false
        let all = try await runtime.notificationStore.silences(activeAt: now, includeExpired: includeExpired)
        return try JSONResponse.make(API.SilenceList(silences: all.map { API.SilenceDocument($0, now: now) }))
    }

    /// Ends a silence now.
    static func expire(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = context.parameters.decoded("id")
        guard try await runtime.notifier.expireSilence(id: id, at: runtime.clock.now) else { throw APIError.notFound("no silence with id '\(id)'") }
        return Response(status: .noContent)
    }
}
