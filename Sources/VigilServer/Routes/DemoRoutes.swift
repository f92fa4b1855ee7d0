import Foundation
import Hummingbird
import VigilCore
import VigilReports

/// Routes only `vigil serve --demo` mounts: a stand-in for a third party's public status
/// API, so the quickstart can show a third-party probe working without the internet.
enum DemoRoutes {
    /// Where the stand-in answers, in the shape of an Atlassian Statuspage
    /// (`/api/v2/status.json`), which many vendors publish.
    static let vendorStatusPath = "/demo/vendor-status/api/v2/status.json"

    /// `{"page": {…}, "status": {"indicator": "none", "description": "All Systems Operational"}}`,
    /// with `major` during the demo's vendor outages (see ``DemoTrafficService``).
    static func vendorStatus(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let outage = DemoTrafficService.inVendorOutage(now)
        var writer = JSONWriter()
        writer.object {
            $0.key("page")
            $0.object {
                $0.field("id", "vigil-demo-vendor")
                $0.field("name", "Payments vendor (Vigil demo stand-in)")
                $0.field("url", "http://\(request.head.authority ?? "127.0.0.1")/demo/vendor-status")
                $0.field("time_zone", "Etc/UTC")
                $0.field("updated_at", RFC3339.format(now))
            }
            $0.key("status")
            $0.object {
                $0.field("indicator", outage ? "major" : "none")
                $0.field("description", outage ? "Major Service Outage" : "All Systems Operational")
            }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }
}
