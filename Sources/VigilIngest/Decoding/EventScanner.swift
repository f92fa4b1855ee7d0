import Foundation
import VigilCore

/// A JSON syntax error: what and where (a byte offset into the scanned text).
struct JSONSyntaxError: Error {
    let message: String
    let offset: Int
}

/// A single-pass JSON reader made for event batches: it reads each event object straight
/// into a ``RawEvent`` — known keys matched as bytes, timestamps parsed without making a
/// String, numbers without Foundation — where a general parser (JSONSerialization) builds
/// a dictionary of boxed values per event. It accepts exactly RFC 8259 JSON.
struct EventScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        index = start
        self.end = end ?? bytes.count
    }

    var atEnd: Bool { index >= end }
    var current: UInt8? { index < end ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: index) }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard current == byte else { throw error(current == nil ? "unexpected end, expected \(what)" : "expected \(what)") }
        index += 1
    }

    // MARK: Events

    /// One event object.
    mutating func event() throws(JSONSyntaxError) -> RawEvent {
        var event = RawEvent()
        try expect(UInt8(ascii: "{"), "'{'")
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return event
        }
        while true {
            skipWhitespace()
            let key = try stringRange()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a key")
            skipWhitespace()
            if let field = Self.field(bytes, key.range) {
                if field == .time, current == UInt8(ascii: "\""), let date = try timestamp() {
                    event.time = .timestamp(date)
                } else {
                    event[field] = try value()
                }
            } else {
                event.unknown.append(string(key))
                _ = try value()
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return event
            default: throw error(current == nil ? "unexpected end inside an object" : "expected ',' or '}' in an object")
            }
        }
    }

    /// The known field a key names, compared as bytes.
    static func field(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> RawEvent.Field? {
        for (field, name) in RawEvent.Field.utf8Names where name.count == range.count {
            var same = true
            for offset in 0..<name.count where bytes[range.lowerBound + offset] != name[offset] {
                same = false
                break
            }
            if same { return field }
        }
        return nil
    }

    /// A string value parsed as RFC 3339 on the spot; `nil` (scanner left at the string)
    /// when it has escapes or does not parse, so the caller reads it as a plain string.
    mutating func timestamp() throws(JSONSyntaxError) -> Date? {
        let start = index
        let string = try stringRange()
        guard !string.hasEscapes,
            let date = RFC3339.parse(bytes: UnsafeBufferPointer(rebasing: bytes[string.range]))
        else {
            index = start
            return nil
        }
        return date
    }

    // MARK: Values

    mutating func value() throws(JSONSyntaxError) -> FieldValue {
        switch current {
        case UInt8(ascii: "\""): return .string(string(try stringRange()))
        case UInt8(ascii: "{"):
            index += 1
            var members: [(key: String, value: FieldValue)] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                let key = string(try stringRange())
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipWhitespace()
                members.append((key, try value()))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(members)
                default: throw error(current == nil ? "unexpected end inside an object" : "expected ',' or '}' in an object")
                }
            }
        case UInt8(ascii: "["):
            index += 1
            var count = 0
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return .array(count: 0)
            }
            while true {
                skipWhitespace()
                _ = try value()
                count += 1
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return .array(count: count)
                default: throw error(current == nil ? "unexpected end inside an array" : "expected ',' or ']' in an array")
                }
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"): return .number(try number())
        case let byte? where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"): return .number(try number())
        case nil: throw error("unexpected end, expected a value")
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))', expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard end - index >= count, (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] }) else {
            throw error("invalid literal, expected \(word)")
        }
        index += count
    }

    /// A JSON number. Integers are read digit by digit; anything with a fraction or an
    /// exponent goes through `strtod` (via `Double(_:)`).
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        var negative = false
        if current == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard let first = current, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") else { throw error("expected a digit") }
        var integer: Int64 = 0
        var digits = 0
        if first == UInt8(ascii: "0") {
            index += 1
            digits = 1
        } else {
            while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits < 18 { integer = integer * 10 + Int64(byte - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
        }
        var isInteger = digits <= 18
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { throw error("expected a digit after '.'") }
            while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { throw error("expected a digit in the exponent") }
            while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { index += 1 }
        }
        if isInteger { return Double(negative ? -integer : integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONSyntaxError(message: "number out of range", offset: start) }
        return value
    }

    /// Where a string's content lies (between its quotes), and whether it has escapes.
    mutating func stringRange() throws(JSONSyntaxError) -> (range: Range<Int>, hasEscapes: Bool) {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        var hasEscapes = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start..<(index - 1), hasEscapes)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                guard index + 1 < end else { break }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= end, (2..<6).allSatisfy({ Self.isHexDigit(bytes[index + $0]) }) else {
                        throw error("\\u needs four hex digits")
                    }
                    index += 6
                default:
                    throw error("invalid escape in a string")
                }
                continue
            }
            guard byte >= 0x20 else { throw error("control character in a string (escape it)") }
            index += 1
        }
        throw JSONSyntaxError(message: "unterminated string", offset: start - 1)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// The text of a string found by ``stringRange()``, escapes decoded.
    func string(_ found: (range: Range<Int>, hasEscapes: Bool)) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[found.range])
        guard found.hasEscapes else { return String(decoding: content, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var i = 0
        func flush() {
            if !utf8.isEmpty {
                scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll()
            }
        }
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= content.count else { return nil }
            return UInt32(String(decoding: UnsafeBufferPointer(rebasing: content[at..<(at + 4)]), as: UTF8.self), radix: 16)
        }
        while i < content.count {
            guard content[i] == UInt8(ascii: "\\"), i + 1 < content.count else {
                utf8.append(content[i])
                i += 1
                continue
            }
            flush()
            let escape = content[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "u"):
                guard var code = hex(i) else {
                    scalars.append("\u{FFFD}")
                    continue
                }
                i += 4
                // A surrogate pair spells one scalar beyond the Basic Multilingual Plane.
                if (0xD800..<0xDC00).contains(code), i + 6 <= content.count, content[i] == UInt8(ascii: "\\"),
                    content[i + 1] == UInt8(ascii: "u"), let low = hex(i + 2), (0xDC00..<0xE000).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: scalars.append(Unicode.Scalar(escape)) // \" \\ \/
            }
        }
        flush()
        return String(scalars)
    }

    /// Line and column (from 1) of a byte offset, for error messages.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
