import ArgumentParser
import Foundation
import NIOHTTP1

extension SLOCommand {
    /// `vigil slo status`: every SLO's current status from a running server.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every SLO's current status from a running server.",
            discussion: """
                Example:
                  vigil slo status --server http://127.0.0.1:9470

                Exit codes: 0 shown; 1 the server could not be reached or refused; 2 usage error.
                """
        )

        @OptionGroup var server: ServerOptions

        @Option(help: "Output format: text or json.")
        var output: OutputFormat = .text

        @Option(help: "Only this service's SLOs.")
        var service: String?

        func run() async throws {
            let client = ServerClient(options: server)
            var slos: [[String: Any]] = []
            var evaluatedAt = ""
            var cursor: String?
            repeat {
                var query = "limit=1000"
                if let cursor { query += "&cursor=\(cursor)" }
                if let service { query += "&service=\(service.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? service)" }
                let answer = try await client.send(.GET, "/api/v1/slos?\(query)")
                guard answer.status == 200, let page = answer.json else {
                    Terminal.error("\(server.baseURL): \(answer.status) \(answer.errorMessage)")
                    throw VigilExit.invalidInput
                }
                slos += page["slos"] as? [[String: Any]] ?? []
                evaluatedAt = page["evaluated_at"] as? String ?? evaluatedAt
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            if output == .json {
                let data = try JSONSerialization.data(
                    withJSONObject: ["evaluated_at": evaluatedAt, "slos": slos], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                Terminal.output(String(decoding: data, as: UTF8.self) + "\n")
                return
            }
            Terminal.output(Self.table(slos, evaluatedAt: evaluatedAt))
        }

        static func table(_ slos: [[String: Any]], evaluatedAt: String) -> String {
            let header = ["SLO", "SERVICE", "OBJECTIVE", "SLI", "BUDGET LEFT", "BURN 1H", "EXHAUSTED", "OUTPUT"]
            var rows = [header]
            // Own services first; third parties (`external: true`) after a heading of their
            // own: their budgets call for escalation to a vendor, not for a page.
            let own = slos.filter { $0["external"] as? Bool != true }
            let thirdParty = slos.filter { $0["external"] as? Bool == true }
            var headingRow: Int?
            for slo in own + thirdParty {
                if headingRow == nil, slo["external"] as? Bool == true, !own.isEmpty {
                    headingRow = rows.count
                    rows.append(["third-party dependencies:", "", "", "", "", "", "", ""])
                }
                func percent(_ key: String, digits: Int) -> String {
                    (slo[key] as? Double).map { String(format: "%.\(digits)f%%", $0 * 100) } ?? "no data"
                }
                let burn = ((slo["current_burn"] as? [String: Any])?["burn_rate"] as? Double).map { String(format: "%.2f×", $0) } ?? "-"
                let exhausted: String =
                    switch slo["time_to_exhaustion"] as? String {
                    case "exhausted": "now"
                    case "never": "never"
                    case "after": (slo["time_to_exhaustion_seconds"] as? Double).map { Self.approximate(seconds: $0) } ?? "-"
                    default: "-"
                    }
                let firing = (slo["tiers"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "firing" }.compactMap { $0["name"] as? String }
                let output = (slo["output"] as? String ?? "log") + (firing.isEmpty ? "" : " (\(firing.joined(separator: ", ")))")
                rows.append([
                    slo["instance"] as? String ?? slo["name"] as? String ?? "?", slo["service"] as? String ?? "?",
                    (slo["objective"] as? Double).map { String(format: "%g%%", $0 * 100) } ?? "?",
                    percent("sli", digits: 3), percent("budget_remaining", digits: 1), burn, exhausted, output,
                ])
            }
            let widths = header.indices.map { column in rows.enumerated().filter { $0.offset != headingRow }.map { $0.element[column].count }.max() ?? 0 }
            let lines = rows.enumerated().map { index, row in
                index == headingRow
                    ? row[0]
                    : row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces)
            }
            return "SLO status at \(evaluatedAt)\n" + lines.joined(separator: "\n") + "\n"
        }

        static func approximate(seconds: Double) -> String {
            let minutes = Int64((seconds / 60).rounded())
            if minutes < 1 { return "<1m" }
            let days = minutes / 1440
            let hours = (minutes % 1440) / 60
            let rest = minutes % 60
            return days > 0 ? "\(days)d\(hours)h" : hours > 0 ? "\(hours)h\(rest)m" : "\(rest)m"
        }
    }
}
