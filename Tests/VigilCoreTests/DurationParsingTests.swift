import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct DurationParsingTests {
    @Test(
        arguments: [
            ("30s", 30_000), ("5m", 300_000), ("1h", 3_600_000), ("28d", 2_419_200_000),
            ("1h30m", 5_400_000), ("250ms", 250), ("1w", 604_800_000), ("0", 0), ("1y", 31_536_000_000),
        ] as [(String, Int64)])
    func parsesPrometheusDurations(text: String, milliseconds: Int64) throws {
        #expect(try Duration(parsing: text).wholeMilliseconds == milliseconds)
    }

    @Test(arguments: ["", "5", "m", "5x", "1m1h", "1h1h", "-5m", "5.5m", "99999999999999999999d"])
    func rejectsMalformed(text: String) {
        #expect(throws: DurationParseError.self) { try Duration(parsing: text) }
    }

    @Test func explainsTheUnit() {
        #expect(throws: DurationParseError(text: "5x", reason: "unit 'x' is not one of ms, s, m, h, d, w, y")) {
            try Duration(parsing: "5x")
        }
    }

    @Test(arguments: [("5m", "5m"), ("90m", "1h30m"), ("4w", "28d"), ("1500ms", "1s500ms"), ("0", "0s")])
    func formatsCompactly(text: String, expected: String) throws {
        #expect(try Duration(parsing: text).compactDescription == expected)
    }

    @Test func roundTripsRandomDurations() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let ms = Int64.random(in: 1...(400 * 86_400_000), using: &rng)
            let duration = Duration.milliseconds(ms)
            #expect(try Duration(parsing: duration.compactDescription) == duration)
        }
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [("shpo", "shop", 1), ("objectiv", "objective", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "abc", 0)])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(Suggestion.editDistance(a, b) == distance)
    }

    @Test func suggestsOnlyCloseCandidates() {
        #expect(Suggestion.closest(to: "standrd", among: ["standard", "custom"]) == "standard")
        #expect(Suggestion.closest(to: "zzz", among: ["standard", "custom"]) == nil)
    }
}
