import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// `/-/healthy`, `/-/ready`, `/-/reload` (Prometheus' conventions).
enum OperationsRoutes {
    static func healthy(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "Vigil is healthy.\n")))
    }

    /// Prometheus text exposition of Vigil's own metrics (reads' auth applies).
    static func metrics(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: runtime.metrics.exposition() + (await runtime.sloMetrics()))))
    }

    /// 200 once the hot state is rebuilt from the store and while the store takes writes;
    /// 503 before, and while writes fail (each look then tries a small write, so the
    /// server is ready again as soon as the store is).
    static func ready(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        guard await runtime.hotState.isReady else {
            return notReady("rebuilding from the store")
        }
        if let failure = runtime.writeHealth.failure {
            do {
                try await runtime.store.checkWrites(at: runtime.clock.now)
                runtime.writeHealth.succeeded(at: runtime.clock.now)
            } catch StoreError.unavailable(let cause) {
                runtime.writeHealth.failed(cause, at: runtime.clock.now)
                return notReady("the store refuses writes since \(RFC3339.format(failure.since)): \(cause)")
            }
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "Vigil is ready.\n")))
    }

    private static func notReady(_ reason: String) -> Response {
        Response(
            status: .serviceUnavailable, headers: [.retryAfter: "5"],
            body: .init(byteBuffer: ByteBuffer(string: "Vigil is not ready: \(reason).\n")))
    }

    /// Re-reads the configuration; an invalid one answers 400 with every error and the
    /// old configuration keeps serving.
    static func reload(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        switch await runtime.reload() {
        case .success(let configuration):
            return try JSONResponse.make(API.ReloadResult(reloaded: true, slos: configuration.slos.count))
        case .failure(let errors):
            var error = APIError(
                status: .badRequest, code: "invalid_config",
                message: "the configuration has \(errors.diagnostics.count) error(s); the previous configuration stays in force")
            error.details = errors.diagnostics.map(\.description)
            throw error
        }
    }
}
