import Foundation
import Hummingbird
import Logging
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

extension AlertRoutes {
    /// The alerts the notifier holds (Vigil's and Alertmanager's), firing first.
    static func active(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let alerts = await runtime.notifier.alerts(at: now).map { API.ActiveAlert($0, acknowledgement: $1, at: now) }
        return try JSONResponse.make(API.ActiveAlerts(alerts: alerts))
    }

    /// `{"by": "ana", "comment": "looking"}`: stops repeats of a firing alert.
    static func acknowledge(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let fingerprint = context.parameters.decoded("fingerprint")
        let given = try await RequestBody(request, as: API.AcknowledgementRequest.self, code: "invalid_acknowledgement").document
        let by = given.by
        let now = runtime.clock.now
        guard await runtime.notifier.alerts(at: now).contains(where: { $0.alert.fingerprint == fingerprint && $0.alert.isFiring(at: now) }) else {
            throw APIError.notFound("no firing alert with fingerprint '\(fingerprint)' (GET /api/v1/alerts/active lists them)")
        }
        let acknowledgement = Acknowledgement(fingerprint: fingerprint, by: by, at: now, comment: given.comment)
        try await runtime.notifier.acknowledge(acknowledgement)
        runtime.logger.notice("alert acknowledged", metadata: ["fingerprint": "\(fingerprint)", "by": "\(by)"])
        return try JSONResponse.make(API.AcknowledgedAlert(fingerprint: fingerprint, acknowledgedBy: by, acknowledgedAt: now))
    }
}
