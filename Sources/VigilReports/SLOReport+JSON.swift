import Foundation
import VigilConfig
import VigilCore

extension SLOReport {
    /// The report as JSON (`--output json`), keys in snake_case, no data as `null`.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document()), as: UTF8.self) + "\n"
    }

    /// The report as an encodable document: the shape of `--output json` and of the API.
    public func document() -> SLOReportDocument {
        SLOReportDocument(
            evaluatedAt: Formatting.timestamp(evaluatedAt), overall: notificationClass.rawValue,
            slos: entries.map(SLODocument.init))
    }
}

/// Every SLO's status at one instant, as JSON.
public struct SLOReportDocument: Encodable, Sendable {
    public let evaluatedAt: String
    public let overall: String
    public let slos: [SLODocument]

    enum CodingKeys: String, CodingKey {
        case evaluatedAt = "evaluated_at"
        case overall, slos
    }
}

struct WindowDocument: Encodable, Sendable {
    let window: String
    let good: Int64
    let valid: Int64
    let burnRate: Double?

    init(_ burn: WindowBurn) {
        window = burn.window.compactDescription
        good = burn.counts.good
        valid = burn.counts.valid
        burnRate = burn.rate
    }

    enum CodingKeys: String, CodingKey {
        case window, good, valid
        case burnRate = "burn_rate"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(window, forKey: .window)
        try container.encode(good, forKey: .good)
        try container.encode(valid, forKey: .valid)
        try container.encode(burnRate, forKey: .burnRate)
    }
}

struct TierDocument: Encodable, Sendable {
    let name: String
    let severity: String
    let factor: Double
    let minEvents: Int64
    let long: WindowDocument
    let short: WindowDocument
    let state: String

    init(_ status: TierStatus) {
        name = status.tier.name
        severity = status.tier.severity.rawValue
        factor = status.tier.factor
        minEvents = status.tier.minEvents
        long = WindowDocument(status.long)
        short = WindowDocument(status.short)
        state =
            switch status.state {
            case .firing: "firing"
            case .quiet: "quiet"
            case .heldBack: "held_back"
            case .noData: "no_data"
            }
    }

    enum CodingKeys: String, CodingKey {
        case name, severity, factor
        case minEvents = "min_events"
        case long, short, state
    }
}

/// One SLO's status as JSON; `null` where there is no data.
public struct SLODocument: Encodable, Sendable {
    let name: String
    let instance: String
    /// Label name/value pairs in `group_by` order; `nil` for an ungrouped SLO or the
    /// overflow instance.
    let group: [(label: String, value: String)]?
    let overflow: Bool
    let service: String
    let external: Bool
    let objective: Double
    let window: String
    let windowSeconds: Int64?
    let budgeting: String
    let evaluated: Bool
    let notes: [String]
    let good: Int64?
    let valid: Int64?
    let sli: Double?
    let budgetRemaining: Double?
    let budgetConsumed: Double?
    let currentBurn: WindowDocument?
    let timeToExhaustion: String?
    let timeToExhaustionSeconds: Double?
    let tiers: [TierDocument]
    let exhaustionAlertFiring: Bool?
    let output: String

    /// The document of one report entry.
    public init(_ entry: SLOReport.Entry) {
        let slo = entry.spec.objective
        let status = entry.status
        name = slo.name
        instance = entry.name
        switch entry.instance.group {
        case .values(let values): group = zip(slo.grouping?.labels ?? [], values).map { ($0, $1) }
        case .overflow, nil: group = nil
        }
        overflow = entry.instance.group == .overflow
        service = slo.service
        external = entry.external
        objective = slo.objective
        window = slo.window.description
        windowSeconds = status?.span.length.wholeSeconds
        budgeting = if case .timeslices = slo.budgeting { "timeslices" } else { "occurrences" }
        evaluated = status != nil
        notes = entry.notes
        good = status?.counts.good
        valid = status?.counts.valid
        sli = status?.sli
        budgetRemaining = status?.budgetRemaining
        budgetConsumed = status?.budgetConsumed
        currentBurn = status.map { WindowDocument($0.currentBurn) }
        switch status?.timeToExhaustion {
        case nil: (timeToExhaustion, timeToExhaustionSeconds) = (nil, nil)
        case .exhausted: (timeToExhaustion, timeToExhaustionSeconds) = ("exhausted", 0)
        case .never: (timeToExhaustion, timeToExhaustionSeconds) = ("never", nil)
        case .after(let duration): (timeToExhaustion, timeToExhaustionSeconds) = ("after", duration.inSeconds)
        }
        tiers = status?.tiers.map(TierDocument.init) ?? []
        exhaustionAlertFiring = status?.exhaustion?.isFiring
        output = status?.notificationClass.rawValue ?? NotificationClass.log.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case name, instance, group, overflow, service, external, objective, window
        case windowSeconds = "window_seconds"
        case budgeting, evaluated, notes, good, valid, sli
        case budgetRemaining = "budget_remaining"
        case budgetConsumed = "budget_consumed"
        case currentBurn = "current_burn"
        case timeToExhaustion = "time_to_exhaustion"
        case timeToExhaustionSeconds = "time_to_exhaustion_seconds"
        case tiers
        case exhaustionAlertFiring = "exhaustion_alert_firing"
        case output
    }

    /// Encodes `nil` as `null` so readers can tell "no data" from a missing field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(instance, forKey: .instance)
        try c.encode(group.map { Dictionary($0.map { ($0.label, $0.value) }, uniquingKeysWith: { first, _ in first }) }, forKey: .group)
        try c.encode(overflow, forKey: .overflow)
        try c.encode(service, forKey: .service)
        try c.encode(external, forKey: .external)
        try c.encode(objective, forKey: .objective)
        try c.encode(window, forKey: .window)
        try c.encode(windowSeconds, forKey: .windowSeconds)
        try c.encode(budgeting, forKey: .budgeting)
        try c.encode(evaluated, forKey: .evaluated)
        try c.encode(notes, forKey: .notes)
        try c.encode(good, forKey: .good)
        try c.encode(valid, forKey: .valid)
        try c.encode(sli, forKey: .sli)
        try c.encode(budgetRemaining, forKey: .budgetRemaining)
        try c.encode(budgetConsumed, forKey: .budgetConsumed)
        try c.encode(currentBurn, forKey: .currentBurn)
        try c.encode(timeToExhaustion, forKey: .timeToExhaustion)
        try c.encode(timeToExhaustionSeconds, forKey: .timeToExhaustionSeconds)
        try c.encode(tiers, forKey: .tiers)
        try c.encode(exhaustionAlertFiring, forKey: .exhaustionAlertFiring)
        try c.encode(output, forKey: .output)
    }
}
