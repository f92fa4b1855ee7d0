import Foundation

/// scripts/smtp-sink.py (Debian's python3-aiosmtpd) on a free port, with a fresh
/// self-signed certificate: requires STARTTLS and AUTH, logs every message it takes.
public final class SMTPSink: @unchecked Sendable {
    public let port = FreePort.next()
    public let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-smtp-\(UUID().uuidString)")
    public var log: URL { directory.appendingPathComponent("mail.jsonl") }
    private let process = Process()

    /// Debian's Python, which python3-aiosmtpd installs into.
    public static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/smtp-sink.py").path

    public init(user: String, password: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (certificate, key) = (directory.appendingPathComponent("cert.pem").path, directory.appendingPathComponent("key.pem").path)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", key, "-out", certificate,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, String(port), log.path, certificate, key, user, password]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.availableData // "listening"
    }

    public var smarthost: String { "127.0.0.1:\(port)" }

    /// Every message taken, in order.
    public func messages() throws -> [[String: Any]] {
        try SinkProcess.entries(log)
    }

    public func stop() {
        SinkProcess.stop(process, directory: directory)
    }
}
