import Foundation
import VigilCore
import Yams

/// Reads a Gatus configuration's `endpoints` (and `external-endpoints` with a heartbeat)
/// into Vigil probes. Conditions use the same syntax, so they carry over as written —
/// checked by Vigil's stricter parser, so a typo Gatus would take as a literal is an error
/// here. A probe is named `<group>-<name>` (or `<name>`), in Vigil's name alphabet, and
/// belongs to a service named after its group (`gatus` when it has none). Gatus' other
/// sections (storage, ui, alerting providers, …) have no probe counterpart and are left out.
enum GatusImporter {
    static let endpointKeys = [
        "enabled", "name", "group", "url", "method", "body", "graphql", "headers", "extra-labels", "interval",
        "conditions", "alerts", "maintenance-windows", "dns", "client", "ui",
    ]

    static func parse(_ document: ConfigValue) -> Declarations {
        var declarations = Declarations()
        guard case .mapping(let root) = document.node else { return declarations }
        for (keyNode, valueNode) in root {
            guard let key = keyNode.string, key == "endpoints" || key == "external-endpoints" else { continue }
            let list = document.child(valueNode, key: key)
            for item in list.sequence() ?? [] {
                let probe = key == "endpoints" ? endpoint(item) : externalEndpoint(item)
                guard let (probe, serviceValue) = probe else { continue }
                declarations.probes.append(probe)
                if !declarations.impliedServices.contains(where: { $0.name == probe.value.service }) {
                    declarations.impliedServices.append(
                        Named(
                            name: probe.value.service, value: ServiceSpec(name: probe.value.service, location: serviceValue.location), nameValue: serviceValue))
                }
            }
        }
        return declarations
    }

    /// `my API (v2)` → `my-api-v2`: Vigil names are letters, digits, `-`, `_`, `.`.
    static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_.".unicodeScalars.contains(scalar)) {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("-") && !result.isEmpty {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// The probe's name, its service, and the value to blame for the service.
    static func identity(_ map: ConfigMapping, _ value: ConfigValue) -> (name: String, service: String, serviceValue: ConfigValue, nameValue: ConfigValue)? {
        guard let nameValue = map.required("name"), let name = nameValue.string() else { return nil }
        let group = map["group"]?.string()
        let probeName = [group.map(slug), slug(name)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "-")
        guard !probeName.isEmpty else {
            nameValue.error("'\(name)' leaves no letters or digits for a Vigil probe name")
            return nil
        }
        let service = group.map(slug).flatMap { $0.isEmpty ? nil : $0 } ?? "gatus"
        return (probeName, service, map["group"] ?? nameValue, nameValue)
    }

    static func endpoint(_ value: ConfigValue) -> (Named<ProbeSpec>, ConfigValue)? {
        guard let map = value.mapping(allowed: endpointKeys), let identity = identity(map, value) else { return nil }
        if map["enabled"]?.bool() == false { return nil }
        let interval = map["interval"]?.duration() ?? .seconds(60)
        var timeout = Duration.seconds(10)
        var insecure = false
        var followRedirects = true
        var clientCertificate: ClientCertificate?
        if let client = map["client"]?.mapping(allowed: [
            "insecure", "ignore-redirect", "timeout", "dns-resolver", "network", "proxy-url", "oauth2", "identity-aware-proxy", "tls", "tunnel",
            "store-cookies",
        ]) {
            insecure = client["insecure"]?.bool() ?? false
            followRedirects = !(client["ignore-redirect"]?.bool() ?? false)
            if let value = client["timeout"]?.duration() { timeout = value }
            if let tls = client["tls"]?.mapping(allowed: ["certificate-file", "private-key-file", "renegotiation"]) {
                let certificate = tls.required("certificate-file").flatMap { ProbeParser.pemFile($0, expecting: "CERTIFICATE") }
                let key = tls.required("private-key-file").flatMap { ProbeParser.pemFile($0, expecting: "PRIVATE KEY") }
                if let certificate, let key { clientCertificate = ClientCertificate(certificatePath: certificate, keyPath: key) }
            }
            for key in ["oauth2", "identity-aware-proxy", "tunnel", "proxy-url"] where client.has(key) {
                client[key]?.error("client.\(key) has no Vigil probe counterpart yet; remove it or probe without it")
            }
        }
        timeout = min(timeout, interval)
        guard let urlValue = map.required("url"), let url = urlValue.string() else { return nil }
        let kind: ProbeSpec.Kind?
        if let dns = map["dns"] {
            kind = dnsKind(dns, resolver: url, resolverValue: urlValue)
        } else if url.hasPrefix("http://") || url.hasPrefix("https://") {
            var http = HTTPProbe(url: url)
            http.method = map["method"]?.string()?.uppercased() ?? "GET"
            http.headers = map["headers"]?.stringMap() ?? [:]
            http.body = map["body"]?.string()
            http.verifyTLS = !insecure
            http.followRedirects = followRedirects
            http.clientCertificate = clientCertificate
            kind = .http(http)
        } else if url.hasPrefix("tcp://") {
            kind = .tcp(address: String(url.dropFirst(6)), send: map["body"]?.string(), expect: nil)
        } else if url.hasPrefix("tls://") {
            kind = .tls(address: String(url.dropFirst(6)), serverName: nil)
        } else {
            let scheme = url.split(separator: ":").first.map(String.init) ?? url
            urlValue.error("Gatus \(scheme):// endpoints have no Vigil probe counterpart (Vigil probes http(s), tcp, tls and dns)")
            kind = nil
        }
        let conditions = parseConditions(map["conditions"])
        let (failures, successes) = thresholds(map["alerts"])
        guard let kind, let conditions else { return nil }
        let spec = ProbeSpec(
            name: identity.name, service: identity.service, kind: kind, interval: interval, timeout: timeout,
            conditions: conditions, failureThreshold: failures, successThreshold: successes, location: value.location)
        return (Named(name: identity.name, value: spec, nameValue: identity.nameValue), identity.serviceValue)
    }

    /// Gatus DNS endpoints put the resolver in `url` (`8.8.8.8`, port 53 implied).
    static func dnsKind(_ value: ConfigValue, resolver: String, resolverValue: ConfigValue) -> ProbeSpec.Kind? {
        guard let map = value.mapping(allowed: ["query-name", "query-type"]),
            let name = map.required("query-name")?.string(), let typeValue = map.required("query-type"), let typeName = typeValue.string()
        else { return nil }
        guard let type = DNSProbe.RecordType(rawValue: typeName.uppercased()) else {
            typeValue.error("query type '\(typeName)' is not one Vigil asks (A, AAAA, CNAME, MX, TXT, NS)")
            return nil
        }
        let address = resolver.contains(":") && !resolver.hasSuffix("]") ? resolver : "\(resolver):53"
        return .dns(DNSProbe(resolver: address, name: name, type: type))
    }

    /// Gatus' push endpoints: with `heartbeat.interval` they are Vigil heartbeats.
    static func externalEndpoint(_ value: ConfigValue) -> (Named<ProbeSpec>, ConfigValue)? {
        guard let map = value.mapping(allowed: ["enabled", "name", "group", "token", "alerts", "heartbeat"]), let identity = identity(map, value) else {
            return nil
        }
        if map["enabled"]?.bool() == false { return nil }
        guard let interval = map["heartbeat"]?.mapping(allowed: ["interval"])?.required("interval")?.duration() else {
            if !map.has("heartbeat") { value.error("an external endpoint becomes a Vigil heartbeat only with heartbeat.interval") }
            return nil
        }
        let (failures, successes) = thresholds(map["alerts"])
        let spec = ProbeSpec(
            name: identity.name, service: identity.service, kind: .heartbeat(expectEvery: interval, grace: .zero), interval: interval,
            timeout: interval, conditions: [], failureThreshold: failures, successThreshold: successes, location: value.location)
        return (Named(name: identity.name, value: spec, nameValue: identity.nameValue), identity.serviceValue)
    }

    static func parseConditions(_ value: ConfigValue?) -> [ProbeCondition]? {
        guard let value else { return [] }
        var conditions: [ProbeCondition] = []
        var valid = true
        for item in value.sequence() ?? [] {
            guard let text = item.string() else {
                valid = false
                continue
            }
            do { conditions.append(try ProbeCondition(parsing: text)) } catch {
                item.error(error.message, atOffset: error.offset)
                valid = false
            }
        }
        return valid ? conditions : nil
    }

    /// The first alert's failure and success thresholds (Gatus' defaults are Vigil's).
    static func thresholds(_ value: ConfigValue?) -> (Int, Int) {
        guard let first = value?.sequence()?.first, case .mapping(let mapping) = first.node else { return (3, 2) }
        let failures = mapping["failure-threshold"]?.int ?? 3
        let successes = mapping["success-threshold"]?.int ?? 2
        return (max(1, failures), max(1, successes))
    }
}
