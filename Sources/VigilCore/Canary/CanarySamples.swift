import Foundation

/// A file of one metric's values for ``CanaryClassifier``: one number per line (blank
/// lines and `#` comments skipped, `NaN` or `nan` for a point without data), or a JSON
/// array of numbers, `null` standing for no data.
public enum CanarySamples {
    /// Why a file is not a list of samples, at its line.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> [Double] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") { return try parseJSON(trimmed) }
        var values: [Double] = []
        // `\r\n` is one Character in Swift, so split on newlines as Characters, not on "\n".
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let field = line.trimmingCharacters(in: .whitespaces)
            if field.isEmpty { continue }
            if field.lowercased() == "nan" {
                values.append(.nan)
                continue
            }
            guard let value = Double(field), value.isFinite else {
                throw ParseError(line: index + 1, message: "expected a number (or NaN), found '\(field.prefix(40))'")
            }
            values.append(value)
        }
        return values
    }

    static func parseJSON(_ text: String) throws(ParseError) -> [Double] {
        do {
            return try JSONDecoder().decode([Double?].self, from: Data(text.utf8)).map { $0 ?? .nan }
        } catch {
            throw ParseError(line: 1, message: "not a JSON array of numbers and nulls")
        }
    }
}
