import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `GET /api/v1/alerts` (current) and `GET /api/v1/alerts/history` (transitions).
enum AlertRoutes {
    static func current(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let alerts = await runtime.hotState.activeAlerts().map {
            API.AlertStateDocument(
                slo: $0.key.slo, tier: $0.key.tier, state: $0.status.state.rawValue,
                since: Formatting.timestamp($0.status.since), activeSince: $0.status.activeSince.map(Formatting.timestamp))
        }
        return try JSONResponse.make(API.AlertStateList(alerts: alerts))
    }

    /// Transitions newest first; `?slo=` filters, `?cursor=` is the last id seen.
    static func history(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch(
            { try await runtime.store.transitions(slo: request.uri.queryParameters.get("slo"), before: cursor, limit: $0) },
            cursor: { $0.id.map(String.init) })
        let shown = rows.map {
            API.AlertTransitionDocument(id: $0.id ?? 0, slo: $0.key.slo, tier: $0.key.tier, state: $0.state.rawValue, at: Formatting.timestamp($0.at))
        }
        return try JSONResponse.make(API.AlertHistory(transitions: shown, nextCursor: next))
    }
}
