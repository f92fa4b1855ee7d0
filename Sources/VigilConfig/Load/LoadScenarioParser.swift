import Foundation
import VigilCore
import Yams

/// Reads a `vigil load` scenario file, reporting every mistake at `file:line:column` as
/// configuration errors are.
public enum LoadScenarioParser {
    static let keys = ["target", "connections", "threads", "rate", "duration", "timeout", "requests", "stages", "start", "thresholds"]

    public static func load(path: String) -> Result<LoadScenario, ConfigurationErrors> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            let log = DiagnosticLog()
            log.error("cannot read file", at: SourceLocation(file: path, line: 1, column: 1), path: "")
            return .failure(ConfigurationErrors(log.sorted))
        }
        return parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String) -> Result<LoadScenario, ConfigurationErrors> {
        let log = DiagnosticLog()
        var scenario: LoadScenario?
        do {
            if let node = try Yams.compose(yaml: yaml) {
                scenario = parse(ConfigValue(node: node, path: "", file: file, log: log))
            } else {
                log.error("the scenario is empty", at: SourceLocation(file: file, line: 1, column: 1), path: "")
            }
        } catch let error as YamlError {
            log.error(ConfigLoader.message(of: error), at: ConfigLoader.location(of: error, file: file), path: "")
        } catch {
            log.error("cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1), path: "")
        }
        guard log.isEmpty, let scenario else { return .failure(ConfigurationErrors(log.sorted)) }
        return .success(scenario)
    }

    static func parse(_ root: ConfigValue) -> LoadScenario? {
        guard let map = root.mapping(allowed: keys) else { return nil }
        let target = map.required("target").flatMap { value -> String? in
            guard let text = value.string() else { return nil }
            let lower = text.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                value.error("expected an http:// or https:// URL, found '\(text)'")
                return nil
            }
            return text
        }
        var scenario = LoadScenario(target: target ?? "", requests: [])
        if let value = map["connections"], let count = value.count() {
            if count >= 1 { scenario.connections = Int(count) } else { value.error("must be at least 1") }
        }
        if let value = map["threads"], let count = value.count() {
            if (1...256).contains(count) { scenario.threads = Int(count) } else { value.error("must be from 1 to 256") }
        }
        if let value = map["rate"], let rate = value.double() {
            if rate > 0 { scenario.rate = rate } else { value.error("must be more than 0") }
        }
        scenario.duration = map["duration"]?.duration()
        if let timeout = map["timeout"]?.duration() { scenario.timeout = timeout }
        for (index, item) in (map.required("requests")?.sequence() ?? []).enumerated() {
            if let request = request(item, index: index) { scenario.requests.append(request) }
        }
        if map["requests"]?.sequence()?.isEmpty == true { map["requests"]?.error("give at least one request") }
        let names = scenario.requests.map(\.name)
        if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            map["requests"]?.error("request name '\(repeated.element)' is used twice; names are reported apart")
        }
        if let stagesValue = map["stages"] {
            (scenario.stages, scenario.stageKind) = stages(stagesValue, start: map["start"]?.double() ?? 0)
            if scenario.stages != nil, let duration = map["duration"] { duration.error("give duration or stages, not both: the stages set the length") }
        }
        for item in map["thresholds"]?.sequence() ?? [] {
            guard let text = item.string() else { continue }
            do { scenario.thresholds.append(try LoadThreshold(parsing: text)) } catch {
                item.error(error.message, atOffset: error.offset)
            }
        }
        return scenario
    }

    static func request(_ value: ConfigValue, index: Int) -> LoadScenario.Request? {
        guard let map = value.mapping(allowed: ["name", "method", "path", "headers", "body", "weight"]) else { return nil }
        guard let pathValue = map.required("path"), let path = pathValue.string() else { return nil }
        guard path.hasPrefix("/") else {
            pathValue.error("expected a path starting with /, found '\(path)'")
            return nil
        }
        let method = (map["method"]?.string() ?? "GET").uppercased()
        if method == "HEAD" || !method.allSatisfy({ $0.isLetter }) {
            map["method"]?.error(
                method == "HEAD" ? "HEAD is not supported (its answers have no body to delimit)" : "expected an HTTP method such as GET or POST")
        }
        var weight = 1
        if let weightValue = map["weight"], let value = weightValue.count() {
            if value >= 1 && value <= 1_000_000 { weight = Int(value) } else { weightValue.error("must be from 1 to 1000000") }
        }
        let headers = (map["headers"]?.stringMap() ?? [:]).sorted { $0.key < $1.key }.map { LoadScenario.Header(name: $0.key, value: $0.value) }
        return LoadScenario.Request(
            name: map["name"]?.string() ?? path, method: method, path: path, headers: headers, body: map["body"]?.string(), weight: weight)
    }

    /// `[{duration, rate | connections}]`, every stage ramping the same thing.
    static func stages(_ value: ConfigValue, start: Double) -> (LoadStages?, LoadScenario.StageKind?) {
        guard let items = value.sequence(), !items.isEmpty else {
            value.error("give at least one stage, such as {duration: 30s, rate: 500}")
            return (nil, nil)
        }
        var stages: [LoadStages.Stage] = []
        var kind: LoadScenario.StageKind?
        var complete = true
        for item in items {
            guard let map = item.mapping(allowed: ["duration", "rate", "connections"]), let duration = map.required("duration")?.duration() else {
                complete = false
                continue
            }
            let here: LoadScenario.StageKind
            let target: Double
            switch (map["rate"], map["connections"]) {
            case (let rate?, nil):
                here = .rate
                guard let value = rate.double(), value >= 0 else {
                    rate.error("must be 0 or more")
                    complete = false
                    continue
                }
                target = value
            case (nil, let connections?):
                here = .connections
                guard let value = connections.count(), value >= 0 else {
                    complete = false
                    continue
                }
                target = Double(value)
            case (_?, _?):
                item.error("a stage ramps rate or connections, not both")
                complete = false
                continue
            case (nil, nil):
                item.error("give the stage's rate (open model) or connections (closed model)")
                complete = false
                continue
            }
            if let kind, kind != here {
                item.error("every stage ramps the same thing; the first ramps \(kind.rawValue)")
                complete = false
                continue
            }
            kind = here
            stages.append(LoadStages.Stage(duration: duration.inSeconds, target: target))
        }
        guard complete, let kind else { return (nil, nil) }
        return (LoadStages(start: start, stages: stages), kind)
    }
}
