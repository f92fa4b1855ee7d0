import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilDashboard
import VigilStore

@testable import VigilServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The dashboard's pages through the server: figures equal the API's, bad query values
/// are 4xx pages, reads follow read_auth (with the sign-in cookie), the status page is
/// public and shows only what it is told to.
@Suite struct DashboardRoutesTests {
    static let ingest = TestServer.bearer(TestServer.ingestToken)
    static let write = TestServer.bearer(TestServer.writeToken)
    static let statusPage = """
        status_page:
          title: API status
          services:
            - {service: api, name: Public API}
        """

    /// 10 minutes of 100 events with 5 bad each.
    static func seed(_ client: any TestClientProtocol) async throws {
        let batch = (1...10).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":95,"total":100}"# }
        let response = try await client.execute(uri: "/api/v1/events", method: .post, headers: ingest, body: TestServer.body(batch.joined(separator: "\n")))
        #expect(response.status == .ok)
    }

    static func text(_ response: TestResponse) -> String { String(decoding: (try? TestServer.bytes(response)) ?? [], as: UTF8.self) }

    @Test func pagesShowTheFiguresTheAPIAnswers() async throws {
        try await TestServer().test { client in
            try await Self.seed(client)
            let api = try #require(try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-availability", method: .get))["slo"] as? [String: Any])
            let remaining = try #require(api["budget_remaining"] as? Double)
            let overview = try await client.execute(uri: "/", method: .get)
            #expect(overview.status == .ok && overview.headers[.contentType] == "text/html; charset=utf-8")
            // No script runs but the page's own, by hash; nothing loads from elsewhere.
            let policy = try #require(overview.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.hasPrefix("default-src 'none'") && policy.contains("frame-ancestors 'none'") && policy.contains("form-action 'self'"))
            #expect(policy.contains("script-src 'sha256-") && !policy.contains("unsafe-eval") && !policy.contains("script-src 'unsafe-inline'"))
            #expect(Dashboard.inlineScripts.count == 1 && Self.text(overview).contains("<script>" + Dashboard.inlineScripts[0] + "</script>"))
            let html = Self.text(overview)
            #expect(html.contains(String(format: "%.1f%%", remaining * 100)), "the overview's budget is the API's")
            #expect(html.contains("href=\"/slos/api-availability\""))
            #expect(html.contains("Third-party dependencies"), "the external vendor is listed apart")

            let page = Self.text(try await client.execute(uri: "/slos/api-availability?range=6h", method: .get))
            #expect(page.contains(String(format: "%.1f%%", remaining * 100)))
            #expect(page.contains("Error budget burn-down") && page.contains("<path class=\"series\""))
            #expect(page.contains("class=\"reference\""), "the ideal line is drawn")
            #expect(page.contains("aria-current=\"true\">6h</a>"))
            // the burn-down's last row is the budget the report shows
            #expect(page.contains(String(format: "%.2f%%", remaining * 100)))

            for path in ["/probes", "/alerts", "/incidents", "/changes", "/reports/weekly", "/assets/vigil.css"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
            }
        }
    }

    @Test func badQueryValuesAreClearErrorPages() async throws {
        try await TestServer().test { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/?tz=Mars/Base", .badRequest, "Mars/Base"),
                ("/?tier=9", .badRequest, "tier"),
                ("/?team=nobody", .badRequest, "nobody"),
                ("/slos/api-availability?range=2y", .badRequest, "range"),
                ("/slos/api-availabilty", .notFound, "api-availability"),
                ("/incidents/99", .notFound, "99"),
                ("/reports/weekly?week=2026-11-31", .badRequest, "2026-11-16"),
                ("/?refresh=1", .badRequest, "refresh"),
                ("/status", .notFound, "status_page"),
            ]
            for (path, status, word) in cases {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == status, "\(path)")
                #expect(
                    Self.text(response).contains(word),
                    "\(path) names \(word): \(Self.text(response).split(separator: "\n").filter { $0.contains("role=\"alert\"") })")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(path)")
            }
        }
    }

    @Test func protectedReadsSignInWithACookieThatNeverWrites() async throws {
        try await TestServer(yaml: TestServer.configYAML(readAuth: "token", extraSLO: Self.statusPage)).test { client in
            let anonymous = try await client.execute(uri: "/slos/api-availability?range=7d", method: .get)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login?next=%2Fslos%2Fapi-availability%3Frange%3D7d")
            #expect(try await client.execute(uri: "/login", method: .get).status == .ok)

            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let wrong = try await client.execute(uri: "/login", method: .post, headers: form, body: TestServer.body("token=guess&next=%2F"))
            #expect(wrong.status == .unauthorized && Self.text(wrong).contains("not one this server knows"))
            let offsite = try await client.execute(
                uri: "/login", method: .post, headers: form,
                body: TestServer.body("token=\(TestServer.ingestToken)&next=%2F%2Fevil.example"))
            #expect(offsite.status == .seeOther && offsite.headers[.location] == "/", "never redirects off the site")
            // Browsers drop tabs and line breaks and read a backslash as a slash: each of
            // these would leave for evil.example.
            for sneaky in ["%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%5Cevil.example", "%2F%20%2Fevil.example", "%2F%C2%A0%2Fevil.example"] {
                let answer = try await client.execute(
                    uri: "/login", method: .post, headers: form, body: TestServer.body("token=\(TestServer.ingestToken)&next=\(sneaky)"))
                #expect(answer.status == .seeOther && answer.headers[.location] == "/", "next=\(sneaky)")
                let shown = Self.text(try await client.execute(uri: "/login?next=\(sneaky)", method: .get))
                #expect(!shown.contains("evil.example"), "GET /login?next=\(sneaky) carries it into the form")
            }
            let signed = try await client.execute(
                uri: "/login", method: .post, headers: form,
                body: TestServer.body("token=\(TestServer.ingestToken)&next=%2Fprobes"))
            #expect(signed.status == .seeOther && signed.headers[.location] == "/probes")
            let setCookie = try #require(signed.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back")
            // Behind a proxy that ends TLS, the cookie is Secure.
            for proxy in [("X-Forwarded-Proto", "https"), ("Forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43")] {
                var headers = form
                headers[HTTPField.Name(proxy.0)!] = proxy.1
                let behind = try await client.execute(
                    uri: "/login", method: .post, headers: headers, body: TestServer.body("token=\(TestServer.ingestToken)&next=%2Fprobes"))
                #expect(behind.headers[.setCookie]?.contains("Secure") == true, "\(proxy.0): \(proxy.1)")
            }
            let cookie: HTTPFields = [.cookie: String(setCookie.prefix { $0 != ";" })]

            let page = try await client.execute(uri: "/probes", method: .get, headers: cookie)
            #expect(page.status == .ok && Self.text(page).contains("Sign out"))
            #expect(try await client.execute(uri: "/api/v1/slos", method: .get, headers: cookie).status == .ok)
            // a cookie is never enough to change anything
            let change = try await client.execute(uri: "/api/v1/changes", method: .post, headers: cookie, body: TestServer.body(#"{"service":"api"}"#))
            #expect(change.status == .unauthorized)
            let stale: HTTPFields = [.cookie: "vigil_read_token=forged"]
            #expect(try await client.execute(uri: "/", method: .get, headers: stale).status == .seeOther)
            // the status page never asks
            #expect(try await client.execute(uri: "/status", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/status.json", method: .get).status == .ok)
        }
    }

    @Test func theStatusPageShowsPublicIncidentsAndNoInternalDetail() async throws {
        try await TestServer(yaml: TestServer.configYAML(extraSLO: Self.statusPage)).test { client in
            try await Self.seed(client)
            // one incident made public with an update, one kept internal
            for title in ["Errors on checkout", "Internal: disk on db-7 filling"] {
                let opened = try await client.execute(
                    uri: "/api/v1/incidents", method: .post, headers: Self.write,
                    body: TestServer.body(#"{"title":"\#(title)","severity":"SEV1","services":["api"]}"#))
                #expect(opened.status == .created)
            }
            let update = try await client.execute(
                uri: "/api/v1/incidents/1/updates", method: .post, headers: Self.write,
                body: TestServer.body(#"{"status":"identified","text":"We found the cause and are fixing it."}"#))
            #expect(update.status == .created)

            let json = try TestServer.json(try await client.execute(uri: "/status.json", method: .get))
            #expect(json["overall"] as? String == "major_outage", "an open SEV1 is a major outage")
            let services = try #require(json["services"] as? [[String: Any]])
            #expect(services.map { $0["name"] as? String } == ["Public API"])
            let days = try #require(services.first?["days"] as? [[String: Any]])
            #expect(days.count == 90 && days.last?["uptime"] as? Double == 0.95 && days.last?["level"] as? String == "degraded")
            let incidents = try #require(json["incidents"] as? [[String: Any]])
            #expect(incidents.map { $0["title"] as? String } == ["Errors on checkout"])
            #expect((incidents.first?["services"] as? [String]) == ["Public API"])

            let html = Self.text(try await client.execute(uri: "/status", method: .get))
            #expect(html.contains("Major outage") && html.contains("We found the cause"), "\(html)")
            for secret in ["api-availability", "99%", "db-7", "0.99", "api-requests"] { #expect(!html.contains(secret), "\(secret) stays internal") }

            let atom = try await client.execute(uri: "/status.atom", method: .get)
            #expect(atom.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
            let parser = XMLParser(data: Data(Self.text(atom).utf8))
            #expect(parser.parse(), "the feed is well-formed XML")
            #expect(Self.text(atom).contains("<title>Errors on checkout [identified]</title>"))
        }
    }
}
