import Foundation
import VigilCore

/// Number and time formats shared by the text renderers.
public enum Formatting {
    /// `99.9437%` with `digits` decimals; trailing zeros kept so columns line up.
    public static func percent(_ ratio: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", ratio * 100)
    }

    /// The objective as written: 0.999 → `99.9%`.
    public static func objective(_ ratio: Double) -> String {
        var text = String(format: "%.6f", ratio * 100)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }

    /// `14.40×`.
    public static func burn(_ rate: Double?) -> String {
        guard let rate else { return "no data" }
        return String(format: "%.2f×", rate)
    }

    /// `1,234,567`.
    public static func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A duration rounded to the minute for reading: `2d4h13m`, or `<1m`.
    public static func approximate(_ duration: Duration) -> String {
        let minutes = (duration.inSeconds / 60).rounded()
        return minutes < 1 ? "<1m" : Duration.seconds(minutes * 60).compactDescription
    }

    /// The UTC day: `2026-11-24`.
    public static func day(_ date: Date) -> String { String(RFC3339.format(date).prefix(10)) }

    /// The UTC minute as people read it: `2026-11-24 10:50`.
    public static func stamp(_ date: Date) -> String {
        let text = RFC3339.format(date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    /// RFC 3339 in UTC.
    public static func timestamp(_ minute: EpochMinute) -> String {
        RFC3339.format(minute: minute)
    }

    static func exhaustion(_ value: TimeToExhaustion?) -> String {
        switch value {
        case nil: "unknown (no data)"
        case .exhausted: "exhausted"
        case .never: "never (burn 0)"
        case .after(let duration): "in \(approximate(duration))"
        }
    }

    static func state(_ state: TierState) -> String {
        switch state {
        case .firing: "FIRING"
        case .quiet: "ok"
        case .heldBack(let required, let observed): "held back (\(observed) < \(required) events)"
        case .noData: "no data"
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
