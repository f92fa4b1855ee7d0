import Foundation
import VigilConfig

extension FuzzTarget {
    /// The file a fuzzed configuration claims to come from.
    static let fuzzedFile = "fuzz.yaml"

    /// A configuration either loads or answers diagnostics, each at a line and column of
    /// the text it read (never none, never past its end).
    static func config(_ input: Data) throws(FuzzFinding) {
        let yaml = text(input)
        if case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: fuzzedFile) {
            try checkDiagnostics(errors, in: yaml, .config)
        }
    }

    /// A load scenario, by the same rule as ``config(_:)``.
    static func loadScenario(_ input: Data) throws(FuzzFinding) {
        let yaml = text(input)
        if case .failure(let errors) = LoadScenarioParser.parse(yaml: yaml, file: fuzzedFile) {
            try checkDiagnostics(errors, in: yaml, .loadScenario)
        }
    }

    static func checkDiagnostics(_ errors: ConfigurationErrors, in yaml: String, _ target: FuzzTarget) throws(FuzzFinding) {
        guard !errors.diagnostics.isEmpty else { throw FuzzFinding(target, "refused without a diagnostic") }
        let lines = yamlLineCount(yaml)
        for diagnostic in errors.diagnostics where diagnostic.location.file == fuzzedFile {
            // (Lines are counted as YAML counts them: CR, LF and CR LF each end one.)
            let location = diagnostic.location
            guard (1...max(lines, 1) + 1).contains(location.line), location.column >= 1 else {
                throw FuzzFinding(target, "diagnostic at \(location) of a \(lines)-line file: \(diagnostic.message)")
            }
        }
    }

    /// Lines as YAML 1.2 counts them (§5.4): a line ends at LF, CR or CR LF — a lone CR
    /// ends a line too, as it does in most editors.
    static func yamlLineCount(_ text: String) -> Int {
        var lines = 1
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\r" || (scalar == "\n" && previous != "\r") { lines += 1 }
            previous = scalar
        }
        return lines
    }
}
