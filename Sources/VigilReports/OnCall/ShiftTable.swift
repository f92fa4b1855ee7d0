import Foundation
import VigilCore

/// Final shifts as a table for payroll: CSV with a header, RFC 3339 times, hours to a
/// thousandth.
public enum ShiftTable {
    public static let header = "schedule,person,start,end,hours,overridden"

    public static func csv(_ shifts: [OnCallShift]) -> String {
        var lines = [header]
        for shift in shifts {
            let hours = String(format: "%.3f", shift.hours)
            lines.append(
                [shift.schedule, shift.person, RFC3339.format(shift.start), RFC3339.format(shift.end), hours, shift.overridden ? "true" : "false"]
                    .map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
