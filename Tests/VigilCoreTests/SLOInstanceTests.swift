import Testing
import VigilCore
import VigilTestSupport

@Suite struct SLOInstanceTests {
    @Test func namesReadLikePrometheusLabelSets() {
        let instance = SLOInstance(slo: "checkout-latency", group: .values(["/cart", "GET"]))
        #expect(instance.name(labels: ["route", "method"]) == #"checkout-latency{route="/cart",method="GET"}"#)
        #expect(instance.seriesKey == #"@checkout-latency["/cart","GET"]"#)
        #expect(SLOInstance(slo: "x", group: .overflow).name(labels: ["route"]) == "x{other}")
        #expect(SLOInstance(slo: "x", group: .overflow).seriesKey == "@x*")
        #expect(SLOInstance(slo: "x", group: nil).seriesKey == nil)
    }

    /// Any label values — quotes, backslashes, commas, control characters, emoji — come
    /// back from the series key unchanged.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func seriesKeysRoundTrip(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let alphabet: [Character] = ["a", "/", "\"", "\\", ",", "[", "]", "\n", "\u{1}", "é", "🚀", " ", "*"]
        for _ in 0..<300 {
            let count = Int.random(in: 1...3, using: &random)
            let values = (0..<count).map { _ in String((0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
            let instance = SLOInstance(slo: "s-1.a", group: .values(values))
            #expect(SLOInstance.parse(seriesKey: instance.seriesKey!, slo: "s-1.a", labelCount: count) == instance)
            #expect(SLOInstance.parse(seriesKey: instance.seriesKey!, slo: "s-1.a", labelCount: count + 1) == nil)
        }
    }

    /// An SLO whose name starts another's owns none of the other's series.
    @Test func seriesKeysBelongToTheirSLOOnly() throws {
        let cart = try #require(SLOInstance(slo: "checkout-latency", group: .values(["/cart"])).seriesKey)
        let other = try #require(SLOInstance(slo: "checkout", group: .overflow).seriesKey)
        #expect(cart.hasPrefix(SLOInstance.seriesKeyPrefix(of: "checkout")))
        #expect(!SLOInstance.isSeriesKey(cart, of: "checkout") && SLOInstance.isSeriesKey(cart, of: "checkout-latency"))
        #expect(SLOInstance.isSeriesKey(other, of: "checkout") && !SLOInstance.isSeriesKey("checkout", of: "checkout"))
        #expect(SLOInstance.sloName(inSeriesKey: cart) == "checkout-latency" && SLOInstance.sloName(inSeriesKey: other) == "checkout")
        #expect(SLOInstance.sloName(inSeriesKey: "api-availability") == nil)
    }

    @Test func foreignKeysAreNotParsed() {
        #expect(SLOInstance.parse(seriesKey: "@other[\"a\"]", slo: "x", labelCount: 1) == nil)
        #expect(SLOInstance.parse(seriesKey: "@x[\"a\"", slo: "x", labelCount: 1) == nil)
        #expect(SLOInstance.parse(seriesKey: "@x*", slo: "x", labelCount: 2) == SLOInstance(slo: "x", group: .overflow))
    }

    @Test(arguments: [("5xx", 500...599), ("429", 429...429), ("500-504", 500...504), ("2XX", 200...299)] as [(String, ClosedRange<Int>)])
    func statusSetsParse(text: String, range: ClosedRange<Int>) {
        #expect(StatusCodeSet.range(parsing: text) == range)
    }

    @Test(arguments: ["6xx", "99", "504-500", "abc", "", "5xxx", "500-"])
    func badStatusSetsAreRefused(text: String) {
        #expect(StatusCodeSet.range(parsing: text) == nil)
    }

    @Test func requestsAreJudgedByTheirSLI() {
        let availability = ServiceLevelIndicator(name: "a", errorStatuses: StatusCodeSet(ranges: [500...599, 429...429]))
        #expect(availability.judge(status: 200, latency: nil) == EventCounts(good: 1, valid: 1))
        #expect(availability.judge(status: 429, latency: nil) == EventCounts(good: 0, valid: 1))
        #expect(availability.judge(status: 404, latency: .seconds(9)) == EventCounts(good: 1, valid: 1))
        #expect(availability.judge(status: nil, latency: .seconds(1)) == nil)
        let latency = ServiceLevelIndicator(name: "l", kind: .latency(threshold: .milliseconds(300)))
        #expect(latency.judge(status: 500, latency: .milliseconds(300)) == EventCounts(good: 1, valid: 1))
        #expect(latency.judge(status: 200, latency: nil) == nil)
        #expect(StatusCodeSet(ranges: [500...599, 429...429, 502...504]).description == "5xx, 429, 502-504")
    }
}
