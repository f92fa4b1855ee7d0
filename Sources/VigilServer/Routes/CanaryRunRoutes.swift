import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// `/api/v1/canary-runs`: canary analyses over time (docs/safe-change.md §4.4).
enum CanaryRunRoutes {
    /// The most intervals one run may have, so a run's document stays small.
    static let mostIntervals = 288

    /// `POST /api/v1/canary-runs`: starts a run; intervals already over are judged at once.
    static func create(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.CanaryRunRequest.self, code: "invalid_canary_run")
        let given = body.document
        let configuration = await runtime.hotState.configuration
        let service = try await GateRoutes.knownService(given.service, runtime) { body.fail($0, field: "service") }
        guard let policy = configuration.releasePolicy(of: service) else {
            throw body.fail("no release policy covers service '\(service)'; a canary is judged by its policy's canary settings", field: "service")
        }
        guard let baseline = try GateRoutes.versionValue(given.baselineVersion, fail: { body.fail($0, field: "baseline_version") }),
            let canary = try GateRoutes.versionValue(given.canaryVersion, fail: { body.fail($0, field: "canary_version") })
        else { throw body.fail("required", field: "baseline_version") }
        guard baseline != canary else { throw body.fail("the canary must be another version than the baseline", field: "canary_version") }
        let duration = try body.required(try body.duration(given.duration, "duration"), "duration")
        let interval = try body.required(try body.duration(given.interval, "interval"), "interval")
        guard interval.wholeMinutes >= 1, interval == .seconds(interval.wholeMinutes * 60) else {
            throw body.fail("must be whole minutes: data is counted per minute", field: "interval")
        }
        let count = duration.wholeMinutes / interval.wholeMinutes
        guard duration == .seconds(interval.wholeMinutes * 60 * count), count >= 1 else {
            throw body.fail("must be a whole number of intervals (\(interval.compactDescription) each)", field: "duration")
        }
        guard count <= mostIntervals else { throw body.fail("at most \(mostIntervals) intervals; make them longer", field: "interval") }
        let now = runtime.clock.now
        let start = try body.time(given.start, "start") ?? now
        guard start.timeIntervalSince(now) <= 86_400 else {
            throw body.fail("must be at most a day ahead", field: "start")
        }
        let run = CanaryRun(
            service: service, policy: policy.name, splitBy: policy.canary.splitBy, baselineVersion: baseline, canaryVersion: canary,
            start: Date(timeIntervalSince1970: Double(start.epochMinute * 60)), interval: interval, intervalCount: Int(count), settings: policy.canary,
            requestedBy: await runtime.authenticator.requester(of: request), createdAt: now)
        return try JSONResponse.make(try await runtime.startCanaryRun(run), status: .created)
    }

    /// `GET /api/v1/canary-runs?service=&status=`, newest first.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let query = request.uri.queryParameters
        var status: CanaryRun.Status?
        if let text = query.get("status") {
            guard let known = CanaryRun.Status(rawValue: text) else {
                throw APIError.badRequest(Suggestion.unknown("status", text, expected: CanaryRun.Status.allCases.map(\.rawValue)), field: "status")
            }
            status = known
        }
        let (rows, next) = try await page.fetch(
            { try await runtime.releases.canaryRuns(service: query.get("service"), status: status, before: cursor, limit: $0) },
            cursor: { $0.id.map(String.init) })
        return try JSONResponse.make(API.CanaryRunList(canaryRuns: rows, nextCursor: next))
    }

    /// `GET /api/v1/canary-runs/{id}`.
    static func show(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let text = context.parameters.decoded("id")
        guard let id = Int64(text), id > 0, let run = try await runtime.releases.canaryRun(id: id) else {
            throw APIError.notFound("no canary run '\(text)'")
        }
        return try JSONResponse.make(run)
    }
}
