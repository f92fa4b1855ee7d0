import Foundation
import ServiceLifecycle
import VigilConfig
import VigilCore

/// Reads the PromQL SLIs from `server.prometheus` every `interval` (default: the
/// evaluation interval) once the server is ready; idle when none is configured.
struct PrometheusSLIService: Service {
    let runtime: VigilRuntime

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let settings = await runtime.hotState.configuration.server
            if settings.prometheus != nil, await runtime.hotState.isReady {
                await runtime.prometheusReader.poll(runtime)
            }
            let interval = settings.prometheus?.interval ?? settings.evaluationInterval
            try? await cancelWhenGracefulShutdown { try await runtime.clock.sleep(for: interval) }
        }
    }
}
