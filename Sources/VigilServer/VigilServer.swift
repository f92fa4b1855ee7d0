import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import VigilConfig
import VigilNotify
import VigilProbes
import VigilStore

/// Builds and runs `vigil serve`.
public enum VigilServer {
    /// Serves `configuration` (read from `configPaths`) with its data in `dataDirectory`
    /// until SIGTERM or SIGINT; in-flight requests (and so their batches) finish first.
    /// - Parameter demo: also generate synthetic traffic for every pushed SLI.
    public static func run(configPaths: [String], configuration: VigilConfiguration, dataDirectory: String, demo: Bool = false, logger: Logger) async throws {
        // One server per data directory: a second one (or a restore) is refused while
        // this one runs.
        let lock = try DataDirectoryLock(directory: dataDirectory)
        defer { lock.release() }
        let store = try SQLiteStore(directory: dataDirectory)
        let runtime = VigilRuntime(configPaths: configPaths, configuration: configuration, store: store, logger: logger)
        // HTTP request metrics (Hummingbird's middleware) go through swift-metrics into
        // the same registry as Vigil's own; the bootstrap is process-wide, so it is done
        // here, once, and not in tests.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: runtime.metrics.registry))
        let router = VigilAPI.router(runtime: runtime, demo: demo)
        router.middlewares.add(MetricsMiddleware())
        let settings = configuration.server
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "vigil"),
            services: [
                StartupService(runtime: runtime),
                EvaluatorService(runtime: runtime, interval: settings.evaluationInterval),
                ReloadOnSignalService(runtime: runtime),
                ProbeSchedulerService(runtime: runtime, executor: ProbeExecutor(), maxConcurrent: settings.maxConcurrentProbes),
                NotifierService(runtime: runtime),
                OutboxService(runtime: runtime),
                PrometheusSLIService(runtime: runtime),
            ] + (demo ? [DemoTrafficService(runtime: runtime)] : []),
            logger: logger)
        try await app.runService()
        try await runtime.shutdown()
    }
}
