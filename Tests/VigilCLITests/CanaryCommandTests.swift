import Foundation
import Testing

/// `vigil canary judge` and `vigil canary errors` as a user runs them.
@Suite struct CanaryCommandTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("canary-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Latencies in ms: the canary's are twice the baseline's.
    @Test func judgeClassifiesAndExplains() throws {
        let baseline = try Self.write("# p99 of 2.3.9, ms\n" + (0..<30).map { "\(100 + ($0 * 7) % 23)" }.joined(separator: "\n") + "\nNaN\n")
        let canary = try Self.write("[" + (0..<30).map { "\(200 + ($0 * 5) % 19)" }.joined(separator: ", ") + ", null]")
        let text = try CLITests.vigil("canary", "judge", "--baseline", baseline, "--canary", canary, "--direction", "increase")
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("high\nshift (canary − baseline): "))
        let json = try CLITests.vigil("canary", "judge", "--baseline", baseline, "--canary", canary, "--output", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["classification"] as? String == "high")
        #expect(object["baseline_count"] as? Int == 30, "the NaN was removed")
        let estimate = try #require(object["estimate"] as? Double)
        #expect(estimate > 80 && estimate < 120)
        // Only a decrease is bad: the same samples pass.
        let decrease = try CLITests.vigil("canary", "judge", "--baseline", baseline, "--canary", canary, "--direction", "decrease")
        #expect(decrease.stdout.hasPrefix("pass\n"))
        // No canary data at all.
        let empty = try Self.write("# nothing yet\n")
        #expect(try CLITests.vigil("canary", "judge", "--baseline", baseline, "--canary", empty).stdout.hasPrefix("nodata\n"))
    }

    @Test func badSamplesAndFlagsAreRefusedWithTheirPlace() throws {
        let bad = try Self.write("1.5\n2\nfast\n")
        let run = try CLITests.vigil("canary", "judge", "--baseline", bad, "--canary", bad)
        #expect(run.status == 1)
        #expect(run.stderr == "\(bad):3: expected a number (or NaN), found 'fast'\n")
        let booleans = try Self.write("[1, true]")
        #expect(try CLITests.vigil("canary", "judge", "--baseline", booleans, "--canary", booleans).status == 1)
        #expect(try CLITests.vigil("canary", "judge", "--baseline", "/nonexistent", "--canary", bad).status == 1)
        #expect(try CLITests.vigil("canary", "judge", "--baseline", bad, "--canary", bad, "--confidence", "1.5").status == 2)
        #expect(try CLITests.vigil("canary", "judge", "--baseline", bad, "--canary", bad, "--direction", "up").status == 2)
        #expect(try CLITests.vigil("canary", "errors", "--baseline", "5/3", "--canary", "1/10").status == 2)
        #expect(try CLITests.vigil("canary", "errors", "--baseline", "-1/3", "--canary", "1/10").status == 2)
    }

    @Test func errorsSaysFailPassOrHowManyMoreRequests() throws {
        let fail = try CLITests.vigil("canary", "errors", "--baseline", "200/1000000", "--canary", "1000/1000000")
        #expect(fail.status == 0 && fail.stdout.hasPrefix("fail\n"))
        let pass = try CLITests.vigil("canary", "errors", "--baseline", "1000/1000000", "--canary", "1000/1000000")
        #expect(pass.stdout.hasPrefix("pass\n"))
        let sparse = try CLITests.vigil("canary", "errors", "--baseline", "1/4000", "--canary", "0/40", "--output", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sparse.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "insufficient_data")
        #expect((object["requests_needed"] as? Int ?? 0) > 0)
    }
}
