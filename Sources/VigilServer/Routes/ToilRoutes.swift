import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/toil`: toil logged by the teams (the toil report is under `/reports/toil`).
enum ToilRoutes {
    /// `POST /api/v1/toil` `{"team", "minutes", "category", "automatable", "note", "at"}`.
    static func log(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.ToilRequest.self, code: "invalid_toil")
        let toil = body.document
        let teams = await runtime.hotState.configuration.teams.map(\.name)
        if !teams.isEmpty && !teams.contains(toil.team) {
            throw body.fail("unknown team '\(toil.team)'\(Suggestion.hint(for: toil.team, among: teams)); teams are declared under teams:", field: "team")
        }
        guard toil.minutes > 0, toil.minutes <= 7 * 24 * 60 else { throw body.fail("expected whole minutes from 1 to 10080", field: "minutes") }
        let now = runtime.clock.now
        let at = try body.time(toil.at, "at") ?? now
        if at > now.addingTimeInterval(300) { throw body.fail("is in the future", field: "at") }
        let entry = try await runtime.incidentStore.addToil(
            ToilEntry(
                team: toil.team, minutes: toil.minutes, category: toil.category, note: toil.note, automatable: toil.automatable ?? false, at: at,
                author: toil.author ?? "api"))
        return try JSONResponse.make(entry, status: .created)
    }
}
