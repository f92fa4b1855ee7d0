import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilServer

/// docs/openapi.yaml describes what the server really answers: every route is called
/// with data behind it (each write with the right token, every read after all the writes),
/// and scripts/check-openapi.py checks each answer against the document strictly — a
/// field the server writes but the document lacks fails, as does a status it does not list.
@Suite struct OpenAPIConformanceTests {
    /// One answer, as the checker reads it.
    struct Sample: Codable {
        let method: String
        let path: String
        let status: Int
        let body: JSONValue?
    }

    /// Any JSON value (the answer's body, passed through to the checker).
    enum JSONValue: Codable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        case object([String: JSONValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([JSONValue].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: JSONValue].self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }
    }

    actor Recorder {
        private(set) var samples: [Sample] = []

        func record(_ method: HTTPRequest.Method, _ template: String, _ response: TestResponse) {
            let isJSON = response.headers[.contentType]?.hasPrefix("application/json") == true
            let body = isJSON ? try? JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView)) : nil
            samples.append(Sample(method: method.rawValue, path: template, status: Int(response.status.code), body: body))
        }
    }

    @Test(.requires(.openAPIChecker)) func everyAnswerMatchesTheDocument() async throws {
        let recorder = Recorder()
        // Each write on a server of its own, prepared as the auth matrix prepares it.
        for route in AuthTests.writeRoutes {
            try await TestServer(yaml: TestServer.configYAML(extraSLO: route.extraConfig)).test { client in
                try await route.prepare?(client)
                let response = try await client.execute(
                    uri: route.path, method: route.method, headers: TestServer.bearer(route.rightToken), body: TestServer.body(route.body))
                await recorder.record(route.method, route.template, response)
            }
        }
        // Every read on a server that has had all of them, with burning traffic evaluated
        // (and a public status page, so /status.json has something to say).
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: DashboardRoutesTests.statusPage))
        try await server.test { client in
            let events = (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            try await server.runtime.evaluate()
            for route in AuthTests.writeRoutes where route.method == .post && !route.path.hasSuffix("/status") {
                try await route.prepare?(client)
                _ = try await client.execute(
                    uri: route.path, method: route.method, headers: TestServer.bearer(route.rightToken), body: TestServer.body(route.body))
            }
            try await server.runtime.notifierTick(at: server.clock.now)
            for route in VigilAPI.routes where route.method == .get {
                let response = try await client.execute(uri: TestServer.concrete(route.path), method: .get, headers: TestServer.bearer(TestServer.adminToken))
                await recorder.record(.get, route.path, response)
            }
        }
        let samples = await recorder.samples
        #expect(samples.count == AuthTests.writeRoutes.count + VigilAPI.routes.filter { $0.method == .get }.count)
        // the document is checked against real answers, not against refusals
        let refused = samples.filter { !(200..<300).contains($0.status) }.map { "\($0.method) \($0.path) → \($0.status)" }
        #expect(refused.isEmpty, "\(refused)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-openapi-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let encoder = JSONEncoder()
        let lines = try samples.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await ChildProcess.run(
            "/usr/bin/env",
            [
                "python3", APIRoutesTests.repository.appendingPathComponent("scripts/check-openapi.py").path,
                APIRoutesTests.repository.appendingPathComponent("docs/openapi.yaml").path, file.path,
            ])
        #expect(status == 0, "\(output)")
    }
}
