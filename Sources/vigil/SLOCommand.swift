import ArgumentParser
import Foundation
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilIngest
import VigilReports

/// `vigil slo …`
struct SLOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slo",
        abstract: "Evaluate SLOs and error budgets.",
        discussion: """
            Examples:
              vigil slo report --config examples/quickstart --events examples/quickstart/events.ndjson
              vigil slo status --server http://127.0.0.1:9470
            """,
        subcommands: [Report.self, Status.self]
    )

    /// `vigil slo report`: budgets and burn rates from an events file, offline.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every SLO's budget, burn rates and firing tiers from an events file.",
            discussion: """
                Events are NDJSON (one JSON object per line), a JSON array, or CSV with a \
                header (a .csv file). An event is {"time": RFC 3339, "sli": name} plus \
                "good" and "total" counts, a "latency_ms", or "buckets" (cumulative counts by \
                upper bound in ms, with "+Inf"). Every window ends just before --at, which \
                defaults to the minute after the last event.

                Example:
                  vigil slo report --config examples/quickstart \\
                    --events examples/quickstart/events.ndjson --at 2026-11-22T14:29:00Z

                Exit codes: 0 report printed; 1 invalid configuration or events; 2 usage \
                error; 3 --fail-on given and an SLO reached that class.
                """
        )

        @Option(help: "Configuration directory or file.")
        var config: [String]

        @Option(help: "Events file (NDJSON, JSON array, or .csv); '-' reads standard input.")
        var events: String

        @Option(help: "Evaluation time, RFC 3339 (default: the minute after the last event).")
        var at: String?

        @Option(help: "Output format: text or json.")
        var output: OutputFormat = .text

        @Option(name: .customLong("fail-on"), help: "Exit 3 when any SLO calls for this class or higher: ticket or alert.")
        var failOn: FailOn?

        enum FailOn: String, ExpressibleByArgument, CaseIterable {
            case ticket, alert
        }

        func validate() throws {
            if let at, EventDecoder.parseTime(at) == nil {
                throw ValidationError("--at: expected an RFC 3339 time such as 2026-11-22T14:29:00Z, found '\(at)'")
            }
        }

        func run() throws {
            let configuration = try ConfigLoader.loadOrExit(config)
            var batch = try readEvents()
            guard batch.errors.isEmpty else { throw failure(batch.errors) }
            guard !batch.events.isEmpty || at != nil else {
                Terminal.error("\(events): no events, and no --at to evaluate at")
                throw VigilExit.invalidInput
            }
            let minute =
                at.flatMap(EventDecoder.parseTime)?.epochMinute
                ?? (batch.events.map(\.time.epochMinute).max()! + 1)
            let earliest = configuration.slos.map { SLOReport.earliestMinute(for: $0.objective, at: minute) }.min() ?? minute
            let (kept, ignored) = Self.partition(batch, from: earliest, before: minute)
            batch = kept
            var recorder = SeriesRecorder(indicators: configuration.indicators, slos: configuration.slos.map(\.objective), earliestMinute: earliest)
            let errors = recorder.recordAll(batch)
            guard errors.isEmpty else { throw failure(errors) }
            if ignored > 0 {
                Terminal.error(
                    "note: \(ignored) event\(ignored == 1 ? "" : "s") outside [\(Formatting.timestamp(earliest)), \(Formatting.timestamp(minute))) left out")
            }
            let report = SLOReport.build(
                configuration: configuration, series: recorder.series, instances: recorder.groups.instances,
                misalignedThresholds: recorder.misalignedThresholds, at: minute)
            Terminal.output(output == .json ? try report.json() : report.text())
            if let failOn, report.notificationClass >= (failOn == .alert ? .alert : .ticket) {
                throw VigilExit.thresholdReached
            }
        }

        func readEvents() throws -> DecodedBatch {
            let data: Data
            if events == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: events) else {
                    Terminal.error("\(events): cannot read file")
                    throw VigilExit.invalidInput
                }
                data = contents
            }
            if events.lowercased().hasSuffix(".csv") {
                return EventDecoder.decodeCSV(String(decoding: data, as: UTF8.self))
            }
            return EventDecoder.decodeJSON(data)
        }

        func failure(_ errors: [EventError]) -> ExitCode {
            for error in errors.prefix(50) {
                Terminal.error(
                    "\(events):\(error.line.map(String.init) ?? "item \(error.index)"): error: \(error.field.isEmpty ? "" : "\(error.field): ")\(error.message)"
                )
            }
            if errors.count > 50 { Terminal.error("… and \(errors.count - 50) more") }
            Terminal.error("\(errors.count) invalid event\(errors.count == 1 ? "" : "s"); nothing was evaluated")
            return VigilExit.invalidInput
        }

        /// Keeps the events inside `[from, before)`; the count of the others is returned.
        static func partition(_ batch: DecodedBatch, from: EpochMinute, before: EpochMinute) -> (DecodedBatch, Int) {
            var kept = DecodedBatch()
            for (event, position) in zip(batch.events, batch.positions) {
                let minute = event.time.epochMinute
                guard minute >= from && minute < before else { continue }
                kept.events.append(event)
                kept.positions.append(position)
            }
            return (kept, batch.events.count - kept.events.count)
        }
    }
}
