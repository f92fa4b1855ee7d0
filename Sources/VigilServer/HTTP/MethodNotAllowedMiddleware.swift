import HTTPTypes
import Hummingbird

/// Answers for requests the router found no handler for: `405 Method Not Allowed` with
/// `Allow` when the path is one of the table's under another method (RFC 9110 §15.5.6),
/// else the API's JSON `404 not_found`.
///
/// Hummingbird's router throws the same bare `HTTPError(.notFound)` for an unknown path
/// and for a known path under a method it has no handler for, so the two are told apart
/// here, after the fact, from the route templates. That covers *every* method a client
/// may send (`QUERY`, `PROPFIND`, made-up ones), which registering a 405 handler per
/// known method could not. Handlers' own 404s are ``APIError``s and pass through.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// A route path split into segments; `nil` stands for a `{parameter}`.
    private let templates: [(segments: [Substring?], methods: [String])]

    /// `routes`: OpenAPI-style path (`/api/v1/slos/{name}`) and the method it takes.
    init(routes: [(path: String, method: HTTPRequest.Method)]) {
        var methodsByPath: [String: Set<String>] = [:]
        for route in routes { methodsByPath[route.path, default: []].insert(route.method.rawValue) }
        templates = methodsByPath.map { path, methods in
            (Self.segments(path).map { $0.hasPrefix("{") ? nil : $0 }, methods.sorted())
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            if let allow = allowedMethods(for: request.uri.path) {
                var refusal = APIError(
                    status: .methodNotAllowed, code: "method_not_allowed", message: "\(request.uri.path) takes \(allow), not \(request.method.rawValue)")
                refusal.allow = allow
                throw refusal
            }
            throw APIError.notFound("no such path: \(request.uri.path)")
        }
    }

    /// `GET, POST` when `path` matches a template, else `nil`.
    func allowedMethods(for path: String) -> String? {
        let parts = Self.segments(path)
        let methods = templates.filter { template in
            template.segments.count == parts.count && zip(template.segments, parts).allSatisfy { $0 == nil || $0 == $1 }
        }.flatMap(\.methods)
        return methods.isEmpty ? nil : Set(methods).sorted().joined(separator: ", ")
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
