import Foundation

/// What the test receivers share: a helper script run as a child process that appends
/// one JSON object per line to a log in its own temporary directory.
enum SinkProcess {
    /// The log's complete objects, in order (none before the first write). A last line
    /// without its newline is being written right now: it is left for the next read.
    static func entries(_ log: URL) throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast() // "" after the final newline, or the line still being written
        return try lines.filter { !$0.isEmpty }.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Kills the process outright (SIGTERM is blocked in processes Foundation starts from
    /// a test) and removes its directory.
    static func stop(_ process: Process, directory: URL) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
