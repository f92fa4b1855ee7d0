import Foundation
import Testing

/// Compares text with a file in a test target's `Golden/` folder; `VIGIL_UPDATE_GOLDEN=1
/// swift test` rewrites the files instead (then review the diff before committing).
public struct Golden: Sendable {
    public let directory: URL

    /// The `Golden/` folder beside `file` (pass `#filePath`).
    public init(beside file: String) {
        directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    public func check(_ text: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if text != expected {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "\(name) differs first at line \(line + 1):\n  got:  \(line < got.count ? String(got[line]) : "<end>")\n  want: \(line < want.count ? String(want[line]) : "<end>")",
                sourceLocation: sourceLocation)
        }
    }
}
