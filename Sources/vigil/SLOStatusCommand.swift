import ArgumentParser
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilCore

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
            var slos: [API.SLODocument] = []
            var evaluatedAt = ""
            var cursor: String?
            repeat {
                var query = "limit=1000"
                if let cursor { query += "&cursor=\(cursor)" }
                if let service { query += "&service=\(service.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? service)" }
                let page = try await client.get(API.SLOList.self, "/api/v1/slos?\(query)")
                slos += page.slos
                evaluatedAt = page.evaluatedAt
                cursor = page.nextCursor
            } while cursor != nil
            if output == .json {
                let all = API.SLOList(evaluatedAt: evaluatedAt, slos: slos, nextCursor: nil)
                Terminal.output(String(decoding: try APIJSON.prettyEncoder.encode(all), as: UTF8.self) + "\n")
                return
            }
            Terminal.output(Self.table(slos, evaluatedAt: evaluatedAt))
            let services = try await client.get(API.ServiceList.self, "/api/v1/services").services.filter { service == nil || $0.name == service }
            Terminal.output(Self.releaseLines(services))
        }

        /// Which step of its release policy each service stands in, and since when.
        static func releaseLines(_ services: [API.ServiceDocument]) -> String {
            let covered = services.compactMap { service in service.release.map { (service.name, $0) } }
            guard !covered.isEmpty else { return "" }
            var lines = ["", "release policies:"]
            for (name, release) in covered {
                var line = "  \(name): policy \(release.policy) (\(release.mode.rawValue)), "
                if !release.hasData {
                    line += "no data: the gate has no decision"
                } else if let step = release.step {
                    line += "step \(step)" + (release.since.map { " since \(RFC3339.format($0))" } ?? "")
                    line += " (for \(release.because.joined(separator: ", "))) — \(release.message ?? "")"
                } else {
                    line += "no step holds" + (release.since.map { " since \(RFC3339.format($0))" } ?? "") + ": releases go on as normal"
                }
                lines.append(line)
            }
            return lines.joined(separator: "\n") + "\n"
        }

        static func table(_ slos: [API.SLODocument], evaluatedAt: String) -> String {
            let header = ["SLO", "SERVICE", "OBJECTIVE", "SLI", "BUDGET LEFT", "BURN 1H", "EXHAUSTED", "OUTPUT"]
            var rows = [header]
            // Own services first; third parties (`external: true`) after a heading of their
            // own: their budgets call for escalation to a vendor, not for a page.
            let own = slos.filter { !$0.external }
            let thirdParty = slos.filter(\.external)
            var headingRow: Int?
            for slo in own + thirdParty {
                if headingRow == nil, slo.external, !own.isEmpty {
                    headingRow = rows.count
                    rows.append(["third-party dependencies:", "", "", "", "", "", "", ""])
                }
                func percent(_ value: Double?, digits: Int) -> String {
                    value.map { String(format: "%.\(digits)f%%", $0 * 100) } ?? "no data"
                }
                let burn = slo.currentBurn?.burnRate.map { String(format: "%.2f×", $0) } ?? "-"
                let exhausted: String =
                    switch slo.timeToExhaustion {
                    case "exhausted": "now"
                    case "never": "never"
                    case "after": slo.timeToExhaustionSeconds.map { Self.approximate(seconds: $0) } ?? "-"
                    default: "-"
                    }
                let firing = slo.tiers.filter { $0.state == "firing" }.map(\.name)
                let output = slo.output + (firing.isEmpty ? "" : " (\(firing.joined(separator: ", ")))")
                rows.append([
                    slo.instance, slo.service, String(format: "%g%%", slo.objective * 100),
                    percent(slo.sli, digits: 3), percent(slo.budgetRemaining, digits: 1), burn, exhausted, output,
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
