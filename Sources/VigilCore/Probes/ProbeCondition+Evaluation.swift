import Foundation

/// How one condition fared on one run: Gatus' display, observed values in parentheses
/// (`[STATUS] (500) == 200`), and whether it held.
public struct ConditionResult: Hashable, Sendable {
    public let condition: String
    public let success: Bool

    public init(condition: String, success: Bool) {
        self.condition = condition
        self.success = success
    }
}

extension ProbeCondition {
    /// Judges an observation. A placeholder the run did not observe (no status on a
    /// refused connection) shows as `(none)` and fails the condition.
    public func evaluate(_ observation: ProbeObservation) -> ConditionResult {
        let body = BodyCache(observation.body)
        let leftValue = Self.resolve(left, observation, body)
        let rightValue = Self.resolve(right, observation, body)
        let success: Bool
        switch op {
        case .equal, .notEqual:
            let equal = Self.isEqual(left, leftValue, right, rightValue)
            success = leftValue != nil && rightValue != nil && (op == .equal ? equal : !equal)
        default:
            if let l = leftValue.flatMap(Self.number), let r = rightValue.flatMap(Self.number) {
                success =
                    switch op {
                    case .less: l < r
                    case .lessOrEqual: l <= r
                    case .greater: l > r
                    default: l >= r
                    }
            } else {
                success = false
            }
        }
        let display = Self.display(left, leftValue, op.isNumeric) + " \(op.rawValue) " + Self.display(right, rightValue, op.isNumeric)
        return ConditionResult(condition: display, success: success)
    }

    /// The body parsed as JSON at most once per evaluation.
    final class BodyCache {
        let bytes: [UInt8]?
        lazy var document: Any? = bytes.flatMap { try? JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed]) }

        init(_ bytes: [UInt8]?) { self.bytes = bytes }

        var text: String? { bytes.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } }
    }

    /// An operand's value as text; `nil` when the run did not observe it.
    static func resolve(_ operand: Operand, _ observation: ProbeObservation, _ body: BodyCache) -> String? {
        switch operand {
        case .literal(let text), .pattern(let text): return text
        case .anyOf(let options): return options.joined(separator: ", ")
        case .placeholder(let placeholder, let path):
            return placeholderValue(placeholder, path: path, observation, body)
        case .length(let placeholder, let path):
            if placeholder == .body {
                let value =
                    path.flatMap { JSONPath($0) }.flatMap { path in body.document.flatMap { path.value(in: $0) } } ?? (path == nil ? body.document : nil)
                if let array = value as? [Any] { return String(array.count) }
                if let string = value as? String { return String(string.count) }
                if path == nil, let text = body.text { return String(text.count) }
                return value.map { String(JSONPath.text(of: $0).count) }
            }
            return placeholderValue(placeholder, path: nil, observation, body).map { String($0.count) }
        case .has(_, let path):
            guard let path else { return String(!(body.text ?? "").isEmpty) }
            return String(JSONPath(path).flatMap { path in body.document.flatMap { path.value(in: $0) } } != nil)
        }
    }

    static func placeholderValue(_ placeholder: Placeholder, path: String?, _ observation: ProbeObservation, _ body: BodyCache) -> String? {
        switch placeholder {
        case .status: return observation.status.map(String.init)
        case .responseTime: return observation.responseTime.map { String(milliseconds($0)) }
        case .connected: return String(observation.connected)
        case .certificateExpiration: return observation.certificateExpiration.map { String(milliseconds($0)) }
        case .dnsRcode: return observation.dnsRcode
        case .certificateChainValid: return observation.certificateChainValid.map { String($0) }
        case .certificateHostnameValid: return observation.certificateHostnameValid.map { String($0) }
        case .ip: return observation.ip
        case .body:
            guard let path else { return body.text }
            return JSONPath(path).flatMap { path in body.document.flatMap { path.value(in: $0) } }.map(JSONPath.text)
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Equality as Gatus has it: patterns and option lists on either side, integers by
    /// value (`0200` equals `200`), anything else as text.
    static func isEqual(_ leftOperand: Operand, _ left: String?, _ rightOperand: Operand, _ right: String?) -> Bool {
        guard let left, let right else { return false }
        switch (leftOperand, rightOperand) {
        case (.pattern(let pattern), _): return Glob.matches(pattern, right)
        case (_, .pattern(let pattern)): return Glob.matches(pattern, left)
        case (.anyOf(let options), _): return options.contains { same($0, right) }
        case (_, .anyOf(let options)): return options.contains { same(left, $0) }
        default: return same(left, right)
        }
    }

    static func same(_ a: String, _ b: String) -> Bool {
        if let x = Int64(a), let y = Int64(b) { return x == y }
        return a == b
    }

    /// `[X] (observed)` when the value differs from what was written; a duration shown as
    /// one (`(23h)`) where the placeholder or the other side is a duration.
    static func display(_ operand: Operand, _ value: String?, _ numeric: Bool) -> String {
        let written: String =
            switch operand {
            case .placeholder(let placeholder, let path): "[\(placeholder.rawValue)]" + (path.map { $0.hasPrefix("[") ? $0 : ".\($0)" } ?? "")
            case .length(let placeholder, let path): "len([\(placeholder.rawValue)]" + (path.map { $0.hasPrefix("[") ? $0 : ".\($0)" } ?? "") + ")"
            case .has(let placeholder, let path): "has([\(placeholder.rawValue)]" + (path.map { $0.hasPrefix("[") ? $0 : ".\($0)" } ?? "") + ")"
            case .literal(let text): text
            case .pattern(let text): "pat(\(text))"
            case .anyOf(let options): "any(\(options.joined(separator: ", ")))"
            }
        switch operand {
        case .literal, .pattern, .anyOf: return written
        case .placeholder(.certificateExpiration, _):
            return written + " (" + (value.flatMap { Int64($0) }.map(goDuration) ?? "none") + ")"
        default:
            guard let value else { return written + " (none)" }
            let shown = value.count > 25 && !numeric ? String(value.prefix(25)) + "…(truncated)" : value
            return written + " (\(shown))"
        }
    }

    /// Milliseconds as Go prints a duration, trimmed as Gatus does: `48h`, `1h30m`, `23h59m59s`.
    static func goDuration(_ milliseconds: Int64) -> String {
        let negative = milliseconds < 0
        let seconds = abs(milliseconds) / 1000
        let hours = seconds / 3600
        let minutes = (seconds % 3600) / 60
        let rest = seconds % 60
        var text = hours > 0 ? "\(hours)h\(minutes)m\(rest)s" : minutes > 0 ? "\(minutes)m\(rest)s" : "\(rest)s"
        if text != "0s" && text.hasSuffix("m0s") { text.removeLast(2) }
        if hours > 0 && text.hasSuffix("h0m") { text.removeLast(2) }
        return (negative ? "-" : "") + text
    }
}

/// `*` (any run of characters) and `?` (one character) wildcards, the part of Go's
/// `filepath.Match` that Gatus' `pat()` patterns use.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
