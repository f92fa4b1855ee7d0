import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/heartbeats/{name}`: jobs that say they ran (heartbeat probes).
enum HeartbeatRoutes {
    /// A job says it ran (token with `ingest` scope): the heartbeat passes, and the next
    /// beat is due within its period and grace.
    static func receive(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let name = context.parameters.decoded("name")
        let configuration = await runtime.hotState.configuration
        guard let spec = configuration.probes.first(where: { $0.name == name }) else {
            let heartbeats = configuration.probes.filter { if case .heartbeat = $0.kind { true } else { false } }.map(\.name)
            throw APIError.notFound("no heartbeat named '\(name)'\(Suggestion.hint(for: name, among: heartbeats))")
        }
        guard case .heartbeat = spec.kind else {
            throw APIError(
                status: .conflict, code: "not_a_heartbeat",
                message: "probe '\(name)' is a \(spec.kind.name) probe that Vigil runs itself; only heartbeat probes take beats")
        }
        guard await runtime.recordHeartbeat(name) != nil else {
            throw APIError(status: .serviceUnavailable, code: "not_ready", message: "the probe scheduler has not started yet; retry shortly")
        }
        let entry = await runtime.probes.entry(name)
        return try JSONResponse.make(
            API.HeartbeatDocument(
                probe: name, receivedAt: entry?.lastBeat.map(RFC3339.format) ?? RFC3339.format(runtime.clock.now),
                nextDeadline: entry?.beatDeadline.map(RFC3339.format)))
    }
}
