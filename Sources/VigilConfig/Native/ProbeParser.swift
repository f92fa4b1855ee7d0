import Foundation
import VigilCore

/// Reads the `probes:` list of a native document (see docs/probes.md).
enum ProbeParser {
    static let kinds = ["http", "tcp", "tls", "dns", "heartbeat"]

    /// - Parameter serviceReferences: collects every probe's `service:` value, complete or
    ///   not, so an unknown service is reported in the same pass as the probe's other errors.
    static func probe(_ value: ConfigValue, serviceReferences: inout [ConfigValue]) -> Named<ProbeSpec>? {
        guard let map = value.mapping(allowed: ["name", "service", "interval", "timeout", "conditions", "failure_threshold", "success_threshold"] + kinds),
            let nameValue = map.required("name"), let name = NativeParser.identifier(nameValue)
        else { return nil }
        let serviceValue = map.required("service")
        let service = serviceValue?.string()
        if let serviceValue, service != nil { serviceReferences.append(serviceValue) }
        let present = kinds.filter { map.has($0) }
        guard present.count == 1, let kindName = present.first, let body = map[kindName] else {
            value.error(present.isEmpty ? "give one of \(kinds.joined(separator: ", "))" : "give only one of \(present.joined(separator: ", "))")
            return nil
        }
        let kind = Self.kind(kindName, body)
        var interval = map["interval"]?.duration() ?? .seconds(60)
        var timeout = map["timeout"]?.duration() ?? .seconds(10)
        // A heartbeat is not run: its period is its interval.
        if case .heartbeat(let every, _)? = kind { (interval, timeout) = (every, every) }
        if interval < .seconds(1) { map["interval"]?.error("must be at least 1s") }
        if timeout <= .zero {
            map["timeout"]?.error("must be more than 0")
        } else if timeout > interval, kindName != "heartbeat" {
            map["timeout"]?.error("the timeout (\(timeout.compactDescription)) must not exceed the interval (\(interval.compactDescription))")
        }
        var conditions: [ProbeCondition] = []
        var conditionsValid = true
        if let list = map["conditions"]?.sequence() {
            for item in list {
                guard let text = item.string() else {
                    conditionsValid = false
                    continue
                }
                do {
                    conditions.append(try ProbeCondition(parsing: text))
                } catch {
                    item.error(error.message, atOffset: error.offset)
                    conditionsValid = false
                }
            }
        }
        if conditions.isEmpty && conditionsValid && kindName != "heartbeat" {
            (map["conditions"] ?? value).error("give at least one condition, such as \"[STATUS] == 200\" or \"[CONNECTED] == true\"")
            conditionsValid = false
        }
        let failures = threshold(map["failure_threshold"]) ?? 3
        let successes = threshold(map["success_threshold"]) ?? 2
        guard let service, let kind, conditionsValid else { return nil }
        let spec = ProbeSpec(
            name: name, service: service, kind: kind, interval: interval, timeout: timeout, conditions: conditions,
            failureThreshold: failures, successThreshold: successes, location: value.location)
        return Named(name: name, value: spec, nameValue: nameValue)
    }

    static func threshold(_ value: ConfigValue?) -> Int? {
        guard let value, let count = value.count() else { return nil }
        guard count >= 1 && count <= 100 else {
            value.error("must be from 1 to 100, found \(count)")
            return nil
        }
        return Int(count)
    }

    static func kind(_ name: String, _ body: ConfigValue) -> ProbeSpec.Kind? {
        switch name {
        case "http":
            guard
                let map = body.mapping(allowed: ["url", "method", "headers", "body", "follow_redirects", "verify_tls", "max_body_bytes", "client_certificate"]),
                let url = map.required("url").flatMap(NativeParser.httpURL)
            else { return nil }
            var http = HTTPProbe(url: url)
            if let methodValue = map["method"], let method = methodValue.string() {
                let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
                if methods.contains(method.uppercased()) {
                    http.method = method.uppercased()
                } else {
                    methodValue.error("unknown method '\(method)'; expected one of \(methods.joined(separator: ", "))")
                }
            }
            http.headers = map["headers"]?.stringMap() ?? [:]
            http.body = map["body"]?.string()
            http.followRedirects = map["follow_redirects"]?.bool() ?? true
            http.verifyTLS = map["verify_tls"]?.bool() ?? true
            if let bytes = map["max_body_bytes"]?.count() { http.maxBodyBytes = Int(bytes) }
            if let certificate = map["client_certificate"] {
                guard let clientCertificate = clientCertificate(certificate) else { return nil }
                if !url.lowercased().hasPrefix("https://") { certificate.error("a client certificate needs an https URL") }
                http.clientCertificate = clientCertificate
            }
            return .http(http)
        case "tcp":
            guard let map = body.mapping(allowed: ["address", "send", "expect"]), let address = map.required("address").flatMap(hostPort) else { return nil }
            return .tcp(address: address, send: map["send"]?.string(), expect: map["expect"]?.string())
        case "tls":
            guard let map = body.mapping(allowed: ["address", "server_name"]), let address = map.required("address").flatMap(hostPort) else { return nil }
            return .tls(address: address, serverName: map["server_name"]?.string())
        case "dns":
            guard let map = body.mapping(allowed: ["resolver", "name", "type"]) else { return nil }
            let resolver = map.required("resolver").flatMap(hostPort)
            let query = map.required("name")?.string()
            var type: DNSProbe.RecordType? = .a
            if let typeValue = map["type"], let typeName = typeValue.string() {
                let names = DNSProbe.RecordType.allCases.map(\.rawValue)
                type = DNSProbe.RecordType(rawValue: typeName.uppercased())
                if type == nil {
                    typeValue.error(
                        "unknown record type '\(typeName)'; expected one of \(names.joined(separator: ", "))\(Suggestion.hint(for: typeName.uppercased(), among: names))"
                    )
                }
            }
            guard let resolver, let query, let type else { return nil }
            return .dns(DNSProbe(resolver: resolver, name: query, type: type))
        default:
            guard let map = body.mapping(allowed: ["expect_every", "grace"]), let every = map.required("expect_every")?.duration() else { return nil }
            return .heartbeat(expectEvery: every, grace: map["grace"]?.duration() ?? .zero)
        }
    }

    /// `{cert: client.pem, key: client-key.pem}`: PEM files, relative to the config file,
    /// checked here so a wrong path is a config error rather than a failing probe.
    static func clientCertificate(_ value: ConfigValue) -> ClientCertificate? {
        guard let map = value.mapping(allowed: ["cert", "key"]) else { return nil }
        let certificate = map.required("cert").flatMap { pemFile($0, expecting: "CERTIFICATE") }
        let key = map.required("key").flatMap { pemFile($0, expecting: "PRIVATE KEY") }
        guard let certificate, let key else { return nil }
        return ClientCertificate(certificatePath: certificate, keyPath: key)
    }

    /// The absolute path of a readable PEM file holding a `-----BEGIN …<label>-----` block.
    static func pemFile(_ value: ConfigValue, expecting label: String) -> String? {
        guard let text = value.string() else { return nil }
        let base = URL(fileURLWithPath: value.location.file).deletingLastPathComponent()
        let path = text.hasPrefix("/") ? text : base.appendingPathComponent(text).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: path) else {
            value.error("cannot read '\(path)'")
            return nil
        }
        let pem = String(decoding: data, as: UTF8.self)
        guard pem.contains("-----BEGIN "), pem.contains("\(label)-----") else {
            value.error("'\(path)' holds no PEM \(label.lowercased()) (a -----BEGIN … \(label)----- block)")
            return nil
        }
        return path
    }

    /// `host:port` with a port from 1 to 65535.
    static func hostPort(_ value: ConfigValue) -> String? {
        guard let text = value.string() else { return nil }
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex, let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port)
        else {
            value.error("expected host:port, such as 127.0.0.1:443, found '\(text)'")
            return nil
        }
        return text
    }
}
