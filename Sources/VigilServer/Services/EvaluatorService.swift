import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigilConfig
import VigilCore

/// Evaluates every SLO each `evaluation_interval`, advances and persists alert states,
/// and applies retention once an hour.
struct EvaluatorService: Service {
    let runtime: VigilRuntime
    let interval: Duration

    func run() async throws {
        var lastRetention: Date?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await runtime.hotState.isReady, await runtime.leads() {
                do {
                    try await runtime.evaluate()
                    let now = runtime.clock.now
                    if lastRetention.map({ now.timeIntervalSince($0) >= 3600 }) ?? true {
                        try await runtime.applyRetention()
                        lastRetention = now
                    }
                } catch {
                    runtime.logger.error("evaluation failed", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await runtime.clock.sleep(for: interval) }
        }
    }
}

/// Rebuilds the hot state from the store after the HTTP server is up, so `/-/healthy`
/// answers during a long start and `/-/ready` turns 200 when the rebuild is done.
struct StartupService: Service {
    let runtime: VigilRuntime

    func run() async throws {
        let elapsed = try await runtime.rebuild()
        runtime.logger.notice("ready", metadata: ["startup_seconds": "\(String(format: "%.3f", elapsed.inSeconds))"])
        try? await gracefulShutdown()
    }
}

/// Reloads the configuration on SIGHUP; an invalid one is logged and the old one stays.
struct ReloadOnSignalService: Service {
    let runtime: VigilRuntime

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            if case .failure(let errors) = await runtime.reload() {
                for diagnostic in errors.diagnostics { runtime.logger.error("\(diagnostic)") }
            }
        }
    }
}
