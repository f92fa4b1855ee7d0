import ArgumentParser
import Foundation
import Logging
import VigilConfig
import VigilCore
import VigilServer

/// `vigil serve`: the long-running server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Vigil server: durable ingestion, SLO evaluation and the REST API.",
        discussion: """
            Listens on 127.0.0.1:\(ServerSettings.defaultPort) unless the config's server.listen or \
            --listen says otherwise. Data lives in one SQLite file in --data. SIGHUP or \
            POST /-/reload re-reads the configuration (an invalid one keeps the old one \
            running); SIGTERM or SIGINT stops after in-flight batches are committed.

            Examples:
              vigil serve --config examples/quickstart
              vigil serve --config slos/ --data /var/lib/vigil --listen 0.0.0.0:9470
              vigil serve --config slos/ --store postgres://vigil@db:5432/vigil
            """
    )

    @Option(help: "Configuration directory or file (repeatable).")
    var config: [String]

    @Option(help: "Directory for the data (created if missing).")
    var data: String = ".vigil-data"

    @Option(
        help: "Where the data lives: sqlite:DIR (as --data), or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full].")
    var store: String?

    @Option(help: "HOST:PORT to listen on (overrides server.listen).")
    var listen: String?

    @Flag(help: "Generate synthetic traffic for every pushed SLI (with an incident every 15 minutes), to watch budgets move.")
    var demo = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if config.isEmpty { throw ValidationError("give --config with the configuration directory") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level: unknown level '\(logLevel)'") }
        if let store, store.contains("://"), !(store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")) {
            throw ValidationError("--store: expected sqlite:DIR or postgres://…, found '\(store)'")
        }
        if let listen, Self.parse(listen: listen) == nil { throw ValidationError("--listen: expected HOST:PORT, found '\(listen)'") }
    }

    static func parse(listen: String) -> (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65_535).contains(port), colon != listen.startIndex
        else { return nil }
        return (String(listen[..<colon]), port)
    }

    func run() async throws {
        var configuration = try ConfigLoader.loadOrExit(config)
        if let listen, let (host, port) = Self.parse(listen: listen) {
            configuration.server.host = host
            configuration.server.port = port
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == .json
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "vigil")
        do {
            try await VigilServer.run(
                configPaths: config, configuration: configuration, store: StoreLocation(parsing: store ?? data), demo: demo, logger: logger)
        } catch {
            Terminal.error("vigil serve: \(error)")
            throw VigilExit.invalidInput
        }
    }
}

/// One JSON object per log line on stderr: time, level, label, message, metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": RFC3339.format(Date()), "level": event.level.rawValue,
            "logger": label, "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            FileHandle.standardError.write(data + Data("\n".utf8))
        }
    }
}
