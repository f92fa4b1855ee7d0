import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

/// `vigil report …`: reviews computed by a running server.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reviews from a running server.",
        subcommands: [Alerts.self, Incidents.self, Toil.self, Weekly.self, SLOReviewReport.self]
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
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/reports/alerts?since=\(since)&flap_window=\(flapWindow)", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let rules = try answer.decode(API.AlertNoiseDocument.self, from: server).rules
            print("Alerts over the last \(since) (flap: resolved within \(flapWindow))")
            guard !rules.isEmpty else {
                print("no alert fired")
                return
            }
            let width = max(4, rules.map(\.rule.count).max() ?? 0)
            print("RULE".padding(toLength: width, withPad: " ", startingAt: 0) + "  CLASS   FIRED  FIRING     FLAPS  ACKED  INCIDENT")
            for rule in rules {
                let name = rule.rule.padding(toLength: width, withPad: " ", startingAt: 0)
                let time = Duration.seconds(Int64(rule.firingSeconds.rounded())).compactDescription
                let acked = Int((rule.acknowledgedShare * 100).rounded())
                let incident = Int((rule.incidentShare * 100).rounded())
                print(
                    "\(name)  \(rule.class.padding(toLength: 6, withPad: " ", startingAt: 0))  \(String(rule.fired).leftPadded(5))  \(time.padding(toLength: 9, withPad: " ", startingAt: 0))  \(String(rule.flaps).leftPadded(5))  \(String(acked).leftPadded(4))%  \(String(incident).leftPadded(7))%"
                )
            }
            let advised = rules.filter { $0.advice != nil }
            if !advised.isEmpty {
                print("\nCandidates to prune or demote:")
                for rule in advised { print("  \(rule.rule): \(rule.advice ?? "")") }
            }
        }
    }
}

extension ReportCommand {
    /// `vigil report incidents`: MTTD/MTTA/MTTM/MTTR, MTBF, MTTF and availability.
    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Incident figures: time to detect, acknowledge, mitigate and resolve (mean, median, p90); MTBF, MTTF, availability.",
            discussion: """
                Over the incidents that started in the period, overall and per service, severity and
                month. An incident without a time does not count in the figure that needs it.

                Example:
                  vigil report incidents --since 90d

                Exit codes: 0 shown; 1 the server could not be reached or refused; 2 usage error.
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "How far back, such as 30d or 90d.") var since = "90d"
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/reports/incidents?since=\(since)", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let report = try answer.decode(API.IncidentReportDocument.self, from: server)
            print("Incidents that started in the last \(since)")
            print(Self.table([("all", report.overall)]))
            for (title, groups) in [("By service", report.byService), ("By severity", report.bySeverity), ("By month", report.byMonth)] {
                guard !groups.isEmpty else { continue }
                print("\n\(title)")
                print(Self.table(groups.keys.sorted().map { ($0, groups[$0]!) }))
            }
        }

        /// One row per group: count, then mean / median / p90 of each time, MTBF, availability.
        static func table(_ rows: [(String, API.IncidentFiguresDocument)]) -> String {
            let width = max(5, rows.map(\.0.count).max() ?? 0)
            var lines = [
                "".padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  COUNT  DETECT (mean/median/p90)  ACK                  MITIGATE             RESOLVE              MTBF     AVAILABILITY"
            ]
            for (name, figures) in rows {
                var line = name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(figures.incidents).leftPadded(5)
                line += "  " + summary(figures.timeToDetect).padding(toLength: 25, withPad: " ", startingAt: 0)
                for times in [figures.timeToAcknowledge, figures.timeToMitigate, figures.timeToResolve] {
                    line += summary(times).padding(toLength: 21, withPad: " ", startingAt: 0)
                }
                line += figures.mtbfSeconds.map(duration)?.padding(toLength: 9, withPad: " ", startingAt: 0) ?? "-        "
                line += figures.availability.map { String(format: "%.3f%%", $0 * 100) } ?? "-"
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }

        static func summary(_ figures: API.DurationFigures?) -> String {
            guard let figures else { return "-" }
            return [figures.meanSeconds, figures.medianSeconds, figures.p90Seconds].map(duration).joined(separator: "/")
        }

        static func duration(_ seconds: Double) -> String {
            seconds < 60 ? "\(Int(seconds.rounded()))s" : Duration.seconds(Int64((seconds / 60).rounded()) * 60).compactDescription
        }
    }
}

extension ReportCommand {
    /// `vigil report toil`.
    struct Toil: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per team: toil as a share of working time against the 50 % cap, per week, by category.",
            discussion: """
                Working time is the team's members × hours_per_week (teams: in the configuration).

                Example:
                  vigil report toil --since 28d
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "How far back, such as 28d.") var since = "28d"
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/reports/toil?since=\(since)", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            let teams = try answer.decode(API.ToilReportDocument.self, from: server).teams
            print("Toil over the last \(since) (cap: 50 % of a team's time)")
            if teams.isEmpty { print("no toil logged and no teams declared") }
            for team in teams {
                let ratio = team.ratio.map { String(format: "%.1f %%", $0 * 100) } ?? "no ratio (no members declared)"
                let over = team.overCap ? "  OVER THE CAP" : ""
                let automatable = team.automatableShare.map { String(format: ", %.0f %% automatable", $0 * 100) } ?? ""
                print("\(team.team): \(team.minutes)m, \(ratio)\(automatable)\(over)")
                let weeks = team.weeks.map { week in
                    "\(RFC3339.format(week.start).prefix(10)) \(week.ratio.map { String(format: "%.1f %%", $0 * 100) } ?? "\(week.minutes)m")"
                }
                if !weeks.isEmpty { print("  weeks: " + weeks.joined(separator: ", ")) }
                for category in team.categories.prefix(5) { print("  \(category.minutes)m \(category.category)") }
            }
        }
    }

    /// `vigil report weekly`.
    struct Weekly: AsyncParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case md, html, json
        }

        static let configuration = CommandConfiguration(
            abstract:
                "The weekly production report: SLOs and budget spent (week over week), incidents, noisy alerts, overdue action items, changes, toil, SLO review.",
            discussion: """
                The seven days ending now, or with --week the week (Monday to Sunday, UTC) that holds that day.

                Example:
                  vigil report weekly --output html > week.html
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "A day of the week to report, such as 2026-11-16.") var week: String?
        @Option(help: "md, html or json.") var output: Format = .md

        func run() async throws {
            var path = "/api/v1/reports/weekly?format=\(output.rawValue)"
            if let week { path += "&week=\(week)" }
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, path, expecting: [200])
            Terminal.output(answer.text)
        }
    }

    /// `vigil report slo-review`.
    struct SLOReviewReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slo-review",
            abstract: "Per SLO: met × the owning team's toil × users' satisfaction, with what to do about it.",
            discussion: """
                Met with high toil → tighten; met, low toil, unhappy users → the SLI is wrong; missed
                with happy users → loosen; missed with unhappy users → invest in reliability.

                Example:
                  vigil report slo-review --since 28d
                """)

        @OptionGroup var server: ServerOptions
        @Option(help: "How far back, such as 28d.") var since = "28d"
        @Option(help: "Output format: text or json.") var output: OutputFormat = .text

        func run() async throws {
            let client = ServerClient(options: server)
            let answer = try await client.send(.GET, "/api/v1/reports/slo-review?since=\(since)", expecting: [200])
            if output == .json {
                print(answer.text)
                return
            }
            for entry in try answer.decode(API.SLOReviewDocument.self, from: server).review {
                print(
                    "\(entry.slo.padding(toLength: 30, withPad: " ", startingAt: 0)) \(entry.advice.padding(toLength: 10, withPad: " ", startingAt: 0)) \(entry.reason)"
                )
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
