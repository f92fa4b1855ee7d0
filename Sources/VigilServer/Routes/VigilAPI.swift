import Foundation
import HTTPTypes
import Hummingbird

/// The HTTP surface of `vigil serve`. Every route is declared once in ``routes``; the
/// router is built from that table, and a test checks it against docs/openapi.yaml.
public enum VigilAPI {
    /// One route: method, OpenAPI-style path (`/api/v1/slos/{name}`) and handler.
    struct Route: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let handler: @Sendable (Request, BasicRequestContext, VigilRuntime) async throws -> Response
    }

    static let routes: [Route] = [
        Route(method: .get, path: "/-/healthy", handler: OperationsRoutes.healthy),
        Route(method: .get, path: "/-/ready", handler: OperationsRoutes.ready),
        Route(method: .post, path: "/-/reload", handler: OperationsRoutes.reload),
        Route(method: .get, path: "/metrics", handler: OperationsRoutes.metrics),
        Route(method: .get, path: "/status.json", handler: StatusRoutes.json),
        Route(method: .post, path: "/api/v1/events", handler: EventRoutes.ingest),
        Route(method: .get, path: "/api/v1/services", handler: ServiceRoutes.list),
        Route(method: .get, path: "/api/v1/slos", handler: SLORoutes.list),
        Route(method: .get, path: "/api/v1/slos/{name}", handler: SLORoutes.detail),
        Route(method: .get, path: "/api/v1/slos/{name}/evaluations", handler: SLORoutes.evaluations),
        Route(method: .get, path: "/api/v1/probes", handler: ProbeRoutes.list),
        Route(method: .get, path: "/api/v1/probes/{name}/results", handler: ProbeRoutes.results),
        Route(method: .post, path: "/api/v1/heartbeats/{name}", handler: ProbeRoutes.heartbeat),
        Route(method: .get, path: "/api/v1/alerts", handler: AlertRoutes.current),
        Route(method: .get, path: "/api/v1/alerts/history", handler: AlertRoutes.history),
        Route(method: .get, path: "/api/v1/alerts/active", handler: NotificationRoutes.active),
        Route(method: .post, path: "/api/v1/alerts/{fingerprint}/ack", handler: NotificationRoutes.acknowledge),
        Route(method: .post, path: "/api/v1/alertmanager", handler: AlertmanagerRoutes.receive),
        Route(method: .get, path: "/api/v1/notifications", handler: NotificationRoutes.list),
        Route(method: .get, path: "/api/v1/notifications/{id}/attempts", handler: NotificationRoutes.attempts),
        Route(method: .post, path: "/api/v1/silences", handler: NotificationRoutes.createSilence),
        Route(method: .get, path: "/api/v1/silences", handler: NotificationRoutes.silences),
        Route(method: .delete, path: "/api/v1/silences/{id}", handler: NotificationRoutes.expireSilence),
        Route(method: .get, path: "/api/v1/reports/alerts", handler: ReportRoutes.alerts),
        Route(method: .post, path: "/api/v1/incidents", handler: IncidentRoutes.create),
        Route(method: .get, path: "/api/v1/incidents", handler: IncidentRoutes.list),
        Route(method: .get, path: "/api/v1/incidents/{id}", handler: IncidentRoutes.show),
        Route(method: .patch, path: "/api/v1/incidents/{id}", handler: IncidentRoutes.update),
        Route(method: .post, path: "/api/v1/incidents/{id}/status", handler: IncidentRoutes.status),
        Route(method: .post, path: "/api/v1/incidents/{id}/notes", handler: IncidentRoutes.note),
        Route(method: .post, path: "/api/v1/incidents/{id}/updates", handler: IncidentRoutes.publicUpdate),
        Route(method: .get, path: "/api/v1/incidents/{id}/postmortem", handler: PostmortemRoutes.show),
        Route(method: .post, path: "/api/v1/incidents/{id}/postmortem", handler: PostmortemRoutes.draft),
        Route(method: .put, path: "/api/v1/incidents/{id}/postmortem", handler: PostmortemRoutes.edit),
        Route(method: .post, path: "/api/v1/incidents/{id}/postmortem/status", handler: PostmortemRoutes.status),
        Route(method: .post, path: "/api/v1/incidents/{id}/action-items", handler: PostmortemRoutes.addItem),
        Route(method: .get, path: "/api/v1/action-items", handler: PostmortemRoutes.items),
        Route(method: .patch, path: "/api/v1/action-items/{id}", handler: PostmortemRoutes.updateItem),
        Route(method: .get, path: "/api/v1/reports/incidents", handler: ReportRoutes.incidents),
        Route(method: .post, path: "/api/v1/toil", handler: OperationsReviewRoutes.logToil),
        Route(method: .get, path: "/api/v1/reports/toil", handler: OperationsReviewRoutes.toilReport),
        Route(method: .post, path: "/api/v1/services/{name}/satisfaction", handler: OperationsReviewRoutes.recordSatisfaction),
        Route(method: .post, path: "/api/v1/maintenance", handler: OperationsReviewRoutes.addMaintenance),
        Route(method: .get, path: "/api/v1/maintenance", handler: OperationsReviewRoutes.maintenance),
        Route(method: .delete, path: "/api/v1/maintenance/{id}", handler: OperationsReviewRoutes.endMaintenance),
        Route(method: .get, path: "/api/v1/reports/weekly", handler: OperationsReviewRoutes.weekly),
        Route(method: .get, path: "/api/v1/reports/slo-review", handler: OperationsReviewRoutes.sloReview),
        Route(method: .post, path: "/api/v1/load-runs", handler: LoadRunRoutes.create),
        Route(method: .get, path: "/api/v1/load-runs", handler: LoadRunRoutes.list),
        Route(method: .post, path: "/api/v1/changes", handler: ChangeRoutes.create),
        Route(method: .get, path: "/api/v1/changes", handler: ChangeRoutes.list),
    ]

    /// Every route as `METHOD /path`, in OpenAPI spelling.
    public static var routeNames: [String] { routes.map { "\($0.method.rawValue) \($0.path)" } }

    /// The router serving ``routes`` and the dashboard's pages over `runtime`; with `demo`, also the demo's
    /// stand-in for a vendor's status page (``DemoRoutes``), which is not part of the API.
    public static func router(runtime: VigilRuntime, demo: Bool = false) -> Router<BasicRequestContext> {
        let router = Router()
        let demoRoutes = demo ? [Route(method: .get, path: DemoRoutes.vendorStatusPath, handler: DemoRoutes.vendorStatus)] : []
        let pages = DashboardRoutes.routes.map { Route(method: $0.method, path: $0.path, handler: $0.handler) }
        for route in routes + demoRoutes + pages {
            let path = route.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
            let handler = route.handler
            router.on(RouterPath(stringLiteral: path), method: route.method) { request, context in
                try await handler(request, context, runtime)
            }
        }
        return router
    }
}
