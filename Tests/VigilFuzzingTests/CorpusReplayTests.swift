import Foundation
import Testing
import VigilConfig

@testable import VigilFuzzing

/// Every seed input and every input a fuzzer once broke Vigil with (`Fuzz/corpus/TARGET`,
/// `Fuzz/regressions/TARGET`) still holds its target's rules: what `scripts/fuzz.sh`
/// starts from, and what it must never find again.
@Suite struct CorpusReplayTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let folder = fuzz.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases) func seedsAndRegressionsHoldTheRules(_ target: FuzzTarget) throws {
        let seeds = Self.inputs("corpus", target)
        #expect(seeds.count >= 2, "a target starts from real inputs")
        for file in seeds + Self.inputs("regressions", target) {
            #expect(throws: Never.self, "\(file.lastPathComponent)") { try target.run(try Data(contentsOf: file)) }
        }
    }

    /// The rules can fail: answers that break them are findings (so a green replay
    /// means something).
    @Test func aBrokenRuleIsAFinding() {
        #expect(throws: FuzzFinding.self) { try FuzzTarget.checkOffset(4, in: "abc", .labelMatcher) }
        #expect(throws: Never.self) { try FuzzTarget.checkOffset(3, in: "abc", .labelMatcher) }
        #expect(throws: FuzzFinding.self) { try FuzzTarget.checkDiagnostics(ConfigurationErrors([]), in: "a: 1", .config) }
        let pastTheEnd = Diagnostic(location: SourceLocation(file: FuzzTarget.fuzzedFile, line: 9, column: 1), path: "a", message: "m")
        #expect(throws: FuzzFinding.self) { try FuzzTarget.checkDiagnostics(ConfigurationErrors([pastTheEnd]), in: "a: 1\nb: 2", .config) }
    }
}
