import Foundation

/// Why a duration string such as `5m` or `1h30m` could not be read.
public struct DurationParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text that was given.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    public var description: String { "invalid duration '\(text)': \(reason)" }
}

extension Duration {
    /// The units of a Prometheus-style duration, largest first. `y` is 365 days and `w`
    /// seven days, as in Prometheus.
    static let prometheusUnits: [(symbol: String, milliseconds: Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Parses a Prometheus-style duration: one or more `<integer><unit>` terms with units
    /// `y w d h m s ms` in decreasing order, e.g. `30s`, `5m`, `1h30m`, `28d`, `250ms`.
    /// `0` alone means zero.
    public init(parsing text: String) throws(DurationParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" {
            self = .zero
            return
        }
        guard !trimmed.isEmpty else { throw DurationParseError(text: text, reason: "empty") }
        var total: Int64 = 0
        var lastUnitIndex = -1
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else {
                throw DurationParseError(text: text, reason: "expected a number before '\(rest)'")
            }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix(while: { $0.isLetter })
            rest = rest.dropFirst(letters.count)
            guard let unitIndex = Self.prometheusUnits.firstIndex(where: { $0.symbol == letters }) else {
                let shown = letters.isEmpty ? "nothing" : "'\(letters)'"
                throw DurationParseError(text: text, reason: "unit \(shown) is not one of ms, s, m, h, d, w, y")
            }
            guard unitIndex > lastUnitIndex else {
                throw DurationParseError(text: text, reason: "units must go from largest to smallest, each once")
            }
            lastUnitIndex = unitIndex
            let (product, overflow1) = (Int64(digits) ?? .max).multipliedReportingOverflow(by: Self.prometheusUnits[unitIndex].milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2, Int64(digits) != nil else {
                throw DurationParseError(text: text, reason: "too large")
            }
            total = sum
        }
        self = .milliseconds(total)
    }

    /// Whole milliseconds in this duration (rounded towards zero).
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole seconds in this duration (rounded towards zero).
    public var wholeSeconds: Int64 { components.seconds }

    /// Whole minutes in this duration (rounded towards zero).
    public var wholeMinutes: Int64 { components.seconds / 60 }

    /// This duration in seconds as a floating-point value.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// This duration in nanoseconds as a floating-point value (timeouts for NIO's TimeAmount).
    public var inNanoseconds: Double { Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9 }

    /// This duration in milliseconds as a floating-point value (latencies, probe times).
    public var inMilliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The compact Prometheus-style spelling: `5m`, `1h30m`, `28d`, `250ms`. Weeks and
    /// years are spelled in days, which readers of SLO windows expect (`28d`, not `4w`).
    public var compactDescription: String {
        var remaining = wholeMilliseconds
        if remaining == 0 { return "0s" }
        var text = remaining < 0 ? "-" : ""
        remaining = abs(remaining)
        for (symbol, unit) in Self.prometheusUnits where symbol != "y" && symbol != "w" {
            let count = remaining / unit
            if count > 0 {
                text += "\(count)\(symbol)"
                remaining -= count * unit
            }
        }
        return text
    }
}
