import Foundation
import Testing

/// Runs the built `vigil` binary as a user would.
@Suite struct CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let quickstart = "\(repository)/examples/quickstart"
    static let events = "\(quickstart)/events.ndjson"

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `vigil` built beside this test bundle.
    static var binary: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDirectory, bundleDirectory.deletingLastPathComponent()].map { $0.appendingPathComponent("vigil").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "\(repository)/.build/debug/vigil"
    }

    static func vigil(_ arguments: String..., stdin: String? = nil) throws -> Run {
        try vigil(environment: [], arguments, stdin: stdin)
    }

    /// Runs `vigil` with extra `NAME=value` environment entries.
    static func vigil(environment: [String], _ arguments: String...) throws -> Run {
        try vigil(environment: environment, arguments, stdin: nil)
    }

    static func vigil(environment: [String], _ arguments: [String], stdin: String?) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for entry in environment {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            variables[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        process.environment = variables
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func checkAcceptsTheQuickstart() throws {
        let run = try Self.vigil("check", "examples/quickstart")
        #expect(run.status == 0)
        #expect(run.stdout == "valid: 2 services, 4 slis, 6 slos, 1 alert policies, 2 receivers, 2 probes, 2 people, 1 schedules, 1 escalation policies\n")
    }

    @Test func checkRejectsABrokenConfigWithLocations() throws {
        let run = try Self.vigil("check", "Tests/VigilConfigTests/Fixtures/broken/typos.yaml")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.hasPrefix("Tests/VigilConfigTests/Fixtures/broken/typos.yaml:4:11: error: services[0].tier: must be 1 (most critical) to 4, found 7\n"))
        #expect(run.stderr.hasSuffix("10 errors\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Self.vigil("check").status == 2)
        #expect(try Self.vigil("slo", "report", "--config", "examples/quickstart").status == 2)
        #expect(try Self.vigil("slo", "report", "--config", "x", "--events", "y", "--at", "noon").status == 2)
        #expect(try Self.vigil("frobnicate").status == 2)
        #expect(try Self.vigil("check", "--help").status == 0)
    }

    /// The page tier fires at the minute docs/concepts.md computes by hand, not before.
    @Test func reportFiresThePageWhenTheDocsSay() throws {
        let before = try Self.vigil(
            "slo", "report", "--config", "examples/quickstart", "--events", Self.events, "--at", "2026-11-22T14:28:00Z", "--output", "json")
        let at = try Self.vigil("slo", "report", "--config", "examples/quickstart", "--events", Self.events, "--at", "2026-11-22T14:29:00Z", "--output", "json")
        #expect(before.status == 0 && at.status == 0)
        func availability(_ run: Run) throws -> [String: Any] {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let slos = try #require(document["slos"] as? [[String: Any]])
            return try #require(slos.first { $0["name"] as? String == "shop-web-availability" })
        }
        let quiet = try availability(before)
        let firing = try availability(at)
        let quietTiers = try #require(quiet["tiers"] as? [[String: Any]])
        let firingTiers = try #require(firing["tiers"] as? [[String: Any]])
        #expect(quietTiers[0]["state"] as? String == "quiet")
        #expect(firingTiers[0]["state"] as? String == "firing")
        #expect(firing["output"] as? String == "alert")
        #expect(firing["good"] as? Int == 3_747_386)
        #expect(firing["valid"] as? Int == 3_749_000)
        let remaining = try #require(firing["budget_remaining"] as? Double)
        #expect(abs(remaining - (1 - 1614.0 / 3749.0)) < 1e-12)
        let long = try #require(firingTiers[0]["long"] as? [String: Any])
        #expect(abs((long["burn_rate"] as? Double ?? 0) - 14.6) < 1e-9)
    }

    @Test func reportAtTheEndMatchesTheHandCalculation() throws {
        let run = try Self.vigil("slo", "report", "--config", "examples/quickstart", "--events", Self.events, "--at", "2026-11-23T00:00:00Z")
        #expect(run.status == 0)
        #expect(run.stdout.contains("SLI            99.9179%  (4,316,454 good of 4,320,000 valid events since 2026-10-24T00:00:00Z)"))
        #expect(run.stdout.contains("budget         17.92% remaining, 82.08% consumed"))
        #expect(run.stdout.contains("SLI            97.9167%  (4,230 good of 4,320 valid slices since 2026-11-01T00:00:00Z)"))
        #expect(run.stdout.contains("budget         -316.67% remaining, 416.67% consumed"))
        #expect(run.stdout.hasSuffix("Overall: log\n"))
    }

    @Test func failOnSetsTheExitCode() throws {
        let args = ["slo", "report", "--config", "examples/quickstart", "--events", Self.events, "--at", "2026-11-22T14:29:00Z"]
        #expect(try Self.vigil(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], "--fail-on", "alert").status == 3)
        let calm = try Self.vigil(args[0], args[1], args[2], args[3], args[4], args[5], "--at", "2026-11-21T12:00:00Z", "--fail-on", "ticket")
        #expect(calm.status == 0)
    }

    @Test func badEventsAreRejectedWithLines() throws {
        let input = """
            {"time":"2026-11-20T00:00:00Z","sli":"shop-web-requests","good":1,"total":1}
            {"time":"2026-11-20T00:01:00Z","sli":"shop-web-request","good":1,"total":1}
            """
        let run = try Self.vigil("slo", "report", "--config", "examples/quickstart", "--events", "-", stdin: input)
        #expect(run.status == 1)
        #expect(run.stderr == "-:2: error: sli: unknown SLI 'shop-web-request'; did you mean 'shop-web-requests'?\n1 invalid event; nothing was evaluated\n")
    }

    @Test func importPrintsVigilYAMLThatChecks() throws {
        let run = try Self.vigil("import", "sloth", "Tests/VigilConfigTests/Fixtures/sloth/checkout.yaml")
        #expect(run.status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-import-\(UUID().uuidString).yaml")
        try run.stdout.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try Self.vigil("check", file.path)
        #expect(check.status == 0)
        #expect(check.stdout == "valid: 1 services, 2 slis, 2 slos, 0 alert policies, 0 receivers, 0 probes\n")
        #expect(try Self.vigil("import", "openslo", "Tests/VigilConfigTests/Fixtures/sloth/checkout.yaml").status == 1)
    }
}
