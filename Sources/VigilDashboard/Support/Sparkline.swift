import Foundation
import VigilReports

/// A small inline latency chart: one polyline over the last runs, broken where a run had
/// no latency (it failed before answering); its title says the range in words.
enum Sparkline {
    static func svg(_ values: [Double?], label: String, width: Int = 120, height: Int = 24) -> String {
        let known = values.compactMap { $0 }
        guard let high = known.max(), values.count > 1 else { return "" }
        let low = 0.0
        let span = max(high - low, 1e-9)
        let dx = Double(width - 2) / Double(values.count - 1)
        // Runs of points with a latency; a run without one starts a new run.
        var segments: [[(x: Double, y: Double)]] = [[]]
        for (index, value) in values.enumerated() {
            guard let value else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            segments[segments.count - 1].append((1 + Double(index) * dx, 1 + Double(height - 2) * (1 - (value - low) / span)))
        }
        func text(_ value: Double) -> String { String(format: "%.1f", value) }
        let lines = segments.filter { $0.count > 1 }
            .map { "<polyline points=\"\($0.map { "\(text($0.x)),\(text($0.y))" }.joined(separator: " "))\"/>" }.joined()
        let dots = segments.filter { $0.count == 1 }.map { "<circle cx=\"\(text($0[0].x))\" cy=\"\(text($0[0].y))\" r=\"1.5\"/>" }.joined()
        return
            "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
            + "<title>\(HTMLText.escape(label))</title><g fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\">\(lines)</g><g fill=\"#0969da\">\(dots)</g></svg>"
    }
}
