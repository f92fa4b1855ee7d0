import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// `vigil import gatus`: endpoints become probes, conditions carry over.
@Suite struct GatusImportTests {
    @Test func endpointsBecomeProbes() throws {
        let config = try ConfigLoader.load(paths: [Fixtures.path("gatus/config.yaml")], only: .gatus).get()
        #expect(
            config.probes.map(\.name) == [
                "core-services-website", "make-sure-header-is-rendered", "core-services-check-domain-and-certificate",
                "dns-query", "redis", "core-services-nightly-backup",
            ])
        #expect(config.services.map(\.name) == ["core-services", "gatus"])
        let website = config.probes[0]
        #expect(website.service == "core-services" && website.interval == .seconds(300))
        #expect(website.conditions.map(\.text) == ["[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 300"])
        #expect(website.failureThreshold == 5 && website.successThreshold == 3)
        guard case .http(let insecure) = config.probes[1].kind else {
            Issue.record("expected http")
            return
        }
        #expect(!insecure.verifyTLS && !insecure.followRedirects && config.probes[1].timeout == .seconds(5))
        #expect(config.probes[2].kind == .tls(address: "example.org:443", serverName: nil))
        #expect(config.probes[3].kind == .dns(DNSProbe(resolver: "8.8.8.8:53", name: "example.com", type: .a)))
        #expect(config.probes[4].kind == .tcp(address: "127.0.0.1:6379", send: "PING\r\n", expect: nil))
        #expect(config.probes[5].kind == .heartbeat(expectEvery: .seconds(86_400), grace: .zero))
        // The Vigil YAML it prints reads back into the same probes.
        let again = try ConfigLoader.load(yaml: try ConfigEmitter.yaml(for: config), file: "again.yaml").get()
        #expect(again.probes.map { $0.with(location: nil) } == config.probes.map { $0.with(location: nil) })
    }

    /// Gatus' `client.tls` certificate and key files become the probe's client certificate.
    @Test func clientTLSBecomesAClientCertificate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-gatus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".write(
            to: directory.appendingPathComponent("client.crt"), atomically: true, encoding: .utf8)
        try "-----BEGIN EC PRIVATE KEY-----\n-----END EC PRIVATE KEY-----\n".write(
            to: directory.appendingPathComponent("client.key"), atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(
            yaml: """
                endpoints:
                  - name: mtls
                    url: "https://api.example.com/health"
                    client:
                      tls: {certificate-file: client.crt, private-key-file: client.key, renegotiation: never}
                    conditions: ["[STATUS] == 200"]
                """, file: directory.appendingPathComponent("gatus.yaml").path
        ).get()
        guard case .http(let http) = config.probes.first?.kind else {
            Issue.record("expected http")
            return
        }
        #expect(http.clientCertificate?.certificatePath == directory.appendingPathComponent("client.crt").standardizedFileURL.path)
        #expect(http.clientCertificate?.keyPath == directory.appendingPathComponent("client.key").standardizedFileURL.path)
    }

    @Test func whatVigilCannotProbeIsAnError() {
        let yaml = """
            endpoints:
              - name: ping
                url: "icmp://example.org"
                conditions: ["[CONNECTED] == true"]
              - name: typo
                url: "http://x.example"
                conditions: ["[STAUTS] == 200"]
            external-endpoints:
              - name: push-only
                token: t
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "g.yaml") else {
            Issue.record("expected errors")
            return
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "g.yaml:3:10: error: endpoints[0].url: Gatus icmp:// endpoints have no Vigil probe counterpart (Vigil probes http(s), tcp, tls and dns)",
                "g.yaml:7:19: error: endpoints[1].conditions[0]: unknown placeholder '[STAUTS]'; expected one of [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DNS_RCODE], [IP], [CERTIFICATE_CHAIN_VALID], [CERTIFICATE_HOSTNAME_VALID]; did you mean '[STATUS]'?",
                "g.yaml:9:5: error: external-endpoints[0]: an external endpoint becomes a Vigil heartbeat only with heartbeat.interval",
            ])
    }
}

extension ProbeSpec {
    func with(location: VigilConfig.SourceLocation?) -> ProbeSpec {
        var copy = self
        copy.location = location
        return copy
    }
}
