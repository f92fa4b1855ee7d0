import Foundation
import VigilCore

/// How a page writes times: in UTC (the default) or in a zone the viewer picks with
/// `?tz=Europe/Berlin`; the choice travels in every link so a shared URL shows the same.
public struct TimeDisplay: Sendable {
    public let zone: TimeZone
    /// The `tz` value to keep in links; `nil` for UTC.
    public let parameter: String?

    public static let utc = TimeDisplay(zone: TimeZone(identifier: "UTC")!, parameter: nil)

    init(zone: TimeZone, parameter: String?) {
        self.zone = zone
        self.parameter = parameter
    }

    /// The display a `tz` query value asks for: empty or `UTC` for UTC, else an IANA name.
    /// - Throws: ``DashboardError`` naming the value when it is no time zone.
    public init(parameter: String?) throws(DashboardError) {
        guard let parameter, !parameter.isEmpty, parameter.uppercased() != "UTC" else {
            self = .utc
            return
        }
        guard let zone = TimeZone(identifier: parameter) else {
            throw DashboardError(status: 400, message: "tz: '\(parameter)' is not a time zone; use UTC or an IANA name such as Europe/Berlin")
        }
        self.init(zone: zone, parameter: parameter)
    }

    /// What follows a time: `UTC`, or the zone's abbreviation at that time (`CET`).
    public func zoneLabel(at date: Date) -> String {
        parameter == nil ? "UTC" : (zone.abbreviation(for: date) ?? zone.identifier)
    }

    /// `2026-11-24T10:50:00` in the zone (RFC 3339 without the offset).
    private func local(_ date: Date) -> String {
        let shifted = date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date)))
        return String(RFC3339.format(shifted).prefix(19))
    }

    /// `2026-11-24 10:50 UTC`.
    public func minute(_ date: Date) -> String {
        let text = local(date)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5)) \(zoneLabel(at: date))"
    }

    /// `2026-11-24`.
    public func day(_ date: Date) -> String { String(local(date).prefix(10)) }

    /// `Nov 24 10:50`-style short labels are left to charts; this is `11-24 10:50`.
    public func short(_ date: Date) -> String {
        let text = local(date)
        return "\(text.dropFirst(5).prefix(5)) \(text.dropFirst(11).prefix(5))"
    }

    /// `?tz=…` to append to a link with no query, or `""` for UTC.
    public var query: String { parameter.map { "?tz=\(Self.encode($0))" } ?? "" }

    /// `&tz=…` to append to a link that has a query, or `""` for UTC.
    public var extraQuery: String { parameter.map { "&tz=\(Self.encode($0))" } ?? "" }

    /// `text` percent-encoded for use as one query value.
    public static func encodeComponent(_ text: String) -> String { encode(text) }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?/"))) ?? text
    }
}

/// A page that cannot be shown, with the HTTP status to answer and why.
public struct DashboardError: Error, Sendable {
    public let status: Int
    public let message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
}
