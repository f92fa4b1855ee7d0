import VigilCore

/// Bounds the version series (``VersionSeries``): each SLI splits into at most
/// ``limit`` distinct values; later ones are not counted per version (their events still
/// count in the SLI), so a label with unbounded values cannot grow the store without
/// bound. Values already stored are admitted again at start-up; values leave with
/// retention and the next start.
public struct VersionAdmission: Sendable {
    /// Versions per SLI.
    public let limit: Int
    private var admitted: [String: Set<String>] = [:]
    /// Deltas left out since start, for the metric.
    public private(set) var refused: Int64 = 0

    public init(limit: Int = 200, storedSeries: some Sequence<String> = []) {
        self.limit = limit
        for key in storedSeries.sorted() { _ = admit(key) }
    }

    /// The deltas to store: every non-version delta, and version deltas of admitted values.
    public mutating func admit(_ deltas: [MinuteDelta]) -> [MinuteDelta] {
        guard deltas.contains(where: { VersionSeries.isKey($0.sli) }) else { return deltas }
        return deltas.filter { delta in
            guard VersionSeries.isKey(delta.sli) else { return true }
            if admit(delta.sli) { return true }
            refused += 1
            return false
        }
    }

    private mutating func admit(_ key: String) -> Bool {
        guard let sli = VersionSeries.sli(inKey: key) else { return false }
        if admitted[sli]?.contains(key) == true { return true }
        guard admitted[sli, default: []].count < limit else { return false }
        admitted[sli, default: []].insert(key)
        return true
    }
}
