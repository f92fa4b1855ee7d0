import Foundation

/// An alert as the notifier sees it: labels (its identity), annotations (what it says),
/// and when it started and ended. Vigil's own sources and Alertmanager's webhook both
/// produce these.
public struct Alert: Hashable, Sendable, Codable {
    public var labels: LabelSet
    /// `summary`, `runbook_url`, `link`, …
    public var annotations: LabelSet
    public var startsAt: Date
    /// When it stopped firing; `nil` while it fires.
    public var endsAt: Date?

    public init(labels: LabelSet, annotations: LabelSet = [:], startsAt: Date, endsAt: Date? = nil) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// The label that carries an alert's class.
    public static let classLabel = "class"

    /// Alertmanager's fingerprint: FNV-1a 64 over the label names in order, each name and
    /// value followed by a 0xFF byte, as 16 hex digits. The same labels give the same
    /// fingerprint in Vigil and in Alertmanager.
    public var fingerprint: String { Self.fingerprint(of: labels) }

    public static func fingerprint(of labels: LabelSet) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for name in labels.keys.sorted() {
            for byte in name.utf8 { add(byte) }
            add(0xFF)
            for byte in labels[name]!.utf8 { add(byte) }
            add(0xFF)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether it is still firing at `now`.
    public func isFiring(at now: Date) -> Bool { endsAt.map { $0 > now } ?? true }

    /// Its class from the `class` label; an alert without one is a page, since a source
    /// that did not say is safer heard than missed.
    public var notificationClass: NotificationClass {
        labels[Self.classLabel].flatMap(NotificationClass.init(rawValue:)) ?? .alert
    }

    /// The class an Alertmanager alert gets when it has no `class` label, from its
    /// `severity`: `critical`/`page` page, `warning`/`ticket` open tickets, others are logged.
    public static func notificationClass(forSeverity severity: String?) -> NotificationClass {
        switch severity?.lowercased() {
        case "critical", "page", "error": .alert
        case "warning", "ticket": .ticket
        default: .log
        }
    }
}
