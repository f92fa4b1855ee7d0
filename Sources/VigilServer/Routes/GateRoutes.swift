import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// `/api/v1/gate…`: the release gate, its decisions and overrides (docs/safe-change.md §3).
enum GateRoutes {
    /// `POST /api/v1/gate {service, version?}`: decides, records and answers.
    static func decide(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.GateRequest.self, code: "invalid_gate_request")
        let service = try await knownService(body.document.service, runtime) { body.fail($0, field: "service") }
        let version = try versionValue(body.document.version) { body.fail($0, field: "version") }
        let record = try await runtime.decideGate(service: service, version: version, requestedBy: await runtime.authenticator.requester(of: request))
        return try JSONResponse.make(API.GateAnswer(decision: record))
    }

    /// `GET /api/v1/gate/argo?service=S&version=V`: the same decision, shaped for Argo
    /// Rollouts' `web` metric provider (`jsonPath: "{$.pass}"`).
    static func argo(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let query = request.uri.queryParameters
        guard let given = query.get("service") else { throw APIError.badRequest("give ?service=", field: "service") }
        // A well-formed ask about a service that does not exist is 422, as in a body.
        let service = try await knownService(given, runtime) { APIError.invalid("gate_request", $0, field: "service") }
        let version = try versionValue(query.get("version")) { APIError.invalid("gate_request", $0, field: "version") }
        let record = try await runtime.decideGate(service: service, version: version, requestedBy: await runtime.authenticator.requester(of: request))
        return try JSONResponse.make(API.ArgoGateAnswer(record))
    }

    /// `POST /api/v1/gate/flagger`: the same decision for Flagger's webhooks, which halt
    /// the rollout on any answer but 2xx: 200 for pass or warn, 403 for fail or no
    /// decision (fail closed), the decision in the body either way.
    static func flagger(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        // Flagger's payload may grow fields; the ones read are checked.
        let body = try await RequestBody(
            request, as: API.FlaggerWebhook.self, code: "invalid_flagger_webhook",
            decoder: StrictJSONDecoder(allowsEmptyStrings: true, refusesUnknownKeys: false))
        let given = body.document
        let service = try await knownService(given.metadata?["service"] ?? given.name, runtime) {
            body.fail($0 + "; name the Vigil service in the webhook's metadata (service: …)", field: "metadata.service")
        }
        let version = try versionValue(given.metadata?["version"]) { body.fail($0, field: "metadata.version") }
        let requester = await runtime.authenticator.requester(of: request)
        let record = try await runtime.decideGate(
            service: service, version: version, requestedBy: requester == "anonymous" ? "flagger \(given.namespace)/\(given.name)" : requester)
        let opens = record.result == .pass || record.result == .warn
        return try JSONResponse.make(API.GateAnswer(decision: record), status: opens ? .ok : .forbidden)
    }

    /// `GET /api/v1/gate/decisions?service=`, newest first.
    static func decisions(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch(
            { try await runtime.releases.gateDecisions(service: request.uri.queryParameters.get("service"), before: cursor, limit: $0) },
            cursor: { $0.id.map(String.init) })
        return try JSONResponse.make(API.GateDecisionList(decisions: rows, nextCursor: next))
    }

    /// `POST /api/v1/gate/overrides {service, version?, reason, expires | duration}`.
    static func override(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.GateOverrideRequest.self, code: "invalid_override")
        let given = body.document
        let service = try await knownService(given.service, runtime) { body.fail($0, field: "service") }
        let version = try versionValue(given.version) { body.fail($0, field: "version") }
        guard !given.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw body.fail("say why the gate is opened", field: "reason")
        }
        let now = runtime.clock.now
        let expires: Date
        switch (try body.time(given.expires, "expires"), try body.duration(given.duration, "duration")) {
        case (let time?, nil): expires = time
        case (nil, let duration?): expires = now.addingTimeInterval(duration.inSeconds)
        case (_?, _?): throw body.fail("give expires or duration, not both", field: "expires")
        case (nil, nil): throw body.fail("give when it ends: expires (RFC 3339) or duration (2h)", field: "expires")
        }
        guard expires > now else { throw body.fail("must be in the future", field: given.expires == nil ? "duration" : "expires") }
        guard expires.timeIntervalSince(now) <= GateOverride.longest.inSeconds else {
            throw body.fail("an override lasts at most 7 days, so none is forgotten open", field: given.expires == nil ? "duration" : "expires")
        }
        let stored = try await runtime.releases.addGateOverride(
            GateOverride(
                service: service, version: version, reason: given.reason, createdBy: await runtime.authenticator.requester(of: request), createdAt: now,
                expires: expires))
        return try JSONResponse.make(stored, status: .created)
    }

    /// `GET /api/v1/gate/overrides?service=`, newest first.
    static func overrides(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch(
            { try await runtime.releases.gateOverrides(service: request.uri.queryParameters.get("service"), before: cursor, limit: $0) },
            cursor: { $0.id.map(String.init) })
        return try JSONResponse.make(API.GateOverrideList(overrides: rows, nextCursor: next))
    }

    // MARK: Helpers

    static func knownService(_ service: String, _ runtime: VigilRuntime, fail: (String) -> APIError) async throws -> String {
        let services = await runtime.hotState.configuration.services.map(\.name)
        guard services.contains(service) else { throw fail("unknown service '\(service)'\(Suggestion.hint(for: service, among: services))") }
        return service
    }

    /// A version label value: what events carry, so at most ``VersionSeries/longestValue`` bytes.
    static func versionValue(_ version: String?, fail: (String) -> APIError) throws -> String? {
        guard let version else { return nil }
        guard !version.isEmpty, version.utf8.count <= VersionSeries.longestValue else {
            throw fail("a version is 1 to \(VersionSeries.longestValue) bytes")
        }
        return version
    }
}
