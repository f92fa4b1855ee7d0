import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore

/// `GET /api/v1/services`.
enum ServiceRoutes {
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        var services: [API.ServiceDocument] = []
        for spec in configuration.services {
            let release = try await runtime.releaseStanding(of: spec.name).map {
                API.ReleaseStanding(policy: $0.policy, standing: $0.standing, since: $0.since)
            }
            services.append(
                API.ServiceDocument(
                    name: spec.name, team: spec.team, tier: spec.tier, description: spec.description,
                    dependsOn: spec.dependsOn, external: spec.external,
                    slos: configuration.slos.filter { $0.objective.service == spec.name }.map(\.name), release: release))
        }
        return try JSONResponse.make(API.ServiceList(services: services))
    }
}
