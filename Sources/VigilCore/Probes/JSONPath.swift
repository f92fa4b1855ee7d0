import Foundation

/// A path into a JSON body, as Gatus writes them after `[BODY]`: keys separated by dots,
/// array indexes in brackets (`data.result[0].value[1]`, `[0].name`).
public struct JSONPath: Hashable, Sendable {
    public enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public let steps: [Step]

    /// `nil` when the path is malformed (an empty key, an index that is not a number).
    public init?(_ text: String) {
        var steps: [Step] = []
        var key = ""
        var characters = text.makeIterator()
        var expectingKey = true
        while let character = characters.next() {
            switch character {
            case ".":
                guard !key.isEmpty || !expectingKey else { return nil }
                if !key.isEmpty { steps.append(.key(key)) }
                key = ""
                expectingKey = true
            case "[":
                if !key.isEmpty { steps.append(.key(key)) }
                key = ""
                var digits = ""
                while let next = characters.next(), next != "]" { digits.append(next) }
                guard let index = Int(digits), index >= 0 else { return nil }
                steps.append(.index(index))
                expectingKey = false
            default:
                key.append(character)
                expectingKey = true
            }
        }
        if !key.isEmpty { steps.append(.key(key)) } else if expectingKey && !steps.isEmpty { return nil }
        guard !steps.isEmpty || text.isEmpty else { return nil }
        self.steps = steps
    }

    /// The value at the path in a parsed JSON document, or `nil` when it is not there.
    public func value(in document: Any) -> Any? {
        var current: Any = document
        for step in steps {
            switch step {
            case .key(let key):
                guard let object = current as? [String: Any], let next = object[key] else { return nil }
                current = next
            case .index(let index):
                guard let array = current as? [Any], index < array.count else { return nil }
                current = array[index]
            }
        }
        return current
    }

    /// A JSON value as a condition sees it: strings bare, numbers without a needless
    /// fraction, booleans as words, objects and arrays as compact JSON.
    static func text(of value: Any) -> String {
        switch value {
        case let string as String: return string
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : "\(double)"
        case is NSNull: return "null"
        default:
            let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
