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
    /// Serves `configuration` (read from `configPaths`) with its data in `store` until
    /// SIGTERM or SIGINT; in-flight requests (and so their batches) finish first.
    /// - Parameter demo: also generate synthetic traffic for every pushed SLI.
    public static func run(configPaths: [String], configuration: VigilConfiguration, store location: StoreLocation, demo: Bool = false, logger: Logger)
        async throws
    {
        let runtime: VigilRuntime
        var lock: DataDirectoryLock?
        var shared: PostgresStore?
        switch location {
        case .directory(let dataDirectory):
            // One server per data directory: a second one (or a restore) is refused
            // while this one runs.
            lock = try DataDirectoryLock(directory: dataDirectory)
            let store = try SQLiteStore(directory: dataDirectory)
            runtime = VigilRuntime(configPaths: configPaths, configuration: configuration, store: store, logger: logger)
        case .postgres(let url):
            // Any number of replicas share the database; one at a time leads.
            let store = try await PostgresStore.connect(url: url, logger: logger)
            shared = store
            runtime = VigilRuntime(
                configPaths: configPaths, configuration: configuration, store: store, logger: logger,
                replicated: (store, store.leaderLease(name: "vigil-leader")))
            logger.notice("store: PostgreSQL, shared by replicas", metadata: ["database": "\(store.location)"])
        }
        defer {
            lock?.release()
            shared?.close()
        }
        // HTTP request metrics (Hummingbird's middleware) go through swift-metrics into
        // the same registry as Vigil's own; the bootstrap is process-wide, so it is done
        // here, once, and not in tests.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: runtime.metrics.registry))
        let router = VigilAPI.router(runtime: runtime, demo: demo, middlewares: [MetricsMiddleware()])
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
            ] + (demo ? [DemoTrafficService(runtime: runtime)] : [])
                + (runtime.replication.map { [ReplicaService(runtime: runtime, replication: $0)] } ?? []),
            logger: logger)
        try await app.runService()
        try await runtime.shutdown()
    }
}

/// Where `vigil serve` keeps its data.
public enum StoreLocation: Sendable, Equatable {
    /// The embedded SQLite store in this directory (one server).
    case directory(String)
    /// A PostgreSQL database shared by any number of replicas.
    case postgres(String)

    /// Reads `--store`: `sqlite:DIR`, a bare directory, or `postgres://…` (`postgresql://`).
    public init(parsing text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(text)
        } else if text.hasPrefix("sqlite:") {
            self = .directory(String(text.dropFirst("sqlite:".count)))
        } else {
            self = .directory(text)
        }
    }
}
