import Foundation

/// A parser that reads text from outside, with what must hold for *any* input: it
/// returns (never traps, never hangs), and its answer is consistent — an error says
/// where, what it accepts reads back the same. `vigil-fuzz` drives each one under
/// libFuzzer (`scripts/fuzz.sh`); the tests replay the seed corpora and every input a
/// fuzzer ever broke Vigil with (`Fuzz/`, docs/fuzzing.md).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Event batches as `POST /api/v1/events` reads them: a JSON array or NDJSON.
    case eventsJSON = "events-json"
    /// Event batches as CSV (`vigil ingest --format csv`).
    case eventsCSV = "events-csv"
    /// A configuration file (YAML → configuration or diagnostics with file:line).
    case config
    /// A `vigil load` scenario file.
    case loadScenario = "load-scenario"
    /// A probe condition such as `[STATUS] == 200`.
    case probeCondition = "probe-condition"
    /// An Alertmanager-style label matcher such as `service=~"shop-.*"`.
    case labelMatcher = "label-matcher"
    /// A Prometheus-style duration such as `1h30m`.
    case duration
    /// A PromQL template with Sloth's `{{.window}}`: the first line is the window.
    case promqlTemplate = "promql-template"

    /// Runs `input` through the target's parser and checks what must hold.
    /// - Throws: ``FuzzFinding`` when an answer is inconsistent (a trap is a finding too,
    ///   caught by libFuzzer or the test runner).
    public func run(_ input: Data) throws(FuzzFinding) {
        switch self {
        case .eventsJSON: try Self.eventsJSON(input)
        case .eventsCSV: try Self.eventsCSV(input)
        case .config: try Self.config(input)
        case .loadScenario: try Self.loadScenario(input)
        case .probeCondition: try Self.probeCondition(input)
        case .labelMatcher: try Self.labelMatcher(input)
        case .duration: try Self.duration(input)
        case .promqlTemplate: try Self.promqlTemplate(input)
        }
    }

    /// The input as text the way Vigil reads it: UTF-8, bad sequences replaced.
    static func text(_ input: Data) -> String { String(decoding: input, as: UTF8.self) }
}

/// An input on which a parser's answer broke one of its target's rules.
public struct FuzzFinding: Error, CustomStringConvertible, Sendable {
    public let target: FuzzTarget
    public let message: String

    public init(_ target: FuzzTarget, _ message: String) {
        self.target = target
        self.message = message
    }

    public var description: String { "\(target.rawValue): \(message)" }
}
