import VigilConfig

/// The few parts of DNS (RFC 1035, AAAA from RFC 3596) a probe needs: build a query,
/// read a response's header and answers. Names in answers may be compressed.
public struct DNSMessage: Hashable, Sendable {
    /// One answer record, its data as text (`93.184.216.34`, `10 mail.example.com.`).
    public struct Answer: Hashable, Sendable {
        public let type: UInt16
        public let value: String
    }

    public let id: UInt16
    public let rcode: UInt8
    /// The TC bit: the answer did not fit in UDP; ask again over TCP.
    public let truncated: Bool
    public let answers: [Answer]

    /// RCODE names, as Gatus' `[DNS_RCODE]` spells them.
    public var rcodeName: String {
        switch rcode {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "RCODE\(rcode)"
        }
    }

    public static func typeCode(_ type: DNSProbe.RecordType) -> UInt16 {
        switch type {
        case .a: 1
        case .ns: 2
        case .cname: 5
        case .mx: 15
        case .txt: 16
        case .aaaa: 28
        }
    }

    /// A recursive query for `name` (class IN).
    public static func query(id: UInt16, name: String, type: DNSProbe.RecordType) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes.append(0)
        let code = typeCode(type)
        bytes += [UInt8(code >> 8), UInt8(code & 0xFF), 0, 1]
        return bytes
    }

    /// Reads a response; `nil` when it is malformed.
    public init?(parsing bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        guard let id = reader.u16(), let flags = reader.u16(), let questions = reader.u16(), let answerCount = reader.u16(),
            reader.u16() != nil, reader.u16() != nil, flags & 0x8000 != 0
        else { return nil }
        for _ in 0..<questions {
            guard reader.name() != nil, reader.skip(4) else { return nil }
        }
        var answers: [Answer] = []
        for _ in 0..<answerCount {
            guard reader.name() != nil, let type = reader.u16(), reader.u16() != nil, reader.skip(4), let length = reader.u16() else { return nil }
            let start = reader.offset
            guard start + Int(length) <= bytes.count else { return nil }
            let value: String?
            switch type {
            case 1 where length == 4: value = bytes[start..<start + 4].map(String.init).joined(separator: ".")
            case 28 where length == 16:
                value = stride(from: start, to: start + 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(
                    separator: ":")
            case 2, 5: value = reader.name()
            case 15: value = reader.u16().flatMap { preference in reader.name().map { "\(preference) \($0)" } }
            case 16:
                var texts: [String] = []
                var offset = start
                while offset < start + Int(length) {
                    let count = Int(bytes[offset])
                    guard offset + 1 + count <= start + Int(length) else { return nil }
                    texts.append(String(decoding: bytes[offset + 1..<offset + 1 + count], as: UTF8.self))
                    offset += 1 + count
                }
                value = texts.joined()
            default: value = nil
            }
            reader.offset = start + Int(length)
            if let value { answers.append(Answer(type: type, value: value)) }
        }
        self.id = id
        rcode = UInt8(flags & 0x000F)
        truncated = flags & 0x0200 != 0
        self.answers = answers
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func u16() -> UInt16? {
            guard offset + 2 <= bytes.count else { return nil }
            defer { offset += 2 }
            return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        }

        mutating func skip(_ count: Int) -> Bool {
            guard offset + count <= bytes.count else { return false }
            offset += count
            return true
        }

        /// A domain name, following compression pointers (at most 32, so a loop ends).
        mutating func name() -> String? {
            var labels: [String] = []
            var position = offset
            var jumped = false
            for _ in 0..<128 {
                guard position < bytes.count else { return nil }
                let length = Int(bytes[position])
                if length == 0 {
                    if !jumped { offset = position + 1 }
                    return labels.joined(separator: ".") + "."
                }
                if length & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count else { return nil }
                    if !jumped { offset = position + 2 }
                    jumped = true
                    position = (length & 0x3F) << 8 | Int(bytes[position + 1])
                    continue
                }
                guard position + 1 + length <= bytes.count else { return nil }
                labels.append(String(decoding: bytes[position + 1..<position + 1 + length], as: UTF8.self))
                position += 1 + length
            }
            return nil
        }
    }
}
