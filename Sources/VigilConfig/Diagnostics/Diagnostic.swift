/// A place in a configuration file. Lines and columns count from 1.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative).
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One configuration error, printed as `file:line:column: error: field.path: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    /// Where it is.
    public var location: SourceLocation
    /// The field, e.g. `slos[0].objective`; empty for the whole document.
    public var path: String
    /// What is wrong, and a hint where one helps.
    public var message: String

    public init(location: SourceLocation, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(location): error: \(message)" : "\(location): error: \(path): \(message)"
    }
}

/// Every error a configuration has, in file order.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    /// The errors, sorted by file, line and column.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a configuration is read, so that every error is reported at
/// once instead of the first only.
final class DiagnosticLog {
    private(set) var diagnostics: [Diagnostic] = []

    func error(_ message: String, at location: SourceLocation, path: String) {
        diagnostics.append(Diagnostic(location: location, path: path, message: message))
    }

    var isEmpty: Bool { diagnostics.isEmpty }

    /// Diagnostics sorted by file, line, column (stable for equal positions).
    var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let l = lhs.element.location
            let r = rhs.element.location
            if l.file != r.file { return l.file < r.file }
            if l.line != r.line { return l.line < r.line }
            if l.column != r.column { return l.column < r.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
