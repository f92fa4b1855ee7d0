/// One condition of a probe, in Gatus' syntax (`[STATUS] == 200`,
/// `[BODY].status == UP`, `[CERTIFICATE_EXPIRATION] > 48h`, `len([BODY].items) > 0`,
/// `[STATUS] == any(200, 204)`, `any([STATUS], 200, 204)`), parsed once at config load.
public struct ProbeCondition: Hashable, Sendable, CustomStringConvertible {
    /// What a condition can look at.
    public enum Placeholder: String, Hashable, Sendable, CaseIterable {
        case status = "STATUS"
        case responseTime = "RESPONSE_TIME"
        case body = "BODY"
        case connected = "CONNECTED"
        case certificateExpiration = "CERTIFICATE_EXPIRATION"
        case dnsRcode = "DNS_RCODE"
        case ip = "IP"
        /// Vigil's own, beyond Gatus: whether the chain verifies against the system's
        /// trust roots, and whether the leaf certificate names the host.
        case certificateChainValid = "CERTIFICATE_CHAIN_VALID"
        case certificateHostnameValid = "CERTIFICATE_HOSTNAME_VALID"

        /// Placeholders whose value is a number of milliseconds or a count.
        var isNumeric: Bool { [.status, .responseTime, .certificateExpiration].contains(self) }
        /// Placeholders that are `true` or `false`.
        var isBoolean: Bool { [.connected, .certificateChainValid, .certificateHostnameValid].contains(self) }
        /// Placeholders that need the peer's certificate.
        public var needsCertificate: Bool { [.certificateExpiration, .certificateChainValid, .certificateHostnameValid].contains(self) }
    }

    /// One side of a comparison.
    public enum Operand: Hashable, Sendable {
        /// A placeholder, with a JSON path into the body for `[BODY].a.b[0]`.
        case placeholder(Placeholder, path: String?)
        /// `len(…)`: the length of a string, or the count of an array.
        case length(Placeholder, path: String?)
        /// `has(…)`: whether the body has that path.
        case has(Placeholder, path: String?)
        /// A literal as written.
        case literal(String)
        /// `pat(…)`: `*` and `?` wildcards.
        case pattern(String)
        /// `any(a, b, …)`: equal to one of the options.
        case anyOf([String])
    }

    /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case greater = ">"
        case less = "<"

        var isNumeric: Bool { ![.equal, .notEqual].contains(self) }
    }

    public let left: Operand
    public let op: Operator
    public let right: Operand
    /// The condition as written (trimmed), for display.
    public let text: String

    public var description: String { text }
}

/// A condition that does not parse: what is wrong and where, so the config error can
/// point at `file:line:column` of the bad token.
public struct ProbeConditionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    /// Offset of the bad token in the condition, from 0, in characters.
    public let offset: Int

    public var description: String { message }
}
