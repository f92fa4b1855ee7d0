import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilIngest
import VigilStore

/// `POST /api/v1/events`: durable ingestion.
enum EventRoutes {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let maximumKeyLength = 200

    /// Decodes, validates (the whole batch or nothing), then waits for the group commit
    /// that makes it durable before answering 200.
    static func ingest(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let settings = await runtime.hotState.configuration.server
        guard await runtime.hotState.isReady else {
            throw APIError(status: .serviceUnavailable, code: "not_ready", message: "the server is rebuilding its state from the store; retry shortly")
        }
        let key = request.headers[idempotencyKey]
        if let key, key.isEmpty || key.count > maximumKeyLength {
            throw APIError.badRequest("Idempotency-Key must be 1 to \(maximumKeyLength) characters", field: "Idempotency-Key")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: settings.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            runtime.metrics.eventsRejected(1, reason: "body_too_large")
            throw APIError(
                status: .contentTooLarge, code: "payload_too_large", message: "the body exceeds \(settings.maxBodyBytes) bytes; send smaller batches")
        }
        let data = Data(body.readableBytesView)
        let batch = EventDecoder.decodeJSON(data)
        if batch.events.count + batch.errors.count > settings.maxBatchEvents {
            runtime.metrics.eventsRejected(batch.events.count, reason: "batch_too_large")
            throw APIError(status: .contentTooLarge, code: "batch_too_large", message: "a batch may hold at most \(settings.maxBatchEvents) events")
        }
        let judge = await runtime.hotState.judge()
        let problems = (batch.errors + judge.problems(in: batch)).sorted { $0.index < $1.index }
        guard problems.isEmpty else {
            runtime.metrics.eventsRejected(batch.events.count + batch.errors.count, reason: "invalid")
            var error = APIError(
                status: .unprocessableContent, code: "invalid_events", message: "\(problems.count) invalid item(s); nothing from this batch was stored")
            error.items = problems
            throw error
        }
        guard !batch.events.isEmpty else {
            throw APIError(status: .unprocessableContent, code: "invalid_events", message: "the batch holds no events")
        }
        let aggregate = judge.aggregate(batch.events)
        let deltas = await runtime.hotState.admit(aggregate)
        // The body's digest goes with its key, so the key sent again with other data is
        // refused rather than answered as the retry it is not.
        let fingerprint = key.map { _ in SHA256.hash(data: data).hex }
        let ingest = IngestBatch(idempotencyKey: key, fingerprint: fingerprint, deltas: deltas, eventCount: batch.events.count)
        switch try await runtime.writer.submit(ingest, roundedDown: aggregate.roundedDown) {
        case .stored:
            return try JSONResponse.make(API.IngestResult(accepted: batch.events.count, duplicate: false))
        case .duplicate:
            return try JSONResponse.make(API.IngestResult(accepted: 0, duplicate: true))
        case .conflict:
            runtime.metrics.eventsRejected(batch.events.count, reason: "idempotency_key_reused")
            throw APIError(
                status: .unprocessableContent, code: "idempotency_key_reused",
                message:
                    "Idempotency-Key '\(key ?? "")' was sent before with a different batch; nothing from this one was stored (send new data under a new key)")
        }
    }
}
