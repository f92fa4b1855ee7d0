import Hummingbird
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `GET /api/v1/alerts` (current) and `GET /api/v1/alerts/history` (transitions).
enum AlertRoutes {
    struct Alert: Encodable {
        let slo: String
        let tier: String
        let state: String
        let since: String
        let activeSince: String?
    }

    struct Current: Encodable {
        let alerts: [Alert]
    }

    static func current(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let alerts = await runtime.hotState.activeAlerts().map {
            Alert(
                slo: $0.key.slo, tier: $0.key.tier, state: $0.status.state.rawValue,
                since: Formatting.timestamp($0.status.since), activeSince: $0.status.activeSince.map(Formatting.timestamp))
        }
        return try JSONResponse.make(Current(alerts: alerts))
    }

    struct History: Encodable {
        let transitions: [Transition]
        let nextCursor: String?
    }

    struct Transition: Encodable {
        let id: Int64
        let slo: String
        let tier: String
        let state: String
        let at: String
    }

    /// Transitions newest first; `?slo=` filters, `?cursor=` is the last id seen.
    static func history(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch(
            { try await runtime.store.transitions(slo: request.uri.queryParameters.get("slo"), before: cursor, limit: $0) },
            cursor: { $0.id.map(String.init) })
        let shown = rows.map {
            Transition(id: $0.id ?? 0, slo: $0.key.slo, tier: $0.key.tier, state: $0.state.rawValue, at: Formatting.timestamp($0.at))
        }
        return try JSONResponse.make(History(transitions: shown, nextCursor: next))
    }
}
