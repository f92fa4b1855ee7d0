import HTTPTypes
import Hummingbird

/// Headers every answer carries, errors included, so no route can forget them (the
/// dashboard's pages add their own policy on top: docs/dashboard.md):
///
/// - `X-Content-Type-Options: nosniff`: a browser never reads a JSON body that echoes a
///   client's text (an error naming a bad value) as HTML or script.
/// - `Cache-Control: no-store` unless the route chose otherwise (the stylesheet may be
///   kept): API answers are live, and with `read_auth: token` they are protected, so no
///   browser or shared cache keeps them for someone else.
///
/// Errors thrown by routes and by the router become their responses here, so they get
/// the headers too.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        if response.headers[.xContentTypeOptions] == nil { response.headers[.xContentTypeOptions] = "nosniff" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
