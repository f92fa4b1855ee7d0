import Foundation
import VigilCore

/// A line chart as SVG, made on the server (docs/dashboard.md): time on x, a value on y,
/// labelled axes, the series as a path with a hover title on every point, optional
/// reference lines (the ideal burn-down) and markers (changes, incidents). Pure: the same
/// series gives the same bytes, so charts are golden-tested.
public struct SVGChart: Sendable {
    public struct Point: Hashable, Sendable {
        public var time: Date
        /// `nil` is a gap (no data).
        public var value: Double?

        public init(time: Date, value: Double?) {
            self.time = time
            self.value = value
        }
    }

    /// A straight reference line from one point to another (the ideal burn-down).
    public struct Reference: Hashable, Sendable {
        public var label: String
        public var from: Point
        public var to: Point

        public init(label: String, from: Point, to: Point) {
            self.label = label
            self.from = from
            self.to = to
        }
    }

    /// A vertical marker at a time (a deploy, an incident).
    public struct Marker: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case change, incident
        }

        public var time: Date
        public var kind: Kind
        public var label: String

        public init(time: Date, kind: Kind, label: String) {
            self.time = time
            self.kind = kind
            self.label = label
        }
    }

    public var title: String
    public var points: [Point]
    public var references: [Reference] = []
    public var markers: [Marker] = []
    /// The y range; the series' own (widened to include 0) when `nil`.
    public var yRange: ClosedRange<Double>?
    /// How a value is written on the axis and in titles.
    public var format: @Sendable (Double) -> String
    public var width = 640
    public var height = 240
    /// The zone axis labels and hover titles are written in (UTC by default).
    public var timeZone = TimeZone(identifier: "UTC")!

    public init(
        title: String, points: [Point], references: [Reference] = [], markers: [Marker] = [], yRange: ClosedRange<Double>? = nil,
        format: @escaping @Sendable (Double) -> String
    ) {
        self.title = title
        self.points = points
        self.references = references
        self.markers = markers
        self.yRange = yRange
        self.format = format
    }

    static let left = 64.0, right = 12.0, top = 12.0, bottom = 28.0

    /// The SVG document.
    public var svg: String {
        let times = points.map(\.time) + references.flatMap { [$0.from.time, $0.to.time] }
        guard let start = times.min(), let end = times.max(), end > start else {
            return
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\"><title>\(Self.escape(title)): no data</title></svg>\n"
        }
        let values = points.compactMap(\.value) + references.flatMap { [$0.from.value, $0.to.value].compactMap { $0 } }
        let range = yRange ?? Self.niceRange(min(0, values.min() ?? 0), max(values.max() ?? 1, 0))
        let plotWidth = Double(width) - Self.left - Self.right
        let plotHeight = Double(height) - Self.top - Self.bottom
        func x(_ time: Date) -> Double { Self.left + plotWidth * time.timeIntervalSince(start) / end.timeIntervalSince(start) }
        func y(_ value: Double) -> Double {
            let span = range.upperBound - range.lowerBound
            return Self.top + plotHeight * (1 - (min(max(value, range.lowerBound), range.upperBound) - range.lowerBound) / (span == 0 ? 1 : span))
        }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" class=\"chart\">\n"
        out += "<title>\(Self.escape(title))</title>\n"
        // Defaults so the SVG reads on its own; a page's stylesheet may override them.
        out +=
            "<style>.axis line{stroke:#d0d7de;stroke-width:1}.axis text{font:11px sans-serif;fill:#57606a}"
            + ".series{fill:none;stroke:#0969da;stroke-width:2}.points circle{fill:#0969da}"
            + ".reference{stroke:#8c959f;stroke-dasharray:4 3}.marker{stroke-width:1.5}.marker.change{stroke:#9a6700}.marker.incident{stroke:#cf222e}</style>\n"
        // y axis: five ticks
        out += "<g class=\"axis y\">\n"
        for index in 0...4 {
            let value = range.lowerBound + (range.upperBound - range.lowerBound) * Double(index) / 4
            let py = Self.number(y(value))
            out += "<line x1=\"\(Self.number(Self.left))\" y1=\"\(py)\" x2=\"\(Self.number(Double(width) - Self.right))\" y2=\"\(py)\"/>"
            out +=
                "<text x=\"\(Self.number(Self.left - 6))\" y=\"\(py)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Self.escape(format(value)))</text>\n"
        }
        out += "</g>\n<g class=\"axis x\">\n"
        for index in 0...4 {
            let time = start.addingTimeInterval(end.timeIntervalSince(start) * Double(index) / 4)
            // the end labels stay inside the chart
            let anchor = index == 0 ? "start" : index == 4 ? "end" : "middle"
            out +=
                "<text x=\"\(Self.number(x(time)))\" y=\"\(Self.number(Double(height) - 8))\" text-anchor=\"\(anchor)\">\(Self.escape(Self.timeLabel(shifted(time), span: end.timeIntervalSince(start))))</text>\n"
        }
        out += "</g>\n"
        for reference in references {
            guard let fromValue = reference.from.value, let toValue = reference.to.value else { continue }
            out +=
                "<line class=\"reference\" x1=\"\(Self.number(x(reference.from.time)))\" y1=\"\(Self.number(y(fromValue)))\" x2=\"\(Self.number(x(reference.to.time)))\" y2=\"\(Self.number(y(toValue)))\"><title>\(Self.escape(reference.label))</title></line>\n"
        }
        // the series: one path, broken at gaps
        var path = ""
        var drawing = false
        for point in points {
            guard let value = point.value else {
                drawing = false
                continue
            }
            path += "\(drawing ? "L" : "M")\(Self.number(x(point.time))),\(Self.number(y(value)))"
            drawing = true
        }
        if !path.isEmpty { out += "<path class=\"series\" d=\"\(path)\"/>\n" }
        out += "<g class=\"points\">\n"
        for point in points {
            guard let value = point.value else { continue }
            out +=
                "<circle cx=\"\(Self.number(x(point.time)))\" cy=\"\(Self.number(y(value)))\" r=\"2\"><title>\(Self.escape(stamp(point.time))): \(Self.escape(format(value)))</title></circle>\n"
        }
        out += "</g>\n"
        for marker in markers where marker.time >= start && marker.time <= end {
            let px = Self.number(x(marker.time))
            out +=
                "<line class=\"marker \(marker.kind.rawValue)\" x1=\"\(px)\" y1=\"\(Self.number(Self.top))\" x2=\"\(px)\" y2=\"\(Self.number(Self.top + plotHeight))\"><title>\(Self.escape(marker.label))</title></line>\n"
        }
        return out + "</svg>\n"
    }

    /// The time as written in ``timeZone``: RFC 3339 in UTC, or the local wall time and
    /// the zone's abbreviation.
    func stamp(_ time: Date) -> String {
        guard !["UTC", "GMT"].contains(timeZone.identifier) else { return RFC3339.format(time) }
        let text = RFC3339.format(shifted(time))
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5)) \(timeZone.abbreviation(for: time) ?? timeZone.identifier)"
    }

    /// The instant whose UTC wall time is `time`'s wall time in ``timeZone``.
    func shifted(_ time: Date) -> Date { time.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: time))) }

    /// A range with round ends that holds `low…high`.
    static func niceRange(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        guard high > low else { return low...(low + 1) }
        let step = pow(10, (log10(high - low)).rounded(.down) - 1)
        return ((low / step).rounded(.down) * step)...((high / step).rounded(.up) * step)
    }

    /// Hours and minutes within two days, days beyond.
    static func timeLabel(_ time: Date, span: TimeInterval) -> String {
        let text = RFC3339.format(time)
        return span <= 2 * 86_400 ? String(text.dropFirst(11).prefix(5)) : String(text.dropFirst(5).prefix(5))
    }

    /// Two decimals at most, no trailing zeros: stable output for golden files.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func escape(_ text: String) -> String { ReportDocument.escape(text) }
}
