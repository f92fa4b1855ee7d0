import Foundation
import HTTPTypes
import Hummingbird
import VigilConfig
import VigilCore
import VigilDashboard

/// `/login` and `/logout`: when reads need a token, a browser signs in once and keeps the
/// token in an HttpOnly, SameSite=Strict cookie that only reads accept. Wrong tokens are
/// throttled per client address (``SignInThrottle``), as on the API.
enum SignIn {
    static func form(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let next = safeNext(request.uri.queryParameters.get("next"))
        return DashboardRoutes.html(DashboardRoutes.dashboard.render(LoginPage(next: next, problem: nil, now: runtime.clock.now)))
    }

    static func submit(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 * 1024)
        let form = (try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))) ?? Form(token: nil, next: nil)
        let next = safeNext(form.next)
        let settings = await runtime.hotState.configuration.server
        func again(_ problem: String) -> Response {
            DashboardRoutes.html(DashboardRoutes.dashboard.render(LoginPage(next: next, problem: problem, now: runtime.clock.now)), status: .unauthorized)
        }
        guard let token = form.token, !token.isEmpty else { return again("Give a token.") }
        // The throttle first: while a client waits, its token is not looked at.
        let now = runtime.clock.now
        let verifier = runtime.tokenVerifier
        if let wait = verifier.wait(for: context.clientKey, at: now) {
            let seconds = APIError.retryAfterSeconds(wait)
            var response = again("Too many wrong tokens from this address. Try again in \(seconds) s.")
            response.status = .tooManyRequests
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        guard await runtime.authenticator.match(token) != nil else {
            verifier.failed(context.clientKey, at: now)
            return again("That token is not one this server knows.")
        }
        verifier.succeeded(context.clientKey)
        let secure = (settings.externalURL?.hasPrefix("https://") ?? false) || Self.cameOverTLS(request)
        guard
            let cookie = try? Cookie.validated(
                name: Authenticator.readCookie, value: token, maxAge: 30 * 86_400, path: "/",
                secure: secure, httpOnly: true, sameSite: .strict)
        else {
            return again("That token has characters a cookie cannot hold; make one with `vigil token new`.")
        }
        var response = DashboardRoutes.redirect(next)
        response.setCookie(cookie)
        return response
    }

    static func signOut(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        var response = DashboardRoutes.redirect("/login")
        response.setCookie(Cookie(name: Authenticator.readCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Whether the browser reached Vigil over HTTPS through a proxy that ends TLS (Vigil
    /// itself speaks plain HTTP): `X-Forwarded-Proto: https`, or RFC 7239's
    /// `Forwarded: proto=https`. The sign-in cookie is then `Secure`, so the browser never
    /// sends the token over plain HTTP.
    static func cameOverTLS(_ request: Request) -> Bool {
        if let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!],
            proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
        {
            return true
        }
        guard let forwarded = request.headers[HTTPField.Name("Forwarded")!] else { return false }
        let first = forwarded.split(separator: ",").first ?? ""
        return first.split(separator: ";").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "proto=https" }
    }

    /// Where to go after signing in: a path on this site only (never `//elsewhere`).
    static func safeNext(_ next: String?) -> String {
        // Only a path on this server: browsers drop tabs and line breaks from a URL and
        // read a backslash as a slash, so `/\t/evil.example` would leave for another host.
        // Anything but visible ASCII, a backslash or a second leading slash goes home.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" })
        else { return "/" }
        return next
    }

    /// The sign-in form's fields.
    struct Form: Decodable {
        let token: String?
        let next: String?
    }
}
