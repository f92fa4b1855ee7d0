import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore

/// `GET /api/v1/services`.
enum ServiceRoutes {
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let services = configuration.services.map { spec in
            API.ServiceDocument(
                name: spec.name, team: spec.team, tier: spec.tier, description: spec.description,
                dependsOn: spec.dependsOn, external: spec.external,
                slos: configuration.slos.filter { $0.objective.service == spec.name }.map(\.name))
        }
        return try JSONResponse.make(API.ServiceList(services: services))
    }
}
