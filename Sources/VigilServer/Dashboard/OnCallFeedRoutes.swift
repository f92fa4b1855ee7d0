import Foundation
import HTTPTypes
import Hummingbird
import VigilConfig
import VigilCore
import VigilNotify
import VigilReports

/// iCal feeds of final shifts, per schedule and per person, for calendar apps
/// (`/oncall/schedules/<name>.ics?token=…`): the token in the URL is the credential,
/// since a calendar app sends no bearer token. A week back and 60 days ahead.
enum OnCallFeedRoutes {
    enum Kind: String {
        case schedule, person

        var path: String { self == .schedule ? "schedules" : "people" }
    }

    static let back: TimeInterval = 7 * 86_400
    static let ahead: TimeInterval = 60 * 86_400

    static func url(base: String, kind: Kind, name: String, key: Data) -> String {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? name
        return "\(base)/oncall/\(kind.path)/\(encoded).ics?token=\(FeedToken.make(subject: "\(kind.rawValue):\(name)", key: key))"
    }

    static func schedule(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await feed(request, context, runtime, kind: .schedule)
    }

    static func person(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await feed(request, context, runtime, kind: .person)
    }

    static func feed(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, kind: Kind) async throws -> Response {
        let file = context.parameters.decoded("file")
        guard file.hasSuffix(".ics") else { return DashboardRoutes.errorPage(status: 404, message: "feeds end in .ics", runtime: runtime) }
        let name = String(file.dropLast(4))
        guard let key = await runtime.notifier.linkKey else {
            return DashboardRoutes.errorPage(status: 503, message: "Vigil is still starting; try again in a moment.", runtime: runtime)
        }
        guard let token = request.uri.queryParameters.get("token"), FeedToken.verify(token, subject: "\(kind.rawValue):\(name)", key: key) else {
            return DashboardRoutes.errorPage(
                status: 403, message: "This feed's token is missing or wrong; copy the feed's URL from the on-call page.", runtime: runtime)
        }
        let configuration = await runtime.hotState.configuration
        let now = runtime.clock.now
        let overrides = await runtime.notifier.storedOverrides
        let (from, to) = (now.addingTimeInterval(-back), now.addingTimeInterval(ahead))
        let shifts: [OnCallShift]
        switch kind {
        case .schedule:
            guard let schedule = configuration.schedule(named: name) else {
                return DashboardRoutes.errorPage(status: 404, message: "no schedule '\(name)'", runtime: runtime)
            }
            shifts = schedule.shifts(from: from, to: to, overrides: overrides)
        case .person:
            guard configuration.person(named: name) != nil else {
                return DashboardRoutes.errorPage(status: 404, message: "no person '\(name)'", runtime: runtime)
            }
            shifts = configuration.schedules.flatMap { $0.shifts(from: from, to: to, overrides: overrides) }.filter { $0.person == name }
                .sorted { ($0.start, $0.schedule) < ($1.start, $1.schedule) }
        }
        let text = ShiftCalendar.feed(name: "On call: \(name)", shifts: shifts, generatedAt: now)
        return Response(
            status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
