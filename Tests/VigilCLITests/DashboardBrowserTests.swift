import Foundation
import Testing
import VigilTestSupport

/// The dashboard in a real browser: runs scripts/browser-test.sh, which serves the
/// quickstart with demo traffic and has headless Chromium screenshot the overview and an
/// SLO page at desktop and phone widths (and the status page), failing when a page errors,
/// is blank or lacks its chart. CI installs Chromium (.ci/run).
@Suite struct DashboardBrowserTests {
    @Test(.requires(.chromium), .timeLimit(.minutes(5))) func pagesRenderInChromiumWithTheirCharts() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-shots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let (status, text) = try await ChildProcess.run("/bin/bash", ["\(CLITests.repository)/scripts/browser-test.sh", CLITests.binary, output.path])
        #expect(status == 0, "\(text)")
        for name in ["overview-desktop", "overview-phone", "slo-desktop", "slo-phone", "status-desktop"] {
            #expect(text.contains("ok   \(name).png"), "\(name): \(text)")
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("\(name).png").path))
        }
    }
}
