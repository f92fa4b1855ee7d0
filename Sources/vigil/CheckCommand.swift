import ArgumentParser
import Foundation
import VigilConfig
import VigilCore

/// `vigil check`: validates configuration files.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate configuration files and directories.",
        discussion: """
            Reads every .yaml/.yml file (directories recursively): Vigil documents, Sloth \
            prometheus/v1 specs and OpenSLO v1 objects. Every error is printed to stderr as \
            file:line:column: error: field.path: message.

            Example:
              vigil check examples/quickstart

            Exit codes: 0 valid, 1 invalid, 2 usage error.
            """
    )

    @Argument(help: "Configuration files or directories.")
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one configuration file or directory") }
    }

    func run() throws {
        switch ConfigLoader.load(paths: paths) {
        case .failure(let errors):
            Terminal.error(errors.description)
            Terminal.error("\(errors.diagnostics.count) error\(errors.diagnostics.count == 1 ? "" : "s")")
            throw VigilExit.invalidInput
        case .success(let configuration):
            var summary = [
                ("services", configuration.services.count), ("slis", configuration.indicators.count),
                ("slos", configuration.slos.count), ("alert_policies", configuration.alertPolicies.count),
                ("receivers", configuration.receivers.count), ("probes", configuration.probes.count),
            ]
            if !configuration.people.isEmpty || !configuration.schedules.isEmpty {
                summary += [
                    ("people", configuration.people.count), ("schedules", configuration.schedules.count),
                    ("escalation_policies", configuration.escalationPolicies.count),
                ]
            }
            // Gaps and uneven load in the next 14 days: warnings, since the configuration is
            // valid and only the calendar makes them.
            let now = Date()
            let warnings = configuration.schedules.flatMap { ScheduleOutlook($0, at: now).warnings }
            switch output {
            case .text:
                for warning in warnings { Terminal.warning(warning) }
                let counts = summary.map { "\($0.1) \($0.0.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
                Terminal.output("valid: \(counts)\n")
            case .json:
                let fields = summary.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
                let quoted = warnings.map { String(decoding: (try? JSONEncoder().encode($0)) ?? Data(), as: UTF8.self) }
                Terminal.output("{\"valid\": true, \(fields), \"warnings\": [\(quoted.joined(separator: ", "))]}\n")
            }
        }
    }
}
