import Hummingbird
import VigilConfig
import VigilCore

/// `GET /api/v1/services`.
enum ServiceRoutes {
    struct List: Encodable {
        let services: [Service]
    }

    struct Service: Encodable {
        let name: String
        let team: String?
        let tier: Int?
        let description: String?
        let dependsOn: [String]
        let external: Bool
        let slos: [String]
    }

    static func list(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let services = configuration.services.map { spec in
            Service(
                name: spec.name, team: spec.team, tier: spec.tier, description: spec.description,
                dependsOn: spec.dependsOn, external: spec.external,
                slos: configuration.slos.filter { $0.objective.service == spec.name }.map(\.name))
        }
        return try JSONResponse.make(List(services: services))
    }
}
