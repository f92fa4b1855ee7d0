import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VigilConfig
import VigilCore
import VigilDashboard

/// The web dashboard's routes (docs/dashboard.md): HTML pages rendered on the server from
/// the same values the JSON API answers with, the public status page and the sign-in
/// form. Kept apart from ``VigilAPI/routes`` because they are pages, not API.
enum DashboardRoutes {
    typealias Handler = @Sendable (Request, VigilRequestContext, VigilRuntime) async throws -> Response

    static let routes: [(method: HTTPRequest.Method, path: String, handler: Handler)] = [
        (.get, "/", page(overview)),
        (.get, "/slos/{name}", page(slo)),
        (.get, "/probes", page(probes)),
        (.get, "/alerts", page(alerts)),
        (.get, "/oncall", page(oncall)),
        (.get, "/oncall/schedules/{file}", OnCallFeedRoutes.schedule),
        (.get, "/oncall/people/{file}", OnCallFeedRoutes.person),
        (.get, "/incidents", page(incidents)),
        (.get, "/incidents/{id}", page(incident)),
        (.get, "/changes", page(changes)),
        (.get, "/deployments/{service}/{version}", page(deployment)),
        (.get, "/reports/weekly", page(weekly)),
        (.get, "/status", StatusRoutes.page),
        (.get, "/status.atom", StatusRoutes.atom),
        (.get, "/assets/vigil.css", stylesheet),
        (.get, "/login", SignIn.form),
        (.post, "/login", SignIn.submit),
        (.post, "/logout", SignIn.signOut),
        (.get, "/oncall/ack/{token}", PageLinkRoutes.showAcknowledge),
        (.post, "/oncall/ack/{token}", PageLinkRoutes.acknowledge),
        (.get, "/oncall/resolve/{token}", PageLinkRoutes.showResolve),
        (.post, "/oncall/resolve/{token}", PageLinkRoutes.resolve),
    ]

    /// Who is looking and how they want to see it.
    struct Viewer: Sendable {
        let display: TimeDisplay
        let signedIn: Bool
        let refresh: Int?
    }

    /// Reads need a token when `read_auth: token`; a browser without one is sent to sign in.
    struct NeedsSignIn: Error {}

    static let dashboard = Dashboard()

    /// Wraps a page: access first, then the page; every failure is an HTML page with its
    /// status (a 400 for a bad query value, 404 for an unknown name), never a crash.
    static func page(_ body: @escaping @Sendable (Request, VigilRequestContext, VigilRuntime, Viewer) async throws -> String) -> Handler {
        { request, context, runtime in
            let display: TimeDisplay
            do throws(DashboardError) { display = try TimeDisplay(parameter: request.uri.queryParameters.get("tz")) } catch {
                return errorPage(status: error.status, message: error.message, runtime: runtime)
            }
            do {
                let viewer = try await viewer(request, client: context.clientKey, runtime, display: display)
                return html(try await body(request, context, runtime, viewer))
            } catch is NeedsSignIn {
                let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return redirect("/login?next=\(TimeDisplay.encodeComponent(next))")
            } catch let error as DashboardError {
                return errorPage(status: error.status, message: error.message, runtime: runtime, display: display)
            } catch let error as APIError {
                return errorPage(status: Int(error.status.code), message: error.message, runtime: runtime, display: display)
            } catch {
                runtime.logger.error("dashboard page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                return errorPage(status: 500, message: "the page could not be built; the server log has the reason", runtime: runtime, display: display)
            }
        }
    }

    static func viewer(_ request: Request, client: String, _ runtime: VigilRuntime, display: TimeDisplay) async throws -> Viewer {
        let settings = await runtime.hotState.configuration.server
        let signedIn = request.cookies[Authenticator.readCookie] != nil
        if settings.readAuth != .open {
            do { try await runtime.authorize(request, client: client, scope: nil) } catch { throw NeedsSignIn() }
        }
        var refresh: Int?
        if let text = request.uri.queryParameters.get("refresh") {
            guard let seconds = Int(text), (5...3600).contains(seconds) else {
                throw DashboardError(status: 400, message: "refresh: expected seconds from 5 to 3600, such as refresh=30")
            }
            refresh = seconds
        }
        return Viewer(display: display, signedIn: signedIn, refresh: refresh)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        // Pages are never framed (the sign-in form is no clickjacking target) nor sniffed,
        // and run no script nor load anything but their own stylesheet.
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                frameOptions: "DENY", .xContentTypeOptions: "nosniff", referrerPolicy: "same-origin", contentSecurityPolicy: policy,
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!

    /// Nothing by default; the stylesheet from here; inline `style` attributes (the budget
    /// bars' widths); images from here or inline (the charts are inline SVG); the one
    /// inline script by its hash; forms posting here only.
    static let policy: String = {
        let scripts = Dashboard.inlineScripts.map { "'sha256-\(Data(SHA256.hash(data: Data($0.utf8))).base64EncodedString())'" }
        return [
            "default-src 'none'", "style-src 'self'", "style-src-attr 'unsafe-inline'", "img-src 'self' data:",
            "script-src \(scripts.isEmpty ? "'none'" : scripts.joined(separator: " "))", "form-action 'self'", "frame-ancestors 'none'",
            "base-uri 'none'",
        ].joined(separator: "; ")
    }()

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func errorPage(status: Int, message: String, runtime: VigilRuntime, display: TimeDisplay = .utc) -> Response {
        html(
            dashboard.render(ErrorPage(status: status, message: message, now: runtime.clock.now, display: display)),
            status: HTTPResponse.Status(code: status))
    }

    static func stylesheet(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: Dashboard.stylesheet)))
    }

    /// A whole-number query value in a range, or a 400 page naming it.
    static func integer(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw DashboardError(status: 400, message: "\(name): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
