import Foundation
import VigilCore

/// Final shifts as an iCalendar feed (RFC 5545) a calendar app subscribes to. Times are
/// written in UTC (`…Z`), which every app reads the same way: a floating or zone-named
/// time is where iCal imports go an hour wrong.
public enum ShiftCalendar {
    /// - Parameters:
    ///   - name: the calendar's name (`X-WR-CALNAME`).
    ///   - shifts: the shifts, each one event.
    ///   - generatedAt: `DTSTAMP` of every event.
    public static func feed(name: String, shifts: [OnCallShift], generatedAt: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Vigil//On-call//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:\(text(name))"]
        for shift in shifts {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(uid(shift))",
                "DTSTAMP:\(stamp(generatedAt))",
                "DTSTART:\(stamp(shift.start))",
                "DTEND:\(stamp(shift.end))",
                "SUMMARY:\(text("On call: \(shift.person) (\(shift.schedule)\(shift.overridden ? ", override" : ""))"))",
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Stable across feeds and refreshes: the same shift keeps its event.
    static func uid(_ shift: OnCallShift) -> String {
        let subject = "\(shift.schedule)|\(shift.person)|\(Int64(shift.start.timeIntervalSince1970))"
        return Alert.fingerprint(of: ["shift": subject]) + "@vigil"
    }

    /// `20270328T013000Z`.
    static func stamp(_ date: Date) -> String {
        RFC3339.format(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down))).replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: ":", with: "")
    }

    /// TEXT escaping: backslash, semicolon, comma and line breaks.
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never
    /// splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
