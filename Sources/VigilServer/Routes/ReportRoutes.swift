import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// `GET /api/v1/reports/alerts?since=30d`: the alert-noise review (docs/alerting.md).
enum ReportRoutes {
    struct Rule: Encodable {
        let rule: String
        let `class`: String
        let fired: Int
        let firingSeconds: Double
        let flaps: Int
        let acknowledgedShare: Double
        let advice: String?
    }

    struct AlertReport: Encodable {
        let since: Date
        let until: Date
        let flapWindowSeconds: Double
        let rules: [Rule]
        let candidates: [String]
    }

    static func alerts(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await runtime.authorize(request, scope: nil)
        let query = request.uri.queryParameters
        func duration(_ key: String, default value: Duration) throws(APIError) -> Duration {
            guard let text = query.get(key) else { return value }
            guard let parsed = try? Duration(parsing: text), parsed > .zero else { throw .badRequest("expected a duration such as 30d", field: key) }
            return parsed
        }
        let until = Date()
        let since = until.addingTimeInterval(-(try duration("since", default: .seconds(30 * 86_400))).inSeconds)
        let flapWindow = try duration("flap_window", default: .seconds(600))
        // Episodes that began before the period and were still firing count too: read a
        // retention's worth of history before `since`.
        let events = try await runtime.notificationStore.alertEvents(since: since.addingTimeInterval(-35 * 86_400))
        let acknowledgements = try await runtime.notificationStore.acknowledgementLog(since: since.addingTimeInterval(-35 * 86_400))
        let report = AlertNoiseReport(
            events: events,
            acknowledgements: acknowledgements.map { ($0.fingerprint, $0.at) }, since: since, until: until, flapWindow: flapWindow)
        let rules = report.rules.map {
            Rule(rule: $0.rule, class: $0.notificationClass.rawValue, fired: $0.fired, firingSeconds: $0.firingTime.inSeconds, flaps: $0.flaps,
                 acknowledgedShare: $0.acknowledgedShare, advice: $0.advice)
        }
        return try JSONResponse.make(AlertReport(since: since, until: until, flapWindowSeconds: flapWindow.inSeconds, rules: rules, candidates: report.candidates.map(\.rule)))
    }
}
