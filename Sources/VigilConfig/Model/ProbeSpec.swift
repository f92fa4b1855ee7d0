import VigilCore

/// A probe as configured: what to look at, how often, and the conditions that must hold.
public struct ProbeSpec: Hashable, Sendable {
    /// What the probe does.
    public enum Kind: Hashable, Sendable {
        case http(HTTPProbe)
        /// Connect (and optionally send a payload and expect a substring back).
        case tcp(address: String, send: String?, expect: String?)
        /// Certificate expiry, hostname and chain of a TLS endpoint.
        case tls(address: String, serverName: String?)
        /// Query a name against a resolver.
        case dns(DNSProbe)
        /// Pushed by a job (`POST /api/v1/heartbeats/{name}`); down when beats stop.
        case heartbeat(expectEvery: Duration, grace: Duration)
    }

    public var name: String
    public var service: String
    public var kind: Kind
    public var interval: Duration
    public var timeout: Duration
    public var conditions: [ProbeCondition]
    public var failureThreshold: Int
    public var successThreshold: Int
    public var location: SourceLocation?

    public init(
        name: String, service: String, kind: Kind, interval: Duration, timeout: Duration, conditions: [ProbeCondition],
        failureThreshold: Int = 3, successThreshold: Int = 2, location: SourceLocation? = nil
    ) {
        self.name = name
        self.service = service
        self.kind = kind
        self.interval = interval
        self.timeout = timeout
        self.conditions = conditions
        self.failureThreshold = failureThreshold
        self.successThreshold = successThreshold
        self.location = location
    }

    /// The schedule of its runs.
    public var schedule: ProbeSchedule { ProbeSchedule(name: name, interval: interval) }
}

/// An HTTP(S) request to make.
public struct HTTPProbe: Hashable, Sendable {
    public var url: String
    public var method: String = "GET"
    public var headers: [String: String] = [:]
    public var body: String?
    public var followRedirects = true
    public var verifyTLS = true
    /// Most of the body kept for `[BODY]` conditions.
    public var maxBodyBytes = 64 * 1024
    /// A certificate to present when the server asks for one (mutual TLS).
    public var clientCertificate: ClientCertificate?

    public init(url: String) { self.url = url }
}

/// PEM files of a client certificate (the chain, leaf first) and its private key, as
/// absolute paths (the config names them relative to its own file).
public struct ClientCertificate: Hashable, Sendable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}

/// A DNS question.
public struct DNSProbe: Hashable, Sendable {
    public enum RecordType: String, Hashable, Sendable, CaseIterable {
        case a = "A"
        case aaaa = "AAAA"
        case cname = "CNAME"
        case mx = "MX"
        case txt = "TXT"
        case ns = "NS"
    }

    /// `host:port` of the resolver.
    public var resolver: String
    public var name: String
    public var type: RecordType

    public init(resolver: String, name: String, type: RecordType) {
        self.resolver = resolver
        self.name = name
        self.type = type
    }
}

extension ProbeSpec.Kind {
    /// `http`, `tcp`, `tls`, `dns` or `heartbeat`.
    public var name: String {
        switch self {
        case .http: "http"
        case .tcp: "tcp"
        case .tls: "tls"
        case .dns: "dns"
        case .heartbeat: "heartbeat"
        }
    }

    /// What it looks at.
    public var target: String {
        switch self {
        case .http(let http): http.url
        case .tcp(let address, _, _), .tls(let address, _): address
        case .dns(let dns): "\(dns.type.rawValue) \(dns.name) @\(dns.resolver)"
        case .heartbeat(let every, _): "every \(every.compactDescription)"
        }
    }
}
