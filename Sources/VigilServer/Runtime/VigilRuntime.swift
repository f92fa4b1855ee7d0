import Foundation
import Hummingbird
import Logging
import VigilConfig
import VigilCore
import VigilStore

/// The running server's parts, shared by the routes and the background services.
public final class VigilRuntime: Sendable {
    /// Where the configuration is read from (for reloads).
    let configPaths: [String]
    let store: any SignalStore
    let hotState: HotState
    let writer: IngestionWriter
    let metrics: ServerMetrics
    let logger: Logger

    /// - Parameters:
    ///   - configuration: the configuration already loaded from `configPaths`.
    ///   - clock: the wall clock (injected so tests can pin time).
    public init(configPaths: [String], configuration: VigilConfiguration, store: any SignalStore, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.configPaths = configPaths
        self.store = store
        self.logger = logger
        metrics = ServerMetrics()
        hotState = HotState(configuration: configuration, clock: clock)
        writer = IngestionWriter(store: store, hotState: hotState, metrics: metrics)
    }

    /// Loads the store's recent buckets and alert states into memory; the server is
    /// ready afterwards.
    /// - Returns: how long it took.
    @discardableResult
    public func rebuild() async throws -> Duration {
        let started = ContinuousClock.now
        let since = await hotState.earliestNeededMinute(at: hotState.now)
        let buckets = try await store.loadBuckets(since: since)
        let alerts = try await store.latestAlertStates()
        await hotState.rebuild(from: buckets, alerts: alerts)
        let elapsed = ContinuousClock.now - started
        logger.info("hot state rebuilt", metadata: [
            "slis": "\(buckets.count)", "minutes": "\(buckets.values.map(\.count).reduce(0, +))",
            "seconds": "\(String(format: "%.3f", elapsed.inSeconds))",
        ])
        return elapsed
    }

    /// Checks a request's bearer token against the running configuration; `scope` nil is
    /// a read.
    func authorize(_ request: Request, scope: TokenScope?) async throws(APIError) {
        try Authenticator(settings: await hotState.configuration.server).authorize(request, scope: scope)
    }

    /// Re-reads the configuration. An invalid one is refused and the old one stays.
    public func reload() async -> Result<VigilConfiguration, ConfigurationErrors> {
        let result = ConfigLoader.load(paths: configPaths)
        switch result {
        case .success(let configuration):
            await hotState.replace(configuration: configuration)
            logger.info("configuration reloaded", metadata: ["slos": "\(configuration.slos.count)"])
        case .failure(let errors):
            logger.error("configuration reload refused; the previous configuration stays", metadata: ["errors": "\(errors.diagnostics.count)"])
        }
        return result
    }

    /// One evaluator tick: evaluate every SLO, advance alert states, persist transitions.
    public func evaluate() async throws {
        let started = ContinuousClock.now
        let transitions = await hotState.evaluateAlerts()
        try await store.recordTransitions(transitions)
        metrics.recordEvaluation(ContinuousClock.now - started, slos: await hotState.configuration.slos.count)
        for transition in transitions {
            logger.info("alert \(transition.state.rawValue)", metadata: ["slo": "\(transition.key.slo)", "tier": "\(transition.key.tier)"])
        }
    }

    /// Applies retention: forgets minutes older than the configured span.
    public func applyRetention() async throws {
        let configuration = await hotState.configuration
        let cutoff = await hotState.now - configuration.server.retention.wholeMinutes
        try await store.discard(bucketsBefore: cutoff, keysBefore: Date().addingTimeInterval(-configuration.server.retention.inSeconds))
        await hotState.trim()
    }
}
