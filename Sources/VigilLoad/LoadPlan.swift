import NIOCore

/// What to send and how: the target, the requests with their weights, the model
/// (closed: connections; open: a rate), and when to stop.
public struct LoadPlan: Sendable {
    /// One request of a scenario.
    public struct Request: Sendable {
        public var name: String
        public var method: String
        /// Path and query, starting with `/`.
        public var path: String
        public var headers: [(name: String, value: String)]
        public var body: String?
        public var weight: Int

        public init(name: String, method: String = "GET", path: String, headers: [(name: String, value: String)] = [], body: String? = nil, weight: Int = 1) {
            self.name = name
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.weight = weight
        }
    }

    /// Where requests go.
    public struct Target: Sendable, Hashable {
        public var tls: Bool
        public var host: String
        public var port: Int

        /// Reads `http://host:port` or `https://host` (any path is ignored; requests carry theirs).
        public init?(url: String) {
            let lower = url.lowercased()
            let rest: Substring
            if lower.hasPrefix("http://") { tls = false; rest = url.dropFirst(7) } else if lower.hasPrefix("https://") { tls = true; rest = url.dropFirst(8) } else { return nil }
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            guard !authority.isEmpty else { return nil }
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                if after.isEmpty { port = tls ? 443 : 80 } else {
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
    /// A request unanswered this long is a timeout (its connection is dropped).
    public var timeout: Duration

    public init(target: Target, requests: [Request], connections: Int, threads: Int, duration: Duration?, requestLimit: Int? = nil,
                rate: Double? = nil, timeout: Duration = .seconds(2)) {
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
