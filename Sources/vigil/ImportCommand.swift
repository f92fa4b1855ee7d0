import ArgumentParser
import VigilConfig

/// `vigil import sloth|openslo FILE`: prints the equivalent Vigil YAML.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert Sloth or OpenSLO specs, or Gatus endpoints, into Vigil YAML.",
        discussion: """
            Vigil also reads Sloth and OpenSLO files directly from a configuration directory; \
            import prints the equivalent native configuration so you can own it from here on.

            Examples:
              vigil import sloth slos/checkout.yaml > vigil/checkout.yaml
              vigil import openslo openslo/*.yaml
              vigil import gatus gatus/config.yaml > vigil/probes.yaml
            """,
        subcommands: [Sloth.self, OpenSLO.self, Gatus.self]
    )

    struct Sloth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert Sloth prometheus/v1 specs.",
            discussion: "Example:\n  vigil import sloth sloth.yaml")

        @Argument(help: "Sloth spec files.")
        var files: [String]

        func run() throws { try ImportCommand.convert(files, format: .sloth) }
    }

    struct OpenSLO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openslo",
            abstract: "Convert OpenSLO v1 documents (Service, SLI, SLO, AlertPolicy, AlertCondition).",
            discussion: "Example:\n  vigil import openslo openslo.yaml")

        @Argument(help: "OpenSLO files.")
        var files: [String]

        func run() throws { try ImportCommand.convert(files, format: .openSLO) }
    }

    struct Gatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a Gatus configuration's endpoints (and heartbeat external endpoints) into probes.",
            discussion: """
                Conditions carry over as written and are checked by Vigil's stricter parser. \
                A probe is named <group>-<name> and belongs to a service named after its group.

                Example:
                  vigil import gatus config.yaml
                """)

        @Argument(help: "Gatus configuration files.")
        var files: [String]

        func run() throws { try ImportCommand.convert(files, format: .gatus) }
    }

    static func convert(_ files: [String], format: ConfigFormat) throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file") }
        let configuration = try ConfigLoader.loadOrExit(files, only: format)
        Terminal.output("# Converted by vigil import \(format.rawValue) from \(files.joined(separator: ", "))\n")
        Terminal.output(try ConfigEmitter.yaml(for: configuration))
    }
}
