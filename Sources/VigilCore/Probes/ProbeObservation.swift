/// What one probe run saw: the facts its conditions are judged against. A field is
/// `nil` when the probe kind does not observe it (a TCP probe has no HTTP status) or
/// the run ended before it could (no certificate when the connection failed).
public struct ProbeObservation: Hashable, Sendable {
    /// Whether a connection was established.
    public var connected: Bool
    /// The HTTP status.
    public var status: Int?
    /// From the start of the run to the end of the response.
    public var responseTime: Duration?
    /// The response body (bounded by the probe's body limit), or a TCP probe's reply.
    public var body: [UInt8]?
    /// Time left before the earliest certificate of the chain expires (negative once
    /// expired).
    public var certificateExpiration: Duration?
    /// Whether the certificate chain verifies against the system's trust roots.
    public var certificateChainValid: Bool?
    /// Whether the leaf certificate names the host probed (or the configured server name).
    public var certificateHostnameValid: Bool?
    /// `NOERROR`, `NXDOMAIN`, …
    public var dnsRcode: String?
    /// The address connected to, or the first DNS answer.
    public var ip: String?

    public init(
        connected: Bool, status: Int? = nil, responseTime: Duration? = nil, body: [UInt8]? = nil,
        certificateExpiration: Duration? = nil, dnsRcode: String? = nil, ip: String? = nil
    ) {
        self.connected = connected
        self.status = status
        self.responseTime = responseTime
        self.body = body
        self.certificateExpiration = certificateExpiration
        self.dnsRcode = dnsRcode
        self.ip = ip
    }
}
