import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

@testable import VigilServer

/// Salted token hashes and the throttle on wrong tokens, through the API and the sign-in form.
@Suite struct TokenThrottleTests {
    /// RFC 7914 §12's second test vector: the derivation is scrypt itself.
    @Test func scryptMatchesRFC7914() throws {
        let key = try ScryptHash.derive("password", salt: Array("NaCl".utf8), logCost: 10, blockSize: 8, parallelism: 16, length: 64)
        #expect(
            key.map { String(format: "%02x", $0) }.joined()
                == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        )
    }

    /// A hash `vigil token new` would write reads back, checks its token and no other, and
    /// two hashes of one token differ (the salt).
    @Test func newHashesAreSaltedAndCheckTheirToken() throws {
        let hash = try ScryptHash.new(for: "vgl_secret")
        #expect(try ScryptHash.parse(hash.description).get() == hash)
        #expect(hash.matches("vgl_secret"))
        #expect(!hash.matches("vgl_secreT"))
        #expect(try ScryptHash.new(for: "vgl_secret").salt != hash.salt)
    }

    /// A hash Vigil writes is one OpenSSL's scrypt (through Python's hashlib) agrees with,
    /// and the quickstart's hashes, made by Python, check their documented tokens here.
    @Test(.requires(.pythonScrypt)) func hashesAgreeWithPythonsScrypt() async throws {
        let token = "vgl_\(UUID().uuidString)"
        let hash = try ScryptHash.new(for: token)
        let script = """
            import base64, hashlib, sys
            salt = base64.b64decode(sys.argv[2] + "==")
            key = hashlib.scrypt(sys.argv[1].encode(), salt=salt, n=2**\(hash.logCost), r=\(hash.blockSize), p=\(hash.parallelism), dklen=\(hash.key.count), maxmem=64 * 1024 * 1024)
            print(base64.b64encode(key).decode().rstrip("="))
            """
        let salt = hash.description.split(separator: "$")[2]
        let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, token, String(salt)])
        #expect(status == 0, "\(output)")
        #expect(hash.description.hasSuffix("$" + output.trimmingCharacters(in: .whitespacesAndNewlines)))

        let quickstart = try ConfigLoader.load(paths: [ReportAgreementTests.quickstart.path]).get()
        let verifier = TokenVerifier()
        #expect(verifier.match("quickstart-demo-token", among: quickstart.server.tokens)?.name == "quickstart-demo")
        #expect(verifier.match("quickstart-admin-token", among: quickstart.server.tokens)?.name == "quickstart-admin")
        #expect(verifier.match("quickstart-demo-tokeN", among: quickstart.server.tokens) == nil)
    }

    static func saltedConfig(token: String) throws -> String {
        let hash = try ScryptHash.new(for: token)
        return TestServer.configYAML(readAuth: "token").replacingOccurrences(
            of: "- {name: operator,", with: "- {name: salted, hash: \"\(hash)\", scopes: [write]}\n    - {name: operator,")
    }

    /// Both forms work side by side; a salted token is derived once, then remembered.
    @Test func saltedAndOlderTokensAreBothAccepted() async throws {
        let server = try TestServer(yaml: try Self.saltedConfig(token: "salted-secret"))
        try await server.test { client in
            let change = TestServer.body(#"{"service":"api","version":"1"}"#)
            for _ in 0..<3 {
                let salted = try await client.execute(uri: "/api/v1/changes", method: .post, headers: TestServer.bearer("salted-secret"), body: change)
                #expect(salted.status == .created)
            }
            #expect(server.runtime.tokenVerifier.rememberedTokens == 1)
            let older = try await client.execute(uri: "/api/v1/slos", method: .get, headers: TestServer.bearer(TestServer.ingestToken))
            #expect(older.status == .ok)
            let wrong = try await client.execute(uri: "/api/v1/slos", method: .get, headers: TestServer.bearer("salted-secreT"))
            #expect(wrong.status == .unauthorized)
            #expect(server.runtime.tokenVerifier.rememberedTokens == 1, "a wrong token is never remembered")
        }
    }

    /// Five wrong tokens are free; then the client waits, doubling, and while it waits even
    /// the right token is refused unseen with 429 and `Retry-After`. Keyed by the peer's
    /// address (a live server: the test client is 127.0.0.1).
    @Test func wrongTokensMakeTheClientWait() async throws {
        let server = try TestServer()
        try await server.test(live: true) { client in
            let body = TestServer.body(#"{"service":"api","version":"1"}"#)
            for attempt in 1...6 {
                let wrong = try await client.execute(uri: "/api/v1/changes", method: .post, headers: TestServer.bearer("guess-\(attempt)"), body: body)
                #expect(wrong.status == .unauthorized, "attempt \(attempt)")
            }
            #expect(server.runtime.tokenVerifier.wait(for: "127.0.0.1", at: server.clock.now) == .seconds(1))
            let held = try await client.execute(uri: "/api/v1/changes", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: body)
            #expect(held.status == .tooManyRequests)
            #expect(held.headers[.retryAfter] == "1")
            #expect(try TestServer.errorCode(held) == "too_many_failures")
            // No token at all is not a guess: it is told what is missing, as before.
            let none = try await client.execute(uri: "/api/v1/changes", method: .post, body: body)
            #expect(none.status == .unauthorized)

            server.clock.advance(by: .seconds(1))
            let right = try await client.execute(uri: "/api/v1/changes", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: body)
            #expect(right.status == .created)
            // The success forgot the failures: five free ones again.
            for _ in 1...5 {
                let wrong = try await client.execute(uri: "/api/v1/changes", method: .post, headers: TestServer.bearer("guess"), body: body)
                #expect(wrong.status == .unauthorized)
            }
        }
    }

    /// The sign-in form counts the same failures and answers its own page with 429.
    @Test func theSignInFormIsThrottledToo() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(readAuth: "token"))
        try await server.test { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for _ in 1...6 {
                let wrong = try await client.execute(uri: "/login", method: .post, headers: form, body: TestServer.body("token=guess&next=%2F"))
                #expect(wrong.status == .unauthorized)
            }
            let held = try await client.execute(
                uri: "/login", method: .post, headers: form, body: TestServer.body("token=\(TestServer.ingestToken)&next=%2F"))
            #expect(held.status == .tooManyRequests)
            #expect(held.headers[.retryAfter] == "1")
            #expect(String(buffer: held.body).contains("Too many wrong tokens from this address"))
            #expect(held.headers[.setCookie] == nil, "no cookie while waiting")
            // The API shares the record: a bearer read waits too.
            let read = try await client.execute(uri: "/api/v1/slos", method: .get, headers: TestServer.bearer(TestServer.ingestToken))
            #expect(read.status == .tooManyRequests)
            server.clock.advance(by: .seconds(2))
            let signed = try await client.execute(
                uri: "/login", method: .post, headers: form, body: TestServer.body("token=\(TestServer.ingestToken)&next=%2F"))
            #expect(signed.status == .seeOther)
        }
    }
}
