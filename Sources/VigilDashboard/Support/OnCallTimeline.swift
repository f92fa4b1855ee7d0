import Foundation
import VigilCore
import VigilReports

/// The on-call page's chart: one bar per schedule over the next days, a colour per
/// person, gaps in red, overridden stretches outlined and dashed, a tick at each local
/// midnight; every stretch has a title saying who and when, so it reads without colour.
enum OnCallTimeline {
    static let palette = ["#0969da", "#8250df", "#1a7f37", "#bf8700", "#0a7ea4", "#bc4c00", "#6e7781", "#a475f9"]
    static let gap = "#cf222e"

    struct Row: Sendable {
        let name: String
        let segments: [OnCallSegment]
    }

    static func svg(_ rows: [Row], from: Date, to: Date, display: TimeDisplay, width: Int = 860) -> String {
        let label = 170.0
        let rowHeight = 26.0
        let top = 22.0
        let height = Int(top + rowHeight * Double(max(rows.count, 1)) + 8)
        let span = to.timeIntervalSince(from)
        let plot = Double(width) - label - 8
        func x(_ date: Date) -> Double { label + plot * min(max(date.timeIntervalSince(from) / span, 0), 1) }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var people: [String] = []
        for row in rows { for segment in row.segments { for person in segment.people where !people.contains(person) { people.append(person) } } }
        var parts: [String] = []
        // Midnight ticks in the viewer's zone, labelled every day.
        var day = LocalDateTime(from, in: display.zone).startOfDay.adding(days: 1)
        while day.instant(in: display.zone) < to {
            let at = day.instant(in: display.zone)
            let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            parts.append(
                "<line x1=\"\(number(x(at)))\" y1=\"\(number(top - 4))\" x2=\"\(number(x(at)))\" y2=\"\(height - 4)\" stroke=\"#d0d7de\"/>"
                    + "<text x=\"\(number(x(at) + 2))\" y=\"12\" font-size=\"10\" fill=\"#57606a\">\(names[day.weekday - 1]) \(String(format: "%02d", day.date.day))</text>"
            )
            day = day.adding(days: 1)
        }
        for (index, row) in rows.enumerated() {
            let y = top + rowHeight * Double(index)
            parts.append("<text x=\"0\" y=\"\(number(y + 16))\" font-size=\"12\" fill=\"#1f2328\">\(HTMLText.escape(row.name))</text>")
            for segment in row.segments where segment.end > from && segment.start < to {
                let left = x(segment.start)
                let right = x(segment.end)
                guard right - left > 0.05 else { continue }
                let who = segment.isGap ? "nobody on call (gap)" : segment.people.joined(separator: ", ")
                let colour = segment.isGap ? gap : palette[(people.firstIndex(of: segment.people[0]) ?? 0) % palette.count]
                let outline = segment.overridden ? " stroke=\"#1f2328\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"" : ""
                let title =
                    "\(who)\(segment.overridden ? " (override)" : ""): \(display.minute(max(segment.start, from))) – \(display.minute(min(segment.end, to)))"
                parts.append(
                    "<rect x=\"\(number(left))\" y=\"\(number(y + 3))\" width=\"\(number(right - left))\" height=\"\(number(rowHeight - 8))\" fill=\"\(colour)\"\(outline)>"
                        + "<title>\(HTMLText.escape(title))</title></rect>")
            }
        }
        let legend = people.enumerated().map { "\($0.element): \(palette[$0.offset % palette.count])" }.joined(separator: ", ")
        return
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" viewBox=\"0 0 \(width) \(height)\" preserveAspectRatio=\"xMinYMin meet\">"
            + "<title>Who is on call from \(HTMLText.escape(display.minute(from))) to \(HTMLText.escape(display.minute(to))); colours: \(HTMLText.escape(legend)); red: gaps; dashed: overrides</title>"
            + parts.joined() + "</svg>"
    }

    /// The colour each person has in the chart, for the legend under it.
    static func legend(_ rows: [Row]) -> [(person: String, colour: String)] {
        var people: [String] = []
        for row in rows { for segment in row.segments { for person in segment.people where !people.contains(person) { people.append(person) } } }
        return people.enumerated().map { ($0.element, palette[$0.offset % palette.count]) }
    }
}
