import VigilCore
import Yams

/// A YAML node being read, with the path that names it (`slos[0].window`) and the log
/// that collects errors. Typed readers answer `nil` after logging a precise error, so one
/// pass finds every problem.
struct ConfigValue {
    let node: Node
    let path: String
    let file: String
    let log: DiagnosticLog

    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ message: String) {
        log.error(message, at: location, path: path)
    }

    /// An error at a character inside this scalar (a token of a probe condition): the
    /// column moves past an opening quote and `offset` characters in. (A plain scalar
    /// that folds over lines is rare in conditions; its later lines are not tracked.)
    func error(_ message: String, atOffset offset: Int) {
        var location = location
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { location.column += 1 }
        location.column += offset
        log.error(message, at: location, path: path)
    }

    func child(_ node: Node, key: String) -> ConfigValue {
        ConfigValue(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file, log: log)
    }

    func child(_ node: Node, index: Int) -> ConfigValue {
        ConfigValue(node: node, path: "\(path)[\(index)]", file: file, log: log)
    }

    /// YAML `~`, `null` or nothing at all.
    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private var kindName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): "'\(scalar.string)'"
        case .alias: "an alias"
        }
    }

    /// Reads a mapping whose keys must all be in `allowed`; unknown keys are errors with a
    /// did-you-mean hint.
    func mapping(allowed: [String]) -> ConfigMapping? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping with keys \(allowed.joined(separator: ", ")), found \(kindName)")
            return nil
        }
        var entries: [(key: String, keyValue: ConfigValue, value: ConfigValue)] = []
        var seen: [String: SourceLocation] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let keyValue = child(keyNode, key: key)
            if let first = seen[key] {
                keyValue.error("duplicate key '\(key)' (first at \(first))")
                continue
            }
            seen[key] = keyValue.location
            guard allowed.contains(key) else {
                keyValue.error("unknown key '\(key)'\(Suggestion.hint(for: key, among: allowed))")
                continue
            }
            entries.append((key, keyValue, child(valueNode, key: key)))
        }
        return ConfigMapping(value: self, entries: entries)
    }

    /// Reads a list.
    func sequence() -> [ConfigValue]? {
        guard case .sequence(let sequence) = node else {
            error("expected a list, found \(kindName)")
            return nil
        }
        return sequence.enumerated().map { child($1, index: $0) }
    }

    /// Reads a non-empty string scalar.
    func string() -> String? {
        guard case .scalar(let scalar) = node, !isNull else {
            error("expected a string, found \(isNull ? "nothing" : kindName)")
            return nil
        }
        guard !scalar.string.isEmpty else {
            error("must not be empty")
            return nil
        }
        return scalar.string
    }

    /// Reads a number.
    func double() -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            error("expected a number, found \(isNull ? "nothing" : kindName)")
            return nil
        }
        return value
    }

    /// Reads a whole number.
    func integer() -> Int64? {
        guard case .scalar(let scalar) = node, let value = Int64(scalar.string) else {
            error("expected a whole number, found \(isNull ? "nothing" : kindName)")
            return nil
        }
        return value
    }

    /// Reads a whole number that is zero or more.
    func count() -> Int64? {
        guard let value = integer() else { return nil }
        guard value >= 0 else {
            error("must be 0 or more, found \(value)")
            return nil
        }
        return value
    }

    /// Reads `true` or `false`.
    func bool() -> Bool? {
        guard case .scalar(let scalar) = node, ["true", "false"].contains(scalar.string.lowercased()) else {
            error("expected true or false, found \(isNull ? "nothing" : kindName)")
            return nil
        }
        return scalar.string.lowercased() == "true"
    }

    /// Reads a duration string such as `30s`, `5m`, `1h30m`, `28d`.
    func duration() -> Duration? {
        guard let text = string() else { return nil }
        do {
            return try Duration(parsing: text)
        } catch {
            self.error("\(error) (durations look like 30s, 5m, 1h, 28d)")
            return nil
        }
    }

    /// Reads a positive duration that is a whole number of minutes.
    func wholeMinutes() -> Duration? {
        guard let value = duration() else { return nil }
        guard value > .zero, value.wholeMilliseconds % 60_000 == 0 else {
            error("must be a positive whole number of minutes, found '\(value.compactDescription)'")
            return nil
        }
        return value
    }

    /// Reads a list of strings.
    func stringList() -> [String]? {
        guard let items = sequence() else { return nil }
        let strings = items.compactMap { $0.string() }
        return strings.count == items.count ? strings : nil
    }

    /// Reads a mapping of string keys to string values (labels, annotations).
    func stringMap() -> [String: String]? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping of names to values, found \(kindName)")
            return nil
        }
        var result: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string, let value = valueNode.string else {
                child(valueNode, key: keyNode.string ?? "?").error("expected a string value")
                continue
            }
            result[key] = value
        }
        return result
    }
}

/// A mapping whose keys were checked; values are looked up by key.
struct ConfigMapping {
    let value: ConfigValue
    let entries: [(key: String, keyValue: ConfigValue, value: ConfigValue)]

    /// The value under `key`, if present and not null.
    subscript(key: String) -> ConfigValue? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The value under `key`; logs "missing required field" when absent.
    func required(_ key: String) -> ConfigValue? {
        if let found = self[key] { return found }
        log(missing: key)
        return nil
    }

    /// Logs a missing field at the mapping's own location.
    func log(missing key: String) {
        value.log.error(
            "missing required field '\(key)'", at: value.location,
            path: value.path.isEmpty ? key : "\(value.path).\(key)")
    }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { self[key] != nil }
}
