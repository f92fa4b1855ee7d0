import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import VigilConfig
import VigilStore

/// Builds and runs `vigil serve`.
public enum VigilServer {
    /// Serves `configuration` (read from `configPaths`) with its data in `dataDirectory`
    /// until SIGTERM or SIGINT; in-flight requests (and so their batches) finish first.
    public static func run(configPaths: [String], configuration: VigilConfiguration, dataDirectory: String, logger: Logger) async throws {
        let store = try SQLiteStore(directory: dataDirectory)
        let runtime = VigilRuntime(configPaths: configPaths, configuration: configuration, store: store, logger: logger)
        let settings = configuration.server
        let app = Application(
            router: VigilAPI.router(runtime: runtime),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "vigil"),
            services: [
                StartupService(runtime: runtime),
                EvaluatorService(runtime: runtime, interval: settings.evaluationInterval),
                ReloadOnSignalService(runtime: runtime),
            ],
            logger: logger)
        try await app.runService()
    }
}
