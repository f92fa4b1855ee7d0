/// The sample lines of Prometheus' text exposition format, for `--target-metrics`: what
/// moved between a scrape before the run and one after.
public enum PrometheusText {
    /// `name{labels}` → value, comments and malformed lines skipped.
    public static func samples(_ text: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            // the value follows the last space outside the labels; an optional timestamp after it
            let body: Substring
            if let close = line.lastIndex(of: "}") {
                body = line[line.index(after: close)...]
                let fields = body.split(separator: " ")
                guard let first = fields.first, let value = Double(first) else { continue }
                result[String(line[...close])] = value
            } else {
                let fields = line.split(separator: " ")
                guard fields.count >= 2, let value = Double(fields[1]) else { continue }
                result[String(fields[0])] = value
            }
        }
        return result
    }

    /// Series whose value changed, largest change first.
    public static func changes(before: [String: Double], after: [String: Double], limit: Int = 15) -> [(series: String, delta: Double)] {
        after.compactMap { key, value -> (String, Double)? in
            let delta = value - (before[key] ?? 0)
            return delta != 0 ? (key, delta) : nil
        }
        .sorted { (abs($0.1), $1.0) > (abs($1.1), $0.0) }
        .prefix(limit)
        .map { (series: $0.0, delta: $0.1) }
    }
}
