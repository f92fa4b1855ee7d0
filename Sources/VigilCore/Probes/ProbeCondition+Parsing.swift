import Foundation

extension ProbeCondition {
    /// The codes `[DNS_RCODE]` may be compared with.
    public static let dnsRcodes = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]

    /// Parses a condition, or says what is wrong with it and where.
    public init(parsing text: String) throws(ProbeConditionError) {
        let leading = text.prefix { $0 == " " }.count
        let trimmed = String(text.dropFirst(leading).reversed().drop { $0 == " " }.reversed())
        // The issue's function form: any([STATUS], 200, 204).
        if trimmed.hasPrefix("any("), trimmed.hasSuffix(")"), !Operator.allCases.contains(where: { trimmed.contains(" \($0.rawValue) ") }) {
            let arguments = Self.split(String(trimmed.dropFirst(4).dropLast()))
            guard arguments.count >= 2 else {
                throw ProbeConditionError(message: "any() needs a placeholder and at least one value, as in any([STATUS], 200, 204)", offset: leading)
            }
            let subject = try Self.operand(arguments[0].text, offset: leading + 4 + arguments[0].offset)
            guard case .placeholder = subject else {
                throw ProbeConditionError(message: "any()'s first argument must be a placeholder such as [STATUS]", offset: leading + 4 + arguments[0].offset)
            }
            self.init(left: subject, op: .equal, right: .anyOf(arguments.dropFirst().map(\.text)), text: trimmed)
            return
        }
        // Gatus' rule: the operator stands between spaces; the first match in this order wins.
        guard let (op, range) = Operator.allCases.lazy.compactMap({ op in trimmed.range(of: " \(op.rawValue) ").map { (op, $0) } }).first else {
            throw ProbeConditionError(
                message: "no comparison: expected ==, !=, <, <=, > or >= between spaces, as in [STATUS] == 200", offset: leading)
        }
        let leftText = String(trimmed[..<range.lowerBound])
        let rightText = String(trimmed[range.upperBound...])
        let rightOffset = leading + trimmed.distance(from: trimmed.startIndex, to: range.upperBound)
        let left = try Self.operand(leftText, offset: leading)
        let right = try Self.operand(rightText, offset: rightOffset)
        try Self.check(left, op, right, offsets: (leading, rightOffset))
        self.init(left: left, op: op, right: right, text: trimmed)
    }

    /// One side: a placeholder (with a JSON path for the body), a function or a literal.
    static func operand(_ raw: String, offset: Int) throws(ProbeConditionError) -> Operand {
        let text = raw.trimmingSpaces
        let offset = offset + (raw.prefix { $0 == " " }.count)
        guard !text.isEmpty else { throw ProbeConditionError(message: "a side of the comparison is empty", offset: offset) }
        for (prefix, make) in [("len(", Operand.length), ("has(", Operand.has)] as [(String, (Placeholder, String?) -> Operand)] where text.hasPrefix(prefix) {
            guard text.hasSuffix(")") else { throw ProbeConditionError(message: "\(prefix)…) is not closed", offset: offset) }
            let inner = String(text.dropFirst(prefix.count).dropLast())
            guard case .placeholder(let placeholder, let path) = try operand(inner, offset: offset + prefix.count) else {
                throw ProbeConditionError(message: "\(prefix)…) takes a placeholder such as [BODY].items", offset: offset + prefix.count)
            }
            if prefix == "has(", placeholder != .body {
                throw ProbeConditionError(message: "has() looks into the body: has([BODY].path)", offset: offset + prefix.count)
            }
            return make(placeholder, path)
        }
        if text.hasPrefix("pat("), text.hasSuffix(")") { return .pattern(String(text.dropFirst(4).dropLast())) }
        if text.hasPrefix("any("), text.hasSuffix(")") { return .anyOf(split(String(text.dropFirst(4).dropLast())).map(\.text)) }
        if let open = text.firstIndex(of: "("), text.hasSuffix(")"), text[..<open].allSatisfy({ $0.isLetter }), !text.hasPrefix("[") {
            let name = String(text[..<open])
            throw ProbeConditionError(
                message: "unknown function '\(name)()'; expected len, has, pat or any\(Suggestion.hint(for: name, among: ["len", "has", "pat", "any"]))",
                offset: offset)
        }
        guard text.hasPrefix("[") else { return .literal(text) }
        guard let close = text.firstIndex(of: "]") else { throw ProbeConditionError(message: "'[' without ']'", offset: offset) }
        let name = text[text.index(after: text.startIndex)..<close].uppercased()
        guard let placeholder = Placeholder(rawValue: name) else {
            let names = Placeholder.allCases.map { "[\($0.rawValue)]" }
            throw ProbeConditionError(
                message:
                    "unknown placeholder '[\(text[text.index(after: text.startIndex)..<close])]'; expected one of \(names.joined(separator: ", "))\(Suggestion.hint(for: "[\(name)]", among: names))",
                offset: offset)
        }
        var path = String(text[text.index(after: close)...])
        guard !path.isEmpty else { return .placeholder(placeholder, path: nil) }
        guard placeholder == .body else {
            throw ProbeConditionError(
                message: "only [BODY] takes a path; found '\(path)' after [\(placeholder.rawValue)]",
                offset: offset + text.distance(from: text.startIndex, to: close) + 1)
        }
        if path.hasPrefix(".") {
            path.removeFirst()
        } else if !path.hasPrefix("[") {
            throw ProbeConditionError(message: "a body path starts with '.' or '[', as in [BODY].status", offset: offset + 6)
        }
        guard JSONPath(path) != nil else { throw ProbeConditionError(message: "invalid body path '\(path)'", offset: offset + 6) }
        return .placeholder(.body, path: path)
    }

    /// What only makes sense one way: numbers in `<`-style comparisons, patterns and
    /// option lists with `==`/`!=`, the words `[CONNECTED]` and `[DNS_RCODE]` can be.
    static func check(_ left: Operand, _ op: Operator, _ right: Operand, offsets: (Int, Int)) throws(ProbeConditionError) {
        for (side, offset) in [(left, offsets.0), (right, offsets.1)] {
            switch side {
            case .pattern, .anyOf:
                if op.isNumeric { throw ProbeConditionError(message: "pat() and any() compare with == or !=, not \(op.rawValue)", offset: offset) }
            case .literal(let text):
                if op.isNumeric && number(text) == nil {
                    throw ProbeConditionError(message: "'\(text)' is not a number or a duration (such as 300, 1.5 or 48h) for \(op.rawValue)", offset: offset)
                }
            case .placeholder(let placeholder, let path):
                if op.isNumeric && path == nil && !placeholder.isNumeric {
                    throw ProbeConditionError(message: "[\(placeholder.rawValue)] is not a number; \(op.rawValue) compares numbers", offset: offset)
                }
            case .has:
                if op.isNumeric { throw ProbeConditionError(message: "has() is true or false; compare it with ==", offset: offset) }
            case .length:
                break
            }
        }
        for (subject, other, offset) in [(left, right, offsets.1), (right, left, offsets.0)] {
            guard case .placeholder(let placeholder, nil) = subject, case .literal(let value) = other else { continue }
            if placeholder.isBoolean && value != "true" && value != "false" {
                throw ProbeConditionError(message: "[\(placeholder.rawValue)] is true or false, found '\(value)'", offset: offset)
            }
            if placeholder == .dnsRcode && !dnsRcodes.contains(value) {
                throw ProbeConditionError(
                    message:
                        "unknown DNS rcode '\(value)'; expected one of \(dnsRcodes.joined(separator: ", "))\(Suggestion.hint(for: value, among: dnsRcodes))",
                    offset: offset)
            }
        }
    }

    /// A literal as a number for `<`-style comparisons: an integer, a decimal, or a
    /// duration in milliseconds (`48h`, `1s`), as Gatus counts them.
    static func number(_ text: String) -> Double? {
        if let value = Double(text), value.isFinite { return value }
        if let duration = try? Duration(parsing: text) { return duration.inMilliseconds }
        return nil
    }

    /// Splits `a, b, c` on commas, keeping where each part starts.
    static func split(_ text: String) -> [(text: String, offset: Int)] {
        var parts: [(String, Int)] = []
        var start = 0
        for (index, piece) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            _ = index
            parts.append((String(piece).trimmingSpaces, start + piece.prefix { $0 == " " }.count))
            start += piece.count + 1
        }
        return parts
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
