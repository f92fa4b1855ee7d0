import NIOCore
import VigilCore

/// What to send and how: the target, the requests with their weights, the model
/// (closed: connections; open: a rate), and when to stop.
public struct LoadPlan: Sendable {
    /// One request of a scenario (the scenario's own type).
    public typealias Request = LoadScenario.Request

    /// Where requests go.
    public struct Target: Sendable, Hashable {
        public var tls: Bool
        public var host: String
        public var port: Int

        /// Reads `http://host:port` or `https://host` (any path is ignored; requests carry theirs).
        public init?(url: String) {
            let lower = url.lowercased()
            let rest: Substring
            if lower.hasPrefix("http://") {
                tls = false
                rest = url.dropFirst(7)
            } else if lower.hasPrefix("https://") {
                tls = true
                rest = url.dropFirst(8)
            } else {
                return nil
            }
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            guard !authority.isEmpty else { return nil }
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                if after.isEmpty {
                    port = tls ? 443 : 80
                } else {
                    guard after.hasPrefix(":"), let value = Int(after.dropFirst()), (1...65_535).contains(value) else { return nil }
                    port = value
                }
            } else if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                guard let value = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(value) else { return nil }
                port = value
            } else {
                host = String(authority)
                port = tls ? 443 : 80
            }
            guard !host.isEmpty else { return nil }
        }

        /// The `Host` header's value.
        public var hostHeader: String {
            let shown = host.contains(":") ? "[\(host)]" : host
            return port == (tls ? 443 : 80) ? shown : "\(shown):\(port)"
        }
    }

    public var target: Target
    public var requests: [Request]
    public var connections: Int
    public var threads: Int
    /// How long to run; `nil` runs until `requestLimit`.
    public var duration: Duration?
    /// Stop after this many requests.
    public var requestLimit: Int?
    /// The open model's total rate (requests a second); `nil` is the closed model.
    public var rate: Double?
    /// Stages that ramp the rate (with `rate` or alone: the open model) or, in the closed
    /// model, the number of active connections. Their total length is the run's length.
    public var stages: LoadStages?
    /// A request unanswered this long is a timeout (its connection is dropped).
    public var timeout: Duration
    /// Whether requests are sent at a rate (open) rather than on answers (closed).
    public var openModel: Bool
    /// Check the server's certificate (`https://`); off for a self-signed test target.
    public var verifyCertificates = true

    /// The open model's rate over time.
    var rateStages: LoadStages? {
        guard openModel else { return nil }
        if let stages { return stages }
        return rate.map { LoadStages.constant($0, for: duration?.inSeconds ?? 1e9) }
    }

    /// How long it runs: the stages' total, or the duration.
    public var runLength: Duration? {
        if let stages { return .milliseconds(Int64((stages.totalDuration * 1000).rounded())) }
        return duration
    }

    public init(
        target: Target, requests: [Request], connections: Int, threads: Int, duration: Duration?, requestLimit: Int? = nil,
        rate: Double? = nil, stages: LoadStages? = nil, openModel: Bool? = nil, timeout: Duration = .seconds(2)
    ) {
        self.stages = stages
        self.openModel = openModel ?? (rate != nil)
        self.target = target
        self.requests = requests
        self.connections = connections
        self.threads = threads
        self.duration = duration
        self.requestLimit = requestLimit
        self.rate = rate
        self.timeout = timeout
    }

    /// Each request encoded once: the bytes written for it on every send.
    func encodedRequests() -> [ByteBuffer] {
        requests.map { request in
            var head = "\(request.method) \(request.path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
            var hasUserAgent = false
            for header in request.headers {
                head += "\(header.name): \(header.value)\r\n"
                if header.name.lowercased() == "user-agent" { hasUserAgent = true }
            }
            if !hasUserAgent { head += "User-Agent: vigil-load\r\n" }
            if let body = request.body {
                head += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            } else {
                head += "\r\n"
            }
            return ByteBuffer(string: head)
        }
    }
}
