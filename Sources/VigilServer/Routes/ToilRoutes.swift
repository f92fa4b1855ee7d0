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
    static func log(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await JSONBody(request, code: "invalid_toil", allowed: ["team", "minutes", "category", "note", "automatable", "at", "author"])
        let team = try body.requiredText("team")
        let teams = await runtime.hotState.configuration.teams.map(\.name)
        if !teams.isEmpty && !teams.contains(team) {
            throw body.fail("unknown team '\(team)'\(Suggestion.hint(for: team, among: teams)); teams are declared under teams:", field: "team")
        }
        guard let minutes = body.object["minutes"] as? Int, minutes > 0, minutes <= 7 * 24 * 60 else {
            throw body.fail("expected whole minutes from 1 to 10080", field: "minutes")
        }
        let now = runtime.clock.now
        let at = try body.time("at") ?? now
        if at > now.addingTimeInterval(300) { throw body.fail("is in the future", field: "at") }
        let entry = try await runtime.incidentStore.addToil(
            ToilEntry(
                team: team, minutes: minutes, category: try body.requiredText("category"), note: try body.text("note"),
                automatable: try body.bool("automatable") ?? false, at: at, author: try body.text("author") ?? "api"))
        return try JSONResponse.make(API.ToilDocument(entry), status: .created)
    }
}
