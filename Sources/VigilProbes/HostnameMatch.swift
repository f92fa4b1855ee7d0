import NIOCore
import NIOSSL

/// Whether a certificate names a host (RFC 6125): its DNS subject alternative names, a
/// `*` standing for exactly the left-most label, or its IP address names.
enum HostnameMatch {
    static func matches(_ certificate: NIOSSLCertificate, host: String) -> Bool {
        let host = host.lowercased().trimmingTrailingDot
        let hostAddress = (try? SocketAddress(ipAddress: host, port: 0))?.ipAddress
        // NIOSSL names this accessor with an underscore; it is the one that reads SANs.
        for name in certificate._subjectAlternativeNames() {
            switch name.nameType {
            case .dnsName:
                let pattern = String(decoding: name.contents, as: UTF8.self).lowercased().trimmingTrailingDot
                if hostAddress == nil && matches(pattern: pattern, host: host) { return true }
            case .ipAddress:
                let address = try? SocketAddress(packedIPAddress: ByteBuffer(bytes: Array(name.contents)), port: 0)
                if let hostAddress, address?.ipAddress == hostAddress { return true }
            default:
                continue
            }
        }
        return false
    }

    static func matches(pattern: String, host: String) -> Bool {
        guard pattern.hasPrefix("*.") else { return pattern == host }
        let suffix = pattern.dropFirst(1) // ".example.com"
        guard host.hasSuffix(suffix) else { return false }
        let label = host.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".")
    }
}

extension String {
    var trimmingTrailingDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
