/// The series that count one SLI's events per version, for canary analysis
/// (docs/safe-change.md §4.3): `^checkout-availability[version="2.4.0"]`.
///
/// They are stored as every series is (minute buckets, latency digests) but kept out of
/// the hot state: a canary reads a few hours of two of them, while holding each in memory
/// would cost a whole window per version ever deployed.
public enum VersionSeries {
    /// What no SLI name (letters, digits, `-`, `_`, `.`) or instance key (`@`) starts with.
    public static let prefix = "^"

    /// Label values longer than this are not split (they are not versions).
    public static let longestValue = 128

    /// The key of `sli`'s events whose `label` is `value`.
    public static func key(sli: String, label: String, value: String) -> String {
        prefix + sli + "[" + label + "=" + SLOInstance.quoted(value) + "]"
    }

    /// Whether `key` is a version series (and so stays out of the hot state).
    public static func isKey(_ key: String) -> Bool { key.hasPrefix(prefix) }

    /// The SLI a version series key belongs to.
    public static func sli(inKey key: String) -> String? {
        guard isKey(key), let bracket = key.firstIndex(of: "[") else { return nil }
        return String(key[key.index(after: key.startIndex)..<bracket])
    }
}
