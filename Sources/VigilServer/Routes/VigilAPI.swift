import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VigilConfig
import VigilCore
import VigilStore

/// The HTTP surface of `vigil serve`. Every route is declared once in ``routes``; the
/// router is built from that table, and a test checks it against docs/openapi.yaml.
public enum VigilAPI {
    /// One route: method, OpenAPI-style path (`/api/v1/slos/{name}`), who may call it,
    /// and handler. The router checks ``access`` before the handler runs, so no handler
    /// authorises on its own and a new route cannot forget to.
    struct Route: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let access: Access
        let handler: @Sendable (Request, VigilRequestContext, VigilRuntime) async throws -> Response
    }

    /// Who may call a route.
    enum Access: Sendable, Equatable {
        /// Anyone, whatever the configuration (health checks, the public status page).
        case anyone
        /// Readers: anyone while `server.read_auth` is open, else any valid token (or the
        /// dashboard's sign-in cookie).
        case read
        /// A bearer token holding this scope (`admin` holds every scope).
        case token(TokenScope)

        /// Answers 401/403 (as ``APIError``) unless `request` may call the route.
        func check(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws(APIError) {
            switch self {
            case .anyone: return
            case .read: try await runtime.authorize(request, client: context.clientKey, scope: nil)
            case .token(let scope): try await runtime.authorize(request, client: context.clientKey, scope: scope)
            }
        }
    }

    static let routes: [Route] = [
        Route(method: .get, path: "/-/healthy", access: .anyone, handler: OperationsRoutes.healthy),
        Route(method: .get, path: "/-/ready", access: .anyone, handler: OperationsRoutes.ready),
        Route(method: .post, path: "/-/reload", access: .token(.admin), handler: OperationsRoutes.reload),
        Route(method: .get, path: "/metrics", access: .read, handler: OperationsRoutes.metrics),
        Route(method: .get, path: "/status.json", access: .anyone, handler: StatusRoutes.json),
        Route(method: .post, path: "/api/v1/events", access: .token(.ingest), handler: EventRoutes.ingest),
        Route(method: .get, path: "/api/v1/services", access: .read, handler: ServiceRoutes.list),
        Route(method: .post, path: "/api/v1/services/{name}/satisfaction", access: .token(.write), handler: ServiceRoutes.recordSatisfaction),
        Route(method: .get, path: "/api/v1/slos", access: .read, handler: SLORoutes.list),
        Route(method: .get, path: "/api/v1/slos/{name}", access: .read, handler: SLORoutes.detail),
        Route(method: .get, path: "/api/v1/slos/{name}/evaluations", access: .read, handler: SLORoutes.evaluations),
        Route(method: .get, path: "/api/v1/probes", access: .read, handler: ProbeRoutes.list),
        Route(method: .get, path: "/api/v1/probes/{name}/results", access: .read, handler: ProbeRoutes.results),
        Route(method: .post, path: "/api/v1/heartbeats/{name}", access: .token(.ingest), handler: HeartbeatRoutes.receive),
        Route(method: .get, path: "/api/v1/alerts", access: .read, handler: AlertRoutes.current),
        Route(method: .get, path: "/api/v1/alerts/history", access: .read, handler: AlertRoutes.history),
        Route(method: .get, path: "/api/v1/alerts/active", access: .read, handler: AlertRoutes.active),
        Route(method: .post, path: "/api/v1/alerts/{fingerprint}/ack", access: .token(.write), handler: AlertRoutes.acknowledge),
        Route(method: .post, path: "/api/v1/alertmanager", access: .token(.ingest), handler: AlertmanagerRoutes.receive),
        Route(method: .get, path: "/api/v1/notifications", access: .read, handler: NotificationRoutes.list),
        Route(method: .get, path: "/api/v1/notifications/{id}/attempts", access: .read, handler: NotificationRoutes.attempts),
        Route(method: .post, path: "/api/v1/silences", access: .token(.write), handler: SilenceRoutes.create),
        Route(method: .get, path: "/api/v1/silences", access: .read, handler: SilenceRoutes.list),
        Route(method: .delete, path: "/api/v1/silences/{id}", access: .token(.write), handler: SilenceRoutes.expire),
        Route(method: .post, path: "/api/v1/incidents", access: .token(.write), handler: IncidentRoutes.create),
        Route(method: .get, path: "/api/v1/incidents", access: .read, handler: IncidentRoutes.list),
        Route(method: .get, path: "/api/v1/incidents/{id}", access: .read, handler: IncidentRoutes.show),
        Route(method: .patch, path: "/api/v1/incidents/{id}", access: .token(.write), handler: IncidentRoutes.update),
        Route(method: .post, path: "/api/v1/incidents/{id}/status", access: .token(.write), handler: IncidentRoutes.status),
        Route(method: .post, path: "/api/v1/incidents/{id}/notes", access: .token(.write), handler: IncidentRoutes.note),
        Route(method: .post, path: "/api/v1/incidents/{id}/updates", access: .token(.write), handler: IncidentRoutes.publicUpdate),
        Route(method: .get, path: "/api/v1/incidents/{id}/postmortem", access: .read, handler: IncidentRoutes.showPostmortem),
        Route(method: .post, path: "/api/v1/incidents/{id}/postmortem", access: .token(.write), handler: IncidentRoutes.draftPostmortem),
        Route(method: .put, path: "/api/v1/incidents/{id}/postmortem", access: .token(.write), handler: IncidentRoutes.editPostmortem),
        Route(method: .post, path: "/api/v1/incidents/{id}/postmortem/status", access: .token(.write), handler: IncidentRoutes.postmortemStatus),
        Route(method: .post, path: "/api/v1/incidents/{id}/action-items", access: .token(.write), handler: IncidentRoutes.addActionItem),
        Route(method: .get, path: "/api/v1/action-items", access: .read, handler: ActionItemRoutes.list),
        Route(method: .patch, path: "/api/v1/action-items/{id}", access: .token(.write), handler: ActionItemRoutes.update),
        Route(method: .post, path: "/api/v1/toil", access: .token(.write), handler: ToilRoutes.log),
        Route(method: .post, path: "/api/v1/maintenance", access: .token(.write), handler: MaintenanceRoutes.add),
        Route(method: .get, path: "/api/v1/maintenance", access: .read, handler: MaintenanceRoutes.list),
        Route(method: .delete, path: "/api/v1/maintenance/{id}", access: .token(.write), handler: MaintenanceRoutes.end),
        Route(method: .post, path: "/api/v1/changes", access: .token(.write), handler: ChangeRoutes.create),
        Route(method: .get, path: "/api/v1/changes", access: .read, handler: ChangeRoutes.list),
        Route(method: .post, path: "/api/v1/gate", access: .token(.write), handler: GateRoutes.decide),
        Route(method: .get, path: "/api/v1/gate/argo", access: .read, handler: GateRoutes.argo),
        Route(method: .post, path: "/api/v1/gate/flagger", access: .read, handler: GateRoutes.flagger),
        Route(method: .get, path: "/api/v1/gate/decisions", access: .read, handler: GateRoutes.decisions),
        Route(method: .post, path: "/api/v1/gate/overrides", access: .token(.write), handler: GateRoutes.override),
        Route(method: .get, path: "/api/v1/gate/overrides", access: .read, handler: GateRoutes.overrides),
        Route(method: .post, path: "/api/v1/canary-runs", access: .token(.write), handler: CanaryRunRoutes.create),
        Route(method: .get, path: "/api/v1/canary-runs", access: .read, handler: CanaryRunRoutes.list),
        Route(method: .get, path: "/api/v1/canary-runs/{id}", access: .read, handler: CanaryRunRoutes.show),
        Route(method: .post, path: "/api/v1/load-runs", access: .token(.write), handler: LoadRunRoutes.create),
        Route(method: .get, path: "/api/v1/load-runs", access: .read, handler: LoadRunRoutes.list),
        Route(method: .get, path: "/api/v1/reports/alerts", access: .read, handler: ReportRoutes.alerts),
        Route(method: .get, path: "/api/v1/reports/incidents", access: .read, handler: ReportRoutes.incidents),
        Route(method: .get, path: "/api/v1/reports/toil", access: .read, handler: ReportRoutes.toil),
        Route(method: .get, path: "/api/v1/reports/weekly", access: .read, handler: ReportRoutes.weekly),
        Route(method: .get, path: "/api/v1/reports/slo-review", access: .read, handler: ReportRoutes.sloReview),
        Route(method: .get, path: "/api/v1/oncall", access: .read, handler: OnCallRoutes.now),
        Route(method: .get, path: "/api/v1/oncall/shifts", access: .read, handler: OnCallRoutes.shifts),
        Route(method: .get, path: "/api/v1/oncall/simulate", access: .read, handler: OnCallRoutes.simulate),
        Route(method: .get, path: "/api/v1/oncall/overrides", access: .read, handler: OnCallRoutes.overrides),
        Route(method: .post, path: "/api/v1/oncall/overrides", access: .token(.write), handler: OnCallRoutes.addOverride),
        Route(method: .delete, path: "/api/v1/oncall/overrides/{id}", access: .token(.write), handler: OnCallRoutes.cancelOverride),
        Route(method: .get, path: "/api/v1/escalations", access: .read, handler: EscalationRoutes.list),
        Route(method: .post, path: "/api/v1/escalations/{id}/ack", access: .token(.write), handler: EscalationRoutes.acknowledge),
        Route(method: .post, path: "/api/v1/escalations/{id}/resolve", access: .token(.write), handler: EscalationRoutes.resolve),
    ]

    /// Every route as `METHOD /path`, in OpenAPI spelling.
    public static var routeNames: [String] { routes.map { "\($0.method.rawValue) \($0.path)" } }

    /// The router serving ``routes`` and the dashboard's pages over `runtime`; with `demo`, also the demo's
    /// stand-in for a vendor's status page (``DemoRoutes``), which is not part of the API.
    /// `middlewares` run around every request, routed or not (a router applies middleware
    /// only to the routes added after it, so they must be given here, not added later).
    public static func router(
        runtime: VigilRuntime, demo: Bool = false, middlewares: [any MiddlewareProtocol<Request, Response, VigilRequestContext>] = []
    ) -> Router<VigilRequestContext> {
        let router = Router(context: VigilRequestContext.self)
        for middleware in middlewares { router.add(middleware: middleware) }
        let demoRoutes = demo ? [Route(method: .get, path: DemoRoutes.vendorStatusPath, access: .anyone, handler: DemoRoutes.vendorStatus)] : []
        // Pages decide themselves: a protected page sends a reader without a token to the
        // sign-in form instead of answering 401.
        let pages = DashboardRoutes.routes.map { Route(method: $0.method, path: $0.path, access: .anyone, handler: $0.handler) }
        let all = routes + demoRoutes + pages
        router.add(middleware: SecurityHeadersMiddleware())
        // Before the routes, so it also sees the router's own 404 for a path no handler takes.
        router.add(middleware: MethodNotAllowedMiddleware(routes: all.map { ($0.path, $0.method) }))
        for route in all {
            let path = route.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
            let handler = route.handler
            let access = route.access
            router.on(RouterPath(stringLiteral: path), method: route.method) { request, context in
                try await access.check(request, context, runtime)
                do {
                    return try await handler(request, context, runtime)
                } catch StoreError.unavailable(let cause) {
                    runtime.writeHealth.failed(cause, at: runtime.clock.now)
                    throw APIError.storeUnavailable(cause)
                } catch let error as any HTTPResponseError {
                    throw error
                } catch {
                    // Never a bare 500: the client gets the JSON error, the log the cause.
                    runtime.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                    throw APIError(status: .internalServerError, code: "internal_error", message: "the server failed to answer; the cause is in its log")
                }
            }
        }
        return router
    }
}
