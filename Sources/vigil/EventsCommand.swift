import ArgumentParser
import Crypto
import Foundation
import NIOHTTP1
import VigilAPIModels
import VigilIngest

/// `vigil events push`: sends an events file to a running server.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Send events to a running server.",
        subcommands: [Push.self]
    )

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Push an events file (NDJSON, JSON array or .csv) in batches.",
            discussion: """
                Each batch carries an Idempotency-Key made from the file's SHA-256 and the \
                batch's position, so pushing the same file twice counts it once.

                Example:
                  VIGIL_TOKEN=quickstart-demo-token vigil events push events.ndjson

                Exit codes: 0 every batch stored; 1 invalid events, refused or unreachable; 2 usage error.
                """
        )

        @OptionGroup var server: ServerOptions

        @Argument(help: "Events file; '-' reads standard input.")
        var file: String

        @Option(name: .customLong("batch-size"), help: "Events per request.")
        var batchSize = 5_000

        func validate() throws {
            if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() async throws {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else {
                    Terminal.error("\(file): cannot read file")
                    throw VigilExit.invalidInput
                }
                data = contents
            }
            let batch = file.lowercased().hasSuffix(".csv") ? EventDecoder.decodeCSV(String(decoding: data, as: UTF8.self)) : EventDecoder.decodeJSON(data)
            guard batch.errors.isEmpty else {
                for error in batch.errors.prefix(50) {
                    Terminal.error(
                        "\(file):\(error.line.map(String.init) ?? "item \(error.index)"): error: \(error.field.isEmpty ? "" : "\(error.field): ")\(error.message)"
                    )
                }
                Terminal.error("\(batch.errors.count) invalid event(s); nothing was sent")
                throw VigilExit.invalidInput
            }
            let fileID = SHA256.hash(data: data).prefix(8).map { String(format: "%02x", $0) }.joined()
            let client = ServerClient(options: server)
            var sent = 0
            var duplicates = 0
            for (number, start) in stride(from: 0, to: batch.events.count, by: batchSize).enumerated() {
                let slice = Array(batch.events[start..<min(start + batchSize, batch.events.count)])
                let body = Data(slice.map(\.jsonLine).joined(separator: "\n").utf8)
                let answer = try await client.send(.POST, "/api/v1/events", body: body, headers: [("Idempotency-Key", "push-\(fileID)-\(number)")])
                guard answer.status == 200 else {
                    Terminal.error("batch \(number + 1) (events \(start + 1)–\(start + slice.count)) refused: \(answer.status) \(answer.errorMessage)")
                    for item in answer.error?.error.items ?? [] {
                        let index = start + item.index
                        let line = batch.positions.indices.contains(index) ? batch.positions[index].line.map { "\(file):\($0)" } : nil
                        Terminal.error("\(line ?? "\(file): item \(index)"): error: \(item.field.isEmpty ? "" : "\(item.field): ")\(item.message)")
                    }
                    Terminal.error("\(sent) events were stored before the refusal; re-running the push sends only what is missing")
                    throw VigilExit.invalidInput
                }
                if try answer.decode(API.IngestResult.self, from: server).duplicate { duplicates += 1 } else { sent += slice.count }
            }
            Terminal.output("pushed \(sent) events to \(server.baseURL)\(duplicates > 0 ? " (\(duplicates) batch(es) already stored)" : "")\n")
        }
    }
}
