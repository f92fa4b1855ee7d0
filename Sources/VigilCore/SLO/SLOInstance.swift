/// One instance of an SLO: the SLO itself when it is not grouped, or one group of a
/// grouped SLO. Its series is stored under ``seriesKey``; people see ``name``.
public struct SLOInstance: Hashable, Sendable {
    /// Which part of the SLO this instance covers.
    public enum Group: Hashable, Sendable {
        /// The label values, in the order of the SLO's `group_by`.
        case values([String])
        /// Every combination that arrived after the cardinality limit was reached.
        case overflow
    }

    /// The SLO's name.
    public let slo: String
    /// `nil` for an ungrouped SLO.
    public let group: Group?

    public init(slo: String, group: Group?) {
        self.slo = slo
        self.group = group
    }

    /// What the stored series of a grouped instance is called: `@` (which no SLI name
    /// may contain), the SLO name, then the values as a JSON array, or `*` for the
    /// overflow instance. For an ungrouped SLO, `nil`: it reads its SLI's series.
    public var seriesKey: String? {
        switch group {
        case nil: nil
        case .overflow: Self.seriesKeyPrefix(of: slo) + "*"
        case .values(let values): Self.seriesKeyPrefix(of: slo) + "[" + values.map(Self.quoted).joined(separator: ",") + "]"
        }
    }

    /// What every series key of `slo`'s instances starts with (for a prefix query; a
    /// longer SLO name can share it, so check keys with ``isSeriesKey(_:of:)``).
    public static func seriesKeyPrefix(of slo: String) -> String { "@\(slo)" }

    /// Whether `key` is the series key of one of `slo`'s instances, and not of another
    /// SLO whose name merely starts the same.
    public static func isSeriesKey(_ key: String, of slo: String) -> Bool {
        let prefix = seriesKeyPrefix(of: slo)
        return key.hasPrefix(prefix + "[") || key == prefix + "*"
    }

    /// The SLO name in a grouped instance's series key; `nil` for an SLI's series.
    public static func sloName(inSeriesKey key: String) -> String? {
        guard key.hasPrefix("@"), let end = key.firstIndex(where: { $0 == "[" || $0 == "*" }) else { return nil }
        return String(key[key.index(after: key.startIndex)..<end])
    }

    /// The name people and alert keys use: `checkout-latency`, or with its group as
    /// Prometheus writes a label set, `checkout-latency{route="/cart"}`, and
    /// `checkout-latency{other}` for the overflow.
    public func name(labels: [String]) -> String {
        switch group {
        case nil: slo
        case .overflow: "\(slo){other}"
        case .values(let values): "\(slo){" + zip(labels, values).map { "\($0)=\(Self.quoted($1))" }.joined(separator: ",") + "}"
        }
    }

    /// Reads a series key written by ``seriesKey`` back, for the SLO `slo` grouped by
    /// `labelCount` labels; `nil` when it belongs to another SLO or another grouping.
    public static func parse(seriesKey: String, slo: String, labelCount: Int) -> SLOInstance? {
        let prefix = seriesKeyPrefix(of: slo)
        guard seriesKey.hasPrefix(prefix) else { return nil }
        let rest = seriesKey.dropFirst(prefix.count)
        if rest == "*" { return SLOInstance(slo: slo, group: .overflow) }
        guard let values = unquotedArray(rest), values.count == labelCount else { return nil }
        return SLOInstance(slo: slo, group: .values(values))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Parses `["a","b"]` as written by ``quoted(_:)``.
    static func unquotedArray(_ text: Substring) -> [String]? {
        var scalars = Array(text.unicodeScalars)[...]
        guard scalars.popFirst() == "[", scalars.popLast() == "]" else { return nil }
        var values: [String] = []
        while !scalars.isEmpty {
            guard scalars.popFirst() == "\"" else { return nil }
            var value = String.UnicodeScalarView()
            while true {
                guard let scalar = scalars.popFirst() else { return nil }
                if scalar == "\"" { break }
                guard scalar == "\\" else {
                    value.append(scalar)
                    continue
                }
                switch scalars.popFirst() {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "n": value.append("\n")
                case "u":
                    guard scalars.count >= 4, let code = UInt32(String(String.UnicodeScalarView(scalars.prefix(4))), radix: 16),
                        let decoded = Unicode.Scalar(code)
                    else { return nil }
                    value.append(decoded)
                    scalars = scalars.dropFirst(4)
                default: return nil
                }
            }
            values.append(String(value))
            if scalars.first == "," { scalars = scalars.dropFirst() } else if !scalars.isEmpty { return nil }
        }
        return values
    }
}
