import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig

/// `/-/healthy`, `/-/ready`, `/-/reload` (Prometheus' conventions).
enum OperationsRoutes {
    static func healthy(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "Vigil is healthy.\n")))
    }

    /// Prometheus text exposition of Vigil's own metrics (reads' auth applies).
    static func metrics(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: runtime.metrics.exposition())))
    }

    /// 200 once the hot state is rebuilt from the store, 503 before.
    static func ready(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        guard await runtime.hotState.isReady else {
            return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "Vigil is not ready: rebuilding from the store.\n")))
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "Vigil is ready.\n")))
    }

    /// Re-reads the configuration; an invalid one answers 400 with every error and the
    /// old configuration keeps serving.
    static func reload(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
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
