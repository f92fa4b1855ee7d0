import Foundation
import VigilTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `vigil serve` process on a loopback port, for tests that need signals,
/// `kill -9` and restarts.
final class ServerProcess: @unchecked Sendable {
    let directory: URL
    let port: Int
    let configFile: URL
    private(set) var process: Process?
    let log: URL
    /// Given to `vigil serve` after the config and data flags, such as `--demo`.
    var extraArguments: [String] = []
    /// Where the data lives instead of this process's own directory (`--store postgres://…`).
    var store: String?

    static let ingestToken = "crash-test-token"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = FreePort.next()
        configFile = directory.appendingPathComponent("vigil.yaml")
        log = directory.appendingPathComponent("serve.log")
        try Self.config(port: port).write(to: configFile, atomically: true, encoding: .utf8)
    }

    /// The quickstart's files copied into a config directory, with its listen address (and
    /// the probe URLs that point at it) moved to a free port.
    init(quickstart: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-proc-\(UUID().uuidString)")
        configFile = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: configFile, withIntermediateDirectories: true)
        port = FreePort.next()
        log = directory.appendingPathComponent("serve.log")
        for name in try FileManager.default.contentsOfDirectory(atPath: quickstart) where name.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: "\(quickstart)/\(name)", encoding: .utf8)
            try text.replacingOccurrences(of: "127.0.0.1:9470", with: "127.0.0.1:\(port)")
                .write(to: configFile.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    static func config(port: Int, extraSLO: String = "") -> String {
        """
        services: [{name: api}]
        slis: [{name: api-requests}]
        slos:
          - {name: api-availability, service: api, sli: api-requests, objective: 0.99, window: 7d}
        \(extraSLO)
        server:
          listen: 127.0.0.1:\(port)
          evaluation_interval: 1s
          tokens:
            - {name: pusher, sha256: \(sha256Hex(ingestToken)), scopes: [admin]}
        """
    }

    /// The SHA-256 hex of `text`, computed by coreutils so the test does not trust the
    /// hashing code it is testing.
    static func sha256Hex(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and waits until `/-/ready` answers 200.
    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        let storeArguments = store.map { ["--store", $0] } ?? ["--data", directory.appendingPathComponent("data").path]
        process.arguments = ["serve", "--config", configFile.path] + storeArguments + ["--log-level", "warning"] + extraArguments
        process.standardInput = FileHandle.nullDevice
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if let (status, _) = try? await request("GET", "/-/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerError.notReady(try String(contentsOf: log, encoding: .utf8))
    }

    enum ServerError: Error { case notReady(String) }

    /// Sends a signal and, for SIGKILL/SIGTERM, waits for the process to end.
    @discardableResult
    func signal(_ signal: Int32, wait: Bool = true) -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, signal)
        guard wait else { return nil }
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func cleanUp() {
        if process != nil { signal(SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}
