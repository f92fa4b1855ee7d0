import Foundation
import Testing

@testable import VigilCore

/// The load generator's pure parts: thresholds, the open model's schedule, the weighted
/// picker and the findings.
@Suite struct LoadCoreTests {
    static let summary = LoadSummary(
        requests: 10_000, duration: 2,
        latency: .init(min: 0.001, mean: 0.004, stdev: 0.01, max: 1.2, percentiles: [50: 0.002, 90: 0.005, 99: 0.05, 99.9: 0.9]),
        errors: .init(connect: 3, status5xx: 47), bytesIn: 1_000_000, bytesOut: 500_000, peakConnections: 64)

    /// Percentile keys are percentiles, each once. Schemathesis sent `"1e100"` (whose
    /// re-encoding trapped converting 1e100 to Int) and two spellings of one key
    /// (`Dictionary(uniqueKeysWithValues:)` trapped); both are refused now.
    @Test func latencyPercentileKeysAreRead() throws {
        func latency(_ percentiles: String) throws -> LoadSummary.Latency {
            try JSONDecoder().decode(LoadSummary.Latency.self, from: Data(#"{"min":0,"mean":1,"stdev":0,"max":2,"percentiles":\#(percentiles)}"#.utf8))
        }
        let read = try latency(#"{"50": 0.01, "99.9": 0.2}"#)
        #expect(read.percentiles == [50: 0.01, 99.9: 0.2])
        let written = String(decoding: try JSONEncoder().encode(read), as: UTF8.self)
        #expect(written.contains(#""50":0.01"#) && written.contains(#""99.9":0.2"#))
        for bad in [#"{"1e100": 1}"#, #"{"50": 1, "50.0": 2}"#, #"{"nan": 1}"#, #"{"-1": 1}"#, #"{"p99": 1}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try latency(bad) }
        }
    }

    @Test func thresholdsParseAndJudge() throws {
        let cases: [(String, Bool)] = [
            ("p99 < 200ms", true), ("p99 < 50ms", false), ("p99 <= 50ms", true), ("p99.9 < 1s", true), ("p50 > 1ms", true),
            ("mean < 5ms", true), ("max < 1s", false), ("errors < 1%", true), ("errors < 0.4%", false), ("rps > 4000", true), ("rps >= 5000", true),
            ("p99.99 < 2s", false), // no p99.99 was measured, and nothing above it: no value fails
        ]
        for (text, expected) in cases {
            #expect(try LoadThreshold(parsing: text).holds(for: Self.summary) == expected, "\(text)")
        }
        let failures: [(String, Int, String)] = [
            ("p99<200ms", 0, "expected METRIC OP VALUE"), ("p100 < 1s", 0, "unknown metric 'p100'"), ("latency < 1s", 0, "unknown metric"),
            ("p99 = 1s", 4, "expected <, <=, > or >= after 'p99', found '='"), ("errors < 1", 9, "expected a percentage"),
            ("p99 < soon", 6, "expected a duration"),
            ("rps > many", 6, "expected requests per second"),
        ]
        for (text, offset, message) in failures {
            #expect {
                try LoadThreshold(parsing: text)
            } throws: { error in
                guard let error = error as? LoadThreshold.ParseError else { return false }
                return error.offset == offset && error.message.hasPrefix(message)
            }
        }
    }

    @Test func stagesRampTheRateAndPlaceEveryArrival() {
        // constant: (n + 0.5) / R
        let constant = LoadStages.constant(1000, for: 2)
        #expect(constant.arrivalTime(0) == 0.0005 && constant.arrivalTime(999) == 0.9995 && constant.arrivalTime(2000) == nil)
        // 0 → 1000 req/s over 2 s, then 1000 for 1 s: 1,000 + 1,000 arrivals
        let ramp = LoadStages(start: 0, stages: [.init(duration: 2, target: 1000), .init(duration: 1, target: 1000)])
        #expect(ramp.value(at: 1) == 500 && ramp.value(at: 2.5) == 1000 && ramp.totalDuration == 3)
        #expect(ramp.stageIndex(at: 0.5) == 0 && ramp.stageIndex(at: 2) == 1 && ramp.stageIndex(at: 9) == 1)
        var times: [Double] = []
        var n: Int64 = 0
        while let t = ramp.arrivalTime(n) {
            times.append(t)
            n += 1
        }
        #expect(times.count == 2000)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "arrivals in order")
        // the integral of the ramp to t is 250·t²: half the first stage's 1,000 arrivals come by √2 s
        #expect(abs(times[499] - (499.5 / 250).squareRoot()) < 1e-9)
        #expect(times.last! < 3 && times.last! > 2.99)
        // a ramp down to zero ends the arrivals
        let down = LoadStages(start: 100, stages: [.init(duration: 1, target: 0)])
        var count: Int64 = 0
        while down.arrivalTime(count) != nil { count += 1 }
        #expect(count == 50)
    }

    @Test func weightsHoldWithinStatisticalTolerance() {
        var picker = WeightedPicker(weights: [8, 2, 1, 0], seed: 42)
        var counts = [0, 0, 0, 0]
        let n = 110_000
        for _ in 0..<n { counts[picker.next()] += 1 }
        // expected 80,000 / 20,000 / 10,000 / 0; 5 standard deviations of a binomial
        for (index, share) in [8.0 / 11, 2.0 / 11, 1.0 / 11].enumerated() {
            let expected = Double(n) * share
            let sd = (Double(n) * share * (1 - share)).squareRoot()
            #expect(abs(Double(counts[index]) - expected) < 5 * sd, "request \(index): \(counts[index])")
        }
        #expect(counts[3] == 0)
        var again = WeightedPicker(weights: [8, 2, 1, 0], seed: 42)
        var first = WeightedPicker(weights: [8, 2, 1, 0], seed: 42)
        #expect((0..<100).map { _ in again.next() } == (0..<100).map { _ in first.next() }, "the same seed gives the same mix")
    }

    @Test func findingsSayWhatTheNumbersMean() {
        let findings = LoadFindings.findings(
            Self.summary,
            stages: [
                .init(rate: 1000, requests: 1000, errors: 0, p99: 0.01), .init(rate: 2000, requests: 2000, errors: 5, p99: 0.02),
                .init(rate: 4000, requests: 4000, errors: 200, p99: 0.4),
            ])
        #expect(findings.contains("p99 is 25× p50 (50.0ms against 2.0ms): a long tail — look for queueing, GC or lock pauses, slow dependencies"))
        #expect(findings.contains("0.50 % of requests failed (3 connect, 47 5xx)"))
        #expect(findings.contains("errors began at 4000 req/s (5.0 % failed): capacity ≈ 2000 req/s at p99 20.0ms"))
        var behind = Self.summary
        behind.targetRate = 8000
        #expect(
            LoadFindings.findings(behind).contains(
                "the generator reached 5000 of 8000 req/s: it or the target could not keep the rate; results understate latency"))
        let calm = LoadSummary(
            requests: 100, duration: 1, latency: .init(min: 0.001, mean: 0.001, stdev: 0, max: 0.002, percentiles: [50: 0.001, 99: 0.002]),
            errors: .init(), bytesIn: 0, bytesOut: 0, peakConnections: 1)
        #expect(LoadFindings.findings(calm).isEmpty)
    }
}

extension LoadCoreTests {
    @Test func procFilesAndPrometheusTextParse() throws {
        // a command name with a space and a parenthesis; utime 250, stime 50 ticks; rss 1000 pages
        let stat =
            "4242 (my (server)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 4 0 12345 100000000 1000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
        let parsed = try #require(ProcessSample.parseStat(stat, ticksPerSecond: 100, pageSize: 4096))
        #expect(parsed.cpuSeconds == 3 && parsed.residentBytes == 4_096_000)
        #expect(ProcessSample.parseIO("rchar: 10\nwchar: 20\nread_bytes: 4096\nwrite_bytes: 8192\n") == (4096, 8192))
        let net = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
              eth0: 500        5    0    0    0     0          0         0      700       7    0    0    0     0       0          0
            """
        #expect(ProcessSample.parseNetDev(net) == (1500, 1700))
        let samples = [
            ProcessSample(at: 0, cpuSeconds: 1, residentBytes: 100, diskRead: 0, diskWritten: 0, networkReceived: 0, networkSent: 0),
            ProcessSample(at: 1, cpuSeconds: 1.5, residentBytes: 300, diskRead: 10, diskWritten: 20, networkReceived: 5, networkSent: 6),
            ProcessSample(at: 2, cpuSeconds: 2.5, residentBytes: 200, diskRead: 10, diskWritten: 40, networkReceived: 9, networkSent: 9),
        ]
        let resources = try #require(TargetResources(samples))
        #expect(resources.cpuMean == 0.75 && resources.cpuPeak == 1 && resources.residentPeak == 300 && resources.residentMean == 200)
        #expect(resources.diskWritten == 40 && resources.networkReceived == 9)
        #expect(TargetResources([samples[0]]) == nil)

        let before = PrometheusText.samples("# HELP x\nhttp_requests_total{code=\"200\"} 10\nup 1\nbad line\nlatency_sum 1.5 1700000000\n")
        #expect(before == ["http_requests_total{code=\"200\"}": 10, "up": 1, "latency_sum": 1.5])
        let after = PrometheusText.samples("http_requests_total{code=\"200\"} 110\nup 1\nlatency_sum 2\nnew_total 3\n")
        let changes = PrometheusText.changes(before: before, after: after)
        #expect(changes.map(\.series) == ["http_requests_total{code=\"200\"}", "new_total", "latency_sum"] && changes.first?.delta == 100)
    }
}
