/// The `server:` block: how `vigil serve` listens, evaluates, keeps data and authenticates.
public struct ServerSettings: Hashable, Sendable {
    /// Reads may be open to anyone who can reach the port, or need a token.
    public enum ReadAuth: String, Hashable, Sendable, CaseIterable {
        case open, token
    }

    /// The default port, 9470 (unassigned in Prometheus' port allocation list).
    public static let defaultPort = 9470

    public var host = "127.0.0.1"
    public var port = ServerSettings.defaultPort
    /// The URL people reach the server at, for links in notifications; default
    /// `http://<listen>`.
    public var externalURL: String?
    /// How often the evaluator runs.
    public var evaluationInterval: Duration = .seconds(30)
    /// How long minute buckets are kept; older minutes are rolled up into hours.
    public var retention: Duration = .seconds(35 * 86_400)
    /// How long the hourly roll-ups are kept (quarter and year reports read them).
    public var hourlyRetention: Duration = .seconds(400 * 86_400)
    /// Most instances a grouped SLO splits into before the rest share one overflow
    /// instance (an SLO's `max_groups` overrides it).
    public var maxGroupsPerSLO = 100
    /// Most probes running at once; a run that finds the limit reached is recorded as missed.
    public var maxConcurrentProbes = 64
    public var readAuth = ReadAuth.open
    /// The Prometheus-compatible API that SLIs written in PromQL are read from.
    public var prometheus: PrometheusSource?
    public var tokens: [TokenSpec] = []
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes = 8 * 1024 * 1024
    /// Most events in one batch (413 beyond).
    public var maxBatchEvents = 100_000
    /// How far in the future an event may be stamped (clock skew allowance).
    public var maxFuture: Duration = .seconds(300)
    /// Where it was declared, if it was.
    public var location: SourceLocation?

    public init() {}

    /// ``externalURL``, or the listen address as a URL, without a trailing slash.
    public var linkBase: String {
        let base = externalURL ?? "http://\(host):\(port)"
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }
}

/// What a token may do.
public enum TokenScope: String, Hashable, Sendable, CaseIterable {
    /// Push events and heartbeats.
    case ingest
    /// Record changes, incidents, silences.
    case write
    /// Everything, including reload.
    case admin
}

/// A bearer token, kept as a hash of its secret (``TokenHash``) so the config holds no secrets.
public struct TokenSpec: Hashable, Sendable {
    public var name: String
    public var hash: TokenHash
    public var scopes: Set<TokenScope>

    public init(name: String, hash: TokenHash, scopes: Set<TokenScope>) {
        self.name = name
        self.hash = hash
        self.scopes = scopes
    }

    /// A token kept in the first, unsalted form: the SHA-256 of the token, 32 bytes.
    public init(name: String, sha256: [UInt8], scopes: Set<TokenScope>) {
        self.init(name: name, hash: .sha256(sha256), scopes: scopes)
    }

    /// Whether this token grants `scope` (`admin` grants every scope).
    public func grants(_ scope: TokenScope) -> Bool {
        scopes.contains(scope) || scopes.contains(.admin)
    }
}

/// `server.prometheus`: where `vigil serve` reads PromQL SLIs (Prometheus, or Thanos,
/// Mimir, VictoriaMetrics: anything with `/api/v1/query_range`).
public struct PrometheusSource: Hashable, Sendable {
    /// The base URL, without `/api/v1` (`http://127.0.0.1:9090`).
    public var url: String
    /// How long one query may take before its minutes count as "no data".
    public var timeout: Duration = .seconds(10)
    /// How often the latest minutes are fetched (default: the evaluation interval).
    public var interval: Duration?

    public init(url: String, timeout: Duration = .seconds(10), interval: Duration? = nil) {
        self.url = url
        self.timeout = timeout
        self.interval = interval
    }
}
