import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// The `probes:` list: kinds, defaults, and condition errors that point at the token.
@Suite struct ProbeConfigTests {
    @Test func probesOfEveryKindLoad() throws {
        let yaml = """
            services:
              - {name: web}
              - {name: gateway, external: true}
            probes:
              - name: web-health
                service: web
                interval: 30s
                timeout: 5s
                http: {url: "http://127.0.0.1:8080/health", headers: {Accept: application/json}}
                conditions:
                  - "[STATUS] == 200"
                  - "[BODY].status == UP"
              - name: gateway-port
                service: gateway
                tcp: {address: "payments.example.com:443"}
                conditions: ["[CONNECTED] == true"]
                failure_threshold: 5
              - name: gateway-cert
                service: gateway
                tls: {address: "payments.example.com:443"}
                conditions: ["[CERTIFICATE_EXPIRATION] > 336h"]
              - name: web-dns
                service: web
                dns: {resolver: "127.0.0.1:53", name: shop.example.com, type: aaaa}
                conditions: ["[DNS_RCODE] == NOERROR"]
              - name: nightly-backup
                service: web
                heartbeat: {expect_every: 1d, grace: 30m}
            """
        let config = try ConfigLoader.load(yaml: yaml, file: "p.yaml").get()
        #expect(config.probes.map(\.name) == ["web-health", "gateway-port", "gateway-cert", "web-dns", "nightly-backup"])
        let web = config.probes[0]
        #expect(web.interval == .seconds(30) && web.timeout == .seconds(5))
        #expect(web.conditions.map(\.text) == ["[STATUS] == 200", "[BODY].status == UP"])
        #expect(web.failureThreshold == 3 && web.successThreshold == 2)
        guard case .http(let http) = web.kind else {
            Issue.record("expected http")
            return
        }
        #expect(http.headers == ["Accept": "application/json"] && http.method == "GET")
        #expect(config.probes[1].failureThreshold == 5)
        #expect(config.probes[3].kind == .dns(DNSProbe(resolver: "127.0.0.1:53", name: "shop.example.com", type: .aaaa)))
        #expect(config.probes[4].kind == .heartbeat(expectEvery: .seconds(86_400), grace: .seconds(1800)))
    }

    /// A bad condition is reported at the line and column of the bad token inside the
    /// quoted string; every other problem in the same pass.
    @Test func badProbesAreReportedAtTheirTokens() {
        let yaml = """
            services:
              - {name: web}
            probes:
              - name: web-health
                service: wbe
                http: {url: "http://127.0.0.1:8080/health"}
                timeout: 2m
                conditions:
                  - "[STATUS] == 200"
                  - "[STATSU] == 200"
                  - '[RESPONSE_TIME] < fast'
              - name: no-kind
                service: web
                conditions: ["[CONNECTED] == true"]
              - name: dns
                service: web
                dns: {resolver: "127.0.0.1", name: x, type: SRV}
                conditions: ["[DNS_RCODE] == NOERROR"]
              - name: bare
                service: web
                tcp: {address: "127.0.0.1:1"}
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "p.yaml") else {
            Issue.record("loaded a broken configuration")
            return
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "p.yaml:5:14: error: probes[0].service: unknown service 'wbe'; did you mean 'web'?",
                "p.yaml:7:14: error: probes[0].timeout: the timeout (2m) must not exceed the interval (1m)",
                "p.yaml:10:10: error: probes[0].conditions[1]: unknown placeholder '[STATSU]'; expected one of [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DNS_RCODE], [IP], [CERTIFICATE_CHAIN_VALID], [CERTIFICATE_HOSTNAME_VALID]; did you mean '[STATUS]'?",
                "p.yaml:11:28: error: probes[0].conditions[2]: 'fast' is not a number or a duration (such as 300, 1.5 or 48h) for <",
                "p.yaml:12:5: error: probes[1]: give one of http, tcp, tls, dns, heartbeat",
                "p.yaml:17:21: error: probes[2].dns.resolver: expected host:port, such as 127.0.0.1:443, found '127.0.0.1'",
                "p.yaml:17:49: error: probes[2].dns.type: unknown record type 'SRV'; expected one of A, AAAA, CNAME, MX, TXT, NS",
                #"p.yaml:19:5: error: probes[3]: give at least one condition, such as "[STATUS] == 200" or "[CONNECTED] == true""#,
            ])
    }

    /// Client certificate files are named relative to the config file, checked at load,
    /// and a missing or non-PEM file is an error at its line.
    @Test func clientCertificatesAreFilesBesideTheConfig() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tls"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".write(
            to: directory.appendingPathComponent("tls/client.pem"), atomically: true, encoding: .utf8)
        try "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n".write(
            to: directory.appendingPathComponent("tls/client-key.pem"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("probes.yaml").path
        func load(_ certificate: String, _ key: String, url: String = "https://api.example.com/") -> Result<VigilConfiguration, ConfigurationErrors> {
            ConfigLoader.load(
                yaml: """
                    services: [{name: web}]
                    probes:
                      - name: mtls
                        service: web
                        http:
                          url: "\(url)"
                          client_certificate: {cert: \(certificate), key: \(key)}
                        conditions: ["[STATUS] == 200"]
                    """, file: file)
        }
        let config = try load("tls/client.pem", "tls/client-key.pem").get()
        guard case .http(let http) = config.probes[0].kind else {
            Issue.record("expected http")
            return
        }
        #expect(
            http.clientCertificate
                == ClientCertificate(
                    certificatePath: directory.appendingPathComponent("tls/client.pem").standardizedFileURL.path,
                    keyPath: directory.appendingPathComponent("tls/client-key.pem").standardizedFileURL.path))
        // The emitted configuration reads back to the same probe.
        let emitted = try ConfigEmitter.yaml(for: config)
        #expect(try ConfigLoader.load(yaml: emitted, file: file).get().probes.map(\.kind) == config.probes.map(\.kind))
        guard case .failure(let errors) = load("tls/nope.pem", "tls/client.pem", url: "http://api.example.com/") else {
            Issue.record("loaded a missing certificate")
            return
        }
        let base = directory.standardizedFileURL.path
        #expect(
            errors.diagnostics.map(\.description) == [
                "\(file):7:34: error: probes[0].http.client_certificate.cert: cannot read '\(base)/tls/nope.pem'",
                "\(file):7:53: error: probes[0].http.client_certificate.key: '\(base)/tls/client.pem' holds no PEM private key (a -----BEGIN … PRIVATE KEY----- block)",
            ])
    }
}
