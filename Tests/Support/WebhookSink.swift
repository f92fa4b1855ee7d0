import Foundation

/// scripts/webhook-sink.py on a free port: logs every request it reads; answers 503
/// while its `down` file exists, and 500 to its first `failAfterRead` requests.
public final class WebhookSink: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    public let log: URL
    public let downFile: URL
    private let process = Process()

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/webhook-sink.py").path

    public init(secret: String, down: Bool, failAfterRead: Int = 0) throws {
        port = FreePort.next()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = directory.appendingPathComponent("requests.jsonl")
        downFile = directory.appendingPathComponent("down")
        if down { FileManager.default.createFile(atPath: downFile.path, contents: nil) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script, String(port), log.path, "--secret", secret, "--down", downFile.path, "--fail-after-read", String(failAfterRead),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // wait for "listening"
        _ = output.fileHandleForReading.availableData
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public func comeUp() throws { try FileManager.default.removeItem(at: downFile) }

    /// Every request read, in order.
    public func requests() throws -> [[String: Any]] {
        try SinkProcess.entries(log)
    }

    public func stop() {
        SinkProcess.stop(process, directory: directory)
    }
}

extension WebhookSink {
    /// What the sink saw: requests read, distinct idempotency keys answered 200, and keys
    /// read more than once.
    public func tally() throws -> (requests: Int, delivered: Set<String>, duplicated: [String: Int]) {
        let requests = try requests()
        let keys = requests.compactMap { $0["key"] as? String }
        let delivered = Set(requests.filter { $0["status"] as? Int == 200 }.compactMap { $0["key"] as? String })
        let duplicated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.mapValues(\.count)
        return (requests.count, delivered, duplicated)
    }
}
