import Foundation

/// Labels of an alert: its identity (names to values).
public typealias LabelSet = [String: String]

/// One Alertmanager-style matcher: `service="shop-web"`, `severity!=info`,
/// `tier=~"page-.*"`, `team!~"ops|sre"`. Regular expressions match the whole value, as
/// Alertmanager anchors them.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case matchesRegex = "=~"
        case notMatchesRegex = "!~"
    }

    public let name: String
    public let op: Operator
    public let value: String
    /// The compiled, anchored expression (for `=~` and `!~`).
    private let regex: AnchoredRegex?

    /// - Throws: ``LabelMatcherError`` when `value` is not a valid regular expression.
    public init(name: String, op: Operator, value: String) throws(LabelMatcherError) {
        self.name = name
        self.op = op
        self.value = value
        switch op {
        case .equal, .notEqual: regex = nil
        case .matchesRegex, .notMatchesRegex:
            guard let compiled = AnchoredRegex(value) else { throw LabelMatcherError("'\(value)' is not a valid regular expression", offset: 0) }
            regex = compiled
        }
    }

    /// Whether `labels` satisfy the matcher. A missing label has the empty value, so
    /// `team=""` matches alerts without a team (Alertmanager's rule).
    public func matches(_ labels: LabelSet) -> Bool {
        let actual = labels[name] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .matchesRegex: return regex!.matches(actual)
        case .notMatchesRegex: return !regex!.matches(actual)
        }
    }

    /// `name="value"` with the value quoted and escaped.
    ///
    /// Escaped scalar by scalar: `replacingOccurrences` compares `Character`s, and a quote
    /// followed by a combining mark is one Character that it would leave unescaped
    /// (libFuzzer found that; `Fuzz/regressions/label-matcher`).
    public var description: String {
        var escaped = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: #"\\"#.unicodeScalars)
            case "\"": escaped.append(contentsOf: #"\""#.unicodeScalars)
            case "\n": escaped.append(contentsOf: #"\n"#.unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return "\(name)\(op.rawValue)\"\(String(escaped))\""
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.name == rhs.name && lhs.op == rhs.op && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(op)
        hasher.combine(value)
    }
}

extension Array where Element == LabelMatcher {
    /// Whether every matcher holds (an empty list matches everything).
    public func matches(_ labels: LabelSet) -> Bool { allSatisfy { $0.matches(labels) } }
}

/// A parse or compile error, with the offset (in characters) of the bad token.
public struct LabelMatcherError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

/// An expression anchored at both ends, compiled once. NSRegularExpression is used
/// because it is Sendable and its syntax (ICU) covers RE2's for label values.
struct AnchoredRegex: @unchecked Sendable {
    let expression: NSRegularExpression

    init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: "^(?:\(pattern))$") else { return nil }
        self.expression = expression
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
