import Crypto
import Foundation
import Hummingbird
import VigilConfig

/// Bearer-token checks against the running configuration's tokens (``TokenVerifier``
/// compares the hashes). A client that keeps presenting wrong tokens is made to wait
/// (``SignInThrottle``): while it waits it gets 429 with `Retry-After` and its token is
/// not looked at, so waiting cannot be used to keep guessing.
struct Authenticator: Sendable {
    let tokens: [TokenSpec]
    let readAuth: ServerSettings.ReadAuth
    let verifier: TokenVerifier

    init(settings: ServerSettings, verifier: TokenVerifier) {
        tokens = settings.tokens
        readAuth = settings.readAuth
        self.verifier = verifier
    }

    /// The cookie the dashboard's sign-in sets (docs/dashboard.md).
    static let readCookie = "vigil_read_token"

    /// Checks the request's token for `scope`; `nil` means a read. A read may present
    /// its token as the sign-in cookie instead; a write never may, so a page on another
    /// site cannot make a signed-in browser change anything (CSRF).
    ///
    /// `client` keys the throttle (``VigilRequestContext/clientKey``). A request without
    /// any token is not a guess and does not count; a wrong token, a wrong cookie or a
    /// header that is not `Bearer` does.
    func authorize(_ request: Request, client: String, at now: Date, scope: TokenScope?) throws(APIError) {
        if scope == nil && readAuth == .open { return }
        let header = request.headers[.authorization]
        let cookie = scope == nil && header == nil ? request.cookies[Self.readCookie]?.value : nil
        guard header != nil || cookie != nil else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "this endpoint needs a bearer token (Authorization: Bearer …)")
        }
        if let wait = verifier.wait(for: client, at: now) { throw APIError.tooManyFailures(wait) }
        let token: TokenSpec
        do throws(APIError) { token = try identify(header: header, cookie: cookie) } catch {
            verifier.failed(client, at: now)
            throw error
        }
        verifier.succeeded(client)
        if let scope, !token.grants(scope) {
            throw APIError(status: .forbidden, code: "forbidden", message: "token '\(token.name)' lacks the '\(scope.rawValue)' scope")
        }
    }

    /// The name of the token an authorised request presented, for records of who did what
    /// (`anonymous` for a read while reading is open).
    func requester(of request: Request) -> String {
        let header = request.headers[.authorization]
        let cookie = header == nil ? request.cookies[Self.readCookie]?.value : nil
        return (try? identify(header: header, cookie: cookie))?.name ?? "anonymous"
    }

    /// The configured token a request's header or cookie presents.
    private func identify(header: String?, cookie: String?) throws(APIError) -> TokenSpec {
        if let cookie {
            guard let token = match(cookie) else {
                throw APIError(status: .unauthorized, code: "unauthorized", message: "the sign-in cookie holds an unknown token; sign in again")
            }
            return token
        }
        guard let presented = header.flatMap(Self.bearerToken) else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "expected an Authorization: Bearer token")
        }
        guard let token = match(presented) else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "unknown token")
        }
        return token
    }

    /// The token of an `Authorization: Bearer <token>` header. The scheme is
    /// case-insensitive and may be followed by more than one space (RFC 9110 §11.1,
    /// RFC 6750 §2.1); `nil` for another scheme or no token.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].drop { $0 == " " }
        return token.isEmpty ? nil : String(token)
    }

    /// The configured token whose hash the presented token matches.
    func match(_ presented: String) -> TokenSpec? {
        verifier.match(presented, among: tokens)
    }

    /// The SHA-256 hex of a token, the first (unsalted) form the config reads.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }
}
