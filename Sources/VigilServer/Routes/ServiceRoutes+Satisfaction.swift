import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

extension ServiceRoutes {
    /// `POST /api/v1/services/{name}/satisfaction` `{"score": 0.82}` (share of satisfied users).
    static func recordSatisfaction(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let service = context.parameters.decoded("name")
        let services = await runtime.hotState.configuration.services.map(\.name)
        guard services.contains(service) else { throw APIError.notFound("unknown service '\(service)'\(Suggestion.hint(for: service, among: services))") }
        let body = try await RequestBody(request, as: API.SatisfactionRequest.self, code: "invalid_satisfaction")
        let given = body.document
        guard (0...1).contains(given.score) else { throw body.fail("expected the share of satisfied users, from 0 to 1 (0.82 for 82 %)", field: "score") }
        let entry = SatisfactionScore(
            service: service, score: given.score, at: try body.time(given.at, "at") ?? runtime.clock.now, note: given.note, author: given.author ?? "api")
        try await runtime.incidentStore.recordSatisfaction(entry)
        return try JSONResponse.make(API.SatisfactionDocument(entry), status: .created)
    }
}
