import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import VigilConfig
import VigilCore

/// Delivers one notification to one receiver, once. Retrying is the outbox worker's
/// job: this says whether the attempt worked, and whether trying again can help.
public final class NotificationSender: Sendable {
    /// How one attempt went.
    public struct Result: Hashable, Sendable {
        public var success: Bool
        /// Whether a retry can help (a refused connection, a 5xx, 408, 429), or not (any
        /// other 4xx: the receiver will refuse the same request again).
        public var retryable: Bool
        public var status: Int?
        public var error: String?
        public var duration: Duration
    }

    /// Made on the first send: a server that never notifies holds no client.
    private let made = Mutex<HTTPClient?>(nil)
    private let timeout: Duration
    /// The server's own URL, for links and Alertmanager's `externalURL`.
    let externalURL: String

    public init(externalURL: String, timeout: Duration = .seconds(10)) {
        self.timeout = timeout
        self.externalURL = externalURL
    }

    private var client: HTTPClient {
        made.withLock { client in
            if let client { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            // A refused connection is one failed attempt, retried by the outbox with backoff.
            configuration.connectionPool.retryConnectionEstablishment = false
            let fresh = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            client = fresh
            return fresh
        }
    }

    /// Closes the HTTP client, if one was made.
    public func shutdown() async throws {
        if let client = made.withLock({ client in
            defer { client = nil }
            return client
        }) {
            try await client.shutdown()
        }
    }

    /// Sends `notification` to `receiver` at `now`.
    public func send(_ notification: AlertNotification, to receiver: ReceiverSpec, at now: Date = Date()) async -> Result {
        let started = ContinuousClock.now
        switch receiver.kind {
        case .webhook(let url, let secret):
            return await post(json: NotificationPayload.vigil(notification), to: url, secret: secret, key: notification.idempotencyKey, at: now)
        case .textGateway(let url, let to, let secret, _):
            return await post(json: NotificationPayload.text(notification, to: to), to: url, secret: secret, key: notification.idempotencyKey, at: now)
        case .slack(let url):
            return await post(NotificationPayload.slack(notification), to: url, headers: [], key: notification.idempotencyKey, started: started)
        case .alertmanager(let url):
            return await post(
                NotificationPayload.alertmanager(notification, externalURL: externalURL), to: url, headers: [], key: notification.idempotencyKey,
                started: started)
        case .email(let email):
            let message = NotificationPayload.email(notification, from: email.from, to: email.to)
            do {
                let code = try await SMTPClient.send(message, using: email, timeout: timeout, verifyCertificate: !email.insecureSkipVerify)
                return Result(success: true, retryable: false, status: code, error: nil, duration: ContinuousClock.now - started)
            } catch let failure as SMTPClient.Failure {
                return Result(
                    success: false, retryable: failure.isTemporary, status: failure.code, error: failure.description, duration: ContinuousClock.now - started)
            } catch {
                return Result(success: false, retryable: true, status: nil, error: "\(error)", duration: ContinuousClock.now - started)
            }
        }
    }

    /// POSTs a JSON `body` to `url`, signed with `secret` when one is given (as webhook
    /// receivers are), with `key` as its `Idempotency-Key`.
    public func post(json body: Data, to url: String, secret: String?, key: String, at now: Date = Date()) async -> Result {
        var headers: [(String, String)] = []
        if let secret { headers.append((WebhookSignature.header, WebhookSignature.sign(body, secret: secret, at: now))) }
        return await post(body, to: url, headers: headers, key: key, started: ContinuousClock.now)
    }

    private func post(_ body: Data, to url: String, headers: [(String, String)], key: String, started: ContinuousClock.Instant) async -> Result {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Vigil")
        request.headers.add(name: "Idempotency-Key", value: key)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.inNanoseconds)))
            // Read (and bound) the body so the connection can be reused.
            let answer = try await response.body.collect(upTo: 64 * 1024)
            let code = Int(response.status.code)
            let success = (200..<300).contains(code)
            let retryable = !success && (code >= 500 || code == 408 || code == 429)
            let detail = success ? nil : "HTTP \(code): \(String(buffer: answer).prefix(200))"
            return Result(success: success, retryable: retryable, status: code, error: detail, duration: ContinuousClock.now - started)
        } catch {
            return Result(success: false, retryable: true, status: nil, error: "\(error)", duration: ContinuousClock.now - started)
        }
    }
}
