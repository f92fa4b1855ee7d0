import Crypto
import Foundation
import Hummingbird
import VigilConfig

/// Bearer-token checks. Tokens are configured as SHA-256 hashes; a presented token is
/// hashed and compared with every configured hash in constant time, so neither the
/// comparison nor the number of tokens tried leaks how close a guess was.
struct Authenticator: Sendable {
    let tokens: [TokenSpec]
    let readAuth: ServerSettings.ReadAuth

    init(settings: ServerSettings) {
        tokens = settings.tokens
        readAuth = settings.readAuth
    }

    /// The cookie the dashboard's sign-in sets (docs/dashboard.md).
    static let readCookie = "vigil_read_token"

    /// Checks the request's token for `scope`; `nil` means a read. A read may present
    /// its token as the sign-in cookie instead; a write never may, so a page on another
    /// site cannot make a signed-in browser change anything (CSRF).
    func authorize(_ request: Request, scope: TokenScope?) throws(APIError) {
        if scope == nil && readAuth == .open { return }
        if scope == nil, request.headers[.authorization] == nil, let token = request.cookies[Self.readCookie]?.value {
            guard match(token) != nil else {
                throw APIError(status: .unauthorized, code: "unauthorized", message: "the sign-in cookie holds an unknown token; sign in again")
            }
            return
        }
        guard let header = request.headers[.authorization] else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "this endpoint needs a bearer token (Authorization: Bearer …)")
        }
        guard let presented = Self.bearerToken(header) else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "expected an Authorization: Bearer token")
        }
        guard let token = match(presented) else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "unknown token")
        }
        if let scope, !token.grants(scope) {
            throw APIError(status: .forbidden, code: "forbidden", message: "token '\(token.name)' lacks the '\(scope.rawValue)' scope")
        }
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

    /// The configured token whose hash equals the presented token's.
    func match(_ presented: String) -> TokenSpec? {
        let digest = Array(SHA256.hash(data: Data(presented.utf8)))
        var found: TokenSpec?
        for token in tokens where Self.constantTimeEqual(token.sha256, digest) {
            found = token
        }
        return found
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// The SHA-256 hex of a token, as the config wants it.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }
}
