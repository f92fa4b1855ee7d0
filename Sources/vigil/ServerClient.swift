import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VigilAPIModels

/// `--server` and `--token` for the commands that talk to a running `vigil serve`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Server URL (default: $VIGIL_SERVER or http://127.0.0.1:9470).")
    var server: String?

    @Option(help: "Bearer token (default: $VIGIL_TOKEN).")
    var token: String?

    var baseURL: String {
        (server ?? ProcessInfo.processInfo.environment["VIGIL_SERVER"] ?? "http://127.0.0.1:9470")
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    var bearer: String? { token ?? ProcessInfo.processInfo.environment["VIGIL_TOKEN"] }
}

/// A small JSON client over AsyncHTTPClient.
struct ServerClient {
    let options: ServerOptions

    /// A CLI talks to one server once: a refused connection should fail at once, not be
    /// retried until the request deadline as a long-lived service would want.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    struct Answer {
        let status: Int
        let body: Data

        /// The API's error document, when the answer is one.
        var error: ErrorBody? { try? APIJSON.decoder.decode(ErrorBody.self, from: body) }

        /// The body as text (what `--output json` prints as it came).
        var text: String { String(decoding: body, as: UTF8.self) }

        /// `field: message` of an error answer, or the raw body.
        var errorMessage: String { error?.summary ?? text }

        /// The body as the API document `type`; an answer of another shape (a server of
        /// another version) is an error that says what did not fit.
        func decode<Document: Decodable>(_ type: Document.Type, from server: ServerOptions) throws -> Document {
            do {
                return try APIJSON.decoder.decode(type, from: body)
            } catch {
                Terminal.error("\(server.baseURL): the answer is not the expected \(type): \(error)")
                throw VigilExit.invalidInput
            }
        }
    }

    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: options.baseURL + path)
        request.method = method
        if let bearer = options.bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await Self.http.execute(request, timeout: .seconds(120))
            let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
            return Answer(status: Int(response.status.code), body: Data(buffer.readableBytesView))
        } catch {
            Terminal.error("cannot reach \(options.baseURL): \(error)")
            throw VigilExit.invalidInput
        }
    }

    /// Sends an API document as JSON.
    func send(_ method: HTTPMethod, _ path: String, json document: some Encodable) async throws -> Answer {
        try await send(method, path, body: try APIJSON.encoder.encode(document), headers: [("Content-Type", "application/json")])
    }

    /// The answer, or the server's error on stderr and exit 1 when its status is not one of `statuses`.
    func expect(_ answer: Answer, _ statuses: Set<Int>) throws -> Answer {
        guard statuses.contains(answer.status) else {
            Terminal.error("\(options.baseURL): \(answer.status) \(answer.errorMessage)")
            throw VigilExit.invalidInput
        }
        return answer
    }

    /// `method path`, whose answer must have one of `statuses`: otherwise the server's
    /// error goes to stderr and the command exits 1.
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, expecting statuses: Set<Int>) async throws -> Answer {
        try expect(try await send(method, path), statuses)
    }

    /// Sends an API document, and the answer must have one of `statuses` (as above).
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json document: some Encodable, expecting statuses: Set<Int>) async throws -> Answer {
        try expect(try await send(method, path, json: document), statuses)
    }

    /// `GET path` read as `type`.
    func get<Document: Decodable>(_ type: Document.Type, _ path: String) async throws -> Document {
        try await send(.GET, path, expecting: [200]).decode(type, from: options)
    }

    /// Who is acting: `--author`, else `$USER`.
    static func author(_ given: String?) -> String { given ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown" }
}
