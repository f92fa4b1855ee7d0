import ArgumentParser
import Foundation
import NIOHTTP1
import VigilCore

/// `vigil report …`: reviews computed by a running server.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reviews from a running server.",
        subcommands: [Alerts.self]
    )

    /// `vigil report alerts`: the alert-noise review.
    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per alerting rule: firings, firing time, flaps, share acknowledged; rules to prune or demote.",
            discussion: """
                A flap is a firing that resolved within --flap-window. A rule that fired at least
                3 times and was never acknowledged is listed as a candidate to prune or demote.

                Example:
                  vigil report alerts --since 30d

                Exit codes: 0 shown; 1 the server could not be reached or refused; 2 usage error.
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "How far back, such as 7d or 30d.") var since = "30d"
        @Option(help: "A firing shorter than this is a flap.") var flapWindow = "10m"
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let answer = try await ServerClient(options: server).send(.GET, "/api/v1/reports/alerts?since=\(since)&flap_window=\(flapWindow)")
            try AlertCommand.expect(answer, [200], from: server)
            if output == .json {
                print(String(decoding: answer.body, as: UTF8.self))
                return
            }
            let rules = answer.json?["rules"] as? [[String: Any]] ?? []
            print("Alerts over the last \(since) (flap: resolved within \(flapWindow))")
            guard !rules.isEmpty else {
                print("no alert fired")
                return
            }
            let width = max(4, rules.map { ($0["rule"] as? String ?? "").count }.max() ?? 0)
            print("RULE".padding(toLength: width, withPad: " ", startingAt: 0) + "  CLASS   FIRED  FIRING     FLAPS  ACKED")
            for rule in rules {
                let name = (rule["rule"] as? String ?? "").padding(toLength: width, withPad: " ", startingAt: 0)
                let seconds = rule["firing_seconds"] as? Double ?? 0
                let time = Duration.seconds(Int64(seconds.rounded())).compactDescription
                let acked = Int(((rule["acknowledged_share"] as? Double ?? 0) * 100).rounded())
                print("\(name)  \((rule["class"] as? String ?? "").padding(toLength: 6, withPad: " ", startingAt: 0))  \(String(rule["fired"] as? Int ?? 0).leftPadded(5))  \(time.padding(toLength: 9, withPad: " ", startingAt: 0))  \(String(rule["flaps"] as? Int ?? 0).leftPadded(5))  \(String(acked).leftPadded(4))%")
            }
            let advised = rules.filter { $0["advice"] is String }
            if !advised.isEmpty {
                print("\nCandidates to prune or demote:")
                for rule in advised { print("  \(rule["rule"] as? String ?? ""): \(rule["advice"] as? String ?? "")") }
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
