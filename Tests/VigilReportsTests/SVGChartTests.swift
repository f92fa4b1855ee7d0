import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilReports

/// The SVG chart renderer: a fixed burn-down series against a golden file, and the
/// path's points where the data says.
@Suite struct SVGChartTests {
    static let start = RFC3339.parse("2026-11-24T00:00:00Z")!

    /// Budget remaining over a day: flat, a gap, then a fall after a deploy.
    static let chart: SVGChart = {
        let values: [Double?] = [1, 0.98, 0.97, nil, 0.95, 0.7, 0.55, 0.5, 0.48]
        let points = values.enumerated().map { SVGChart.Point(time: start.addingTimeInterval(Double($0.offset) * 3 * 3600), value: $0.element) }
        return SVGChart(
            title: "checkout-availability: error budget remaining", points: points,
            references: [.init(label: "ideal burn-down", from: .init(time: start, value: 1), to: .init(time: start.addingTimeInterval(24 * 3600), value: 0))],
            markers: [
                .init(time: start.addingTimeInterval(13 * 3600), kind: .change, label: "deploy checkout v42 <beta>"),
                .init(time: start.addingTimeInterval(14 * 3600), kind: .incident, label: "INC-4 opened"),
            ],
            yRange: 0...1, format: { String(format: "%.0f %%", $0 * 100) })
    }()

    @Test func aBurnDownMatchesTheGoldenFile() throws {
        try Golden.reports.check(Self.chart.svg, against: "burn-down.svg")
    }

    @Test func thePathFollowsTheData() {
        let svg = Self.chart.svg
        // 640 wide: x from 64 to 628 over 24 h; 240 high: y from 12 to 212 over 100 %…0 %
        #expect(svg.contains("<path class=\"series\" d=\"M64,12L134.5,16L205,18M346,22L416.5,72L487,102L557.5,112L628,116\"/>"), "\(svg)")
        #expect(svg.contains("<title>2026-11-24T03:00:00Z: 98 %</title>"))
        #expect(svg.contains("deploy checkout v42 &lt;beta&gt;") && !svg.contains("<beta>"))
        #expect(SVGChart(title: "empty", points: [], format: { "\($0)" }).svg.contains("empty: no data"))
    }
}
