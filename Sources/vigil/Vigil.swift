import ArgumentParser
import Foundation
import VigilBuildInfo
import VigilConfig
import VigilCore

/// The `vigil` command line.
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil: SLOs, error budgets and burn-rate alerting in one binary.",
        discussion: """
            Exit codes: 0 success; 1 invalid configuration or input; 2 usage error; \
            3 an alert threshold given with --fail-on was reached, or a probe failed.
            """,
        version: BuildInfo.description,
        subcommands: [
            ServeCommand.self, CheckCommand.self, SLOCommand.self, ProbeCommand.self, AlertCommand.self, IncidentCommand.self, PostmortemCommand.self,
            ToilCommand.self, MaintenanceCommand.self, SatisfactionCommand.self, ReportCommand.self, LoadCommand.self, EventsCommand.self, ImportCommand.self,
            RulesCommand.self, BackupCommand.self, RestoreCommand.self, MigrateCommand.self, TokenCommand.self, CanaryCommand.self, GateCommand.self,
            OnCallCommand.self,
        ]
    )

    /// Runs the command line and exits with Vigil's documented codes. ArgumentParser
    /// reports usage errors with 64 (EX_USAGE); Vigil uses 2, as most Unix tools do, so
    /// that 1 keeps meaning "your input is invalid".
    static func runAndExit() async -> Never {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.error(fullMessage(for: error))
                // A pipeline reads `vigil gate`'s 2 as "warn": a mistyped flag must not
                // read as a release that may go on with a warning.
                Foundation.exit(CommandLine.arguments.dropFirst().first == "gate" ? GateDecision.Result.noDecision.exitCode : 2)
            }
            exit(withError: error)
        }
    }
}

/// Exit codes shared by the commands.
enum VigilExit {
    /// The configuration or an input file is invalid.
    static let invalidInput = ExitCode(1)
    /// Usage error (bad flag or argument).
    static let usage = ExitCode(2)
    /// `--fail-on` was given and an SLO reached that class.
    static let thresholdReached = ExitCode(3)
}

/// Where human-facing errors go.
enum Terminal {
    /// Writes a line to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    /// Writes `warning: …` to standard error.
    static func warning(_ message: String) { error("warning: \(message)") }

    /// Writes text to standard output unchanged.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// `--output text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension ConfigLoader {
    /// The configuration at `paths`, or every error on stderr and exit 1.
    static func loadOrExit(_ paths: [String], only format: ConfigFormat? = nil) throws -> VigilConfiguration {
        switch load(paths: paths, only: format) {
        case .failure(let errors):
            Terminal.error(errors.description)
            throw VigilExit.invalidInput
        case .success(let configuration):
            return configuration
        }
    }
}
