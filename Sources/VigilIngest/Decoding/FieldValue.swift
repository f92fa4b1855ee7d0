import Foundation

/// A field of an event as read, before it is checked: enough of JSON's values to judge
/// it and to quote it back in an error message.
enum FieldValue: Sendable {
    case string(String)
    /// A `time` string that already parsed as RFC 3339 while scanning (no String made).
    case timestamp(Date)
    /// A number, and whether it was written without fraction or exponent.
    case number(Double)
    case bool(Bool)
    case null
    /// An object's members in order (labels, buckets).
    case object([(key: String, value: FieldValue)])
    /// An array (no event field takes one; kept only to be named in the error).
    case array(count: Int)

    /// The value as JSON-like text, for "found …" in messages.
    var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .timestamp(let date): "\"\(date)\""
        case .number(let value):
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .object(let members): "{" + members.map { "\"\($0.key)\":\($0.value.description)" }.joined(separator: ",") + "}"
        case .array(let count): "an array of \(count) item\(count == 1 ? "" : "s")"
        }
    }
}

/// An event's fields as read from JSON or CSV, before they are checked.
struct RawEvent: Sendable {
    var time: FieldValue?
    var sli: FieldValue?
    var service: FieldValue?
    var labels: FieldValue?
    var good: FieldValue?
    var total: FieldValue?
    var status: FieldValue?
    var latency: FieldValue?
    var buckets: FieldValue?
    /// Names of fields no event has.
    var unknown: [String] = []

    /// The field an event key names.
    enum Field: CaseIterable {
        case time, sli, service, labels, good, total, status, latencyMs, buckets

        var name: String {
            switch self {
            case .latencyMs: "latency_ms"
            default: "\(self)"
            }
        }

        /// The names as bytes, to match keys without making Strings.
        static let utf8Names: [(Field, [UInt8])] = allCases.map { ($0, Array($0.name.utf8)) }
    }

    subscript(field: Field) -> FieldValue? {
        get {
            switch field {
            case .time: time
            case .sli: sli
            case .service: service
            case .labels: labels
            case .good: good
            case .total: total
            case .status: status
            case .latencyMs: latency
            case .buckets: buckets
            }
        }
        set {
            switch field {
            case .time: time = newValue
            case .sli: sli = newValue
            case .service: service = newValue
            case .labels: labels = newValue
            case .good: good = newValue
            case .total: total = newValue
            case .status: status = newValue
            case .latencyMs: latency = newValue
            case .buckets: buckets = newValue
            }
        }
    }
}
