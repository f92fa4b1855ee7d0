import Foundation
import VigilConfig
import VigilCore
import VigilReports

extension API {
    /// Every SLO's status at one instant: `vigil slo report --output json`.
    public struct SLOReportDocument: Codable, Sendable, Equatable {
        public var evaluatedAt: String
        /// The most urgent output of any SLO: `alert`, `ticket` or `log`.
        public var overall: String
        public var slos: [SLODocument]

        public init(evaluatedAt: String, overall: String, slos: [SLODocument]) {
            self.evaluatedAt = evaluatedAt
            self.overall = overall
            self.slos = slos
        }
    }

    /// `GET /api/v1/slos`: one page of SLO instances, in configuration order.
    public struct SLOList: Codable, Sendable, Equatable {
        public var evaluatedAt: String
        public var slos: [SLODocument]
        /// The last instance of this page, when another page follows.
        public var nextCursor: String?

        public init(evaluatedAt: String, slos: [SLODocument], nextCursor: String?) {
            self.evaluatedAt = evaluatedAt
            self.slos = slos
            self.nextCursor = nextCursor
        }
    }

    /// The burn over one window.
    public struct WindowDocument: Codable, Sendable, Equatable {
        public var window: String
        public var good: Int64
        public var valid: Int64
        /// `nil` (null) without data.
        public var burnRate: Double?

        public init(_ burn: WindowBurn) {
            window = burn.window.compactDescription
            good = burn.counts.good
            valid = burn.counts.valid
            burnRate = burn.rate
        }

        enum CodingKeys: String, CodingKey {
            case window, good, valid, burnRate
        }

        /// Writes `nil` as `null`, so readers tell "no data" from a missing field.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(window, forKey: .window)
            try container.encode(good, forKey: .good)
            try container.encode(valid, forKey: .valid)
            try container.encode(burnRate, forKey: .burnRate)
        }
    }

    /// One burn-rate tier of an SLO and whether it fires.
    public struct TierDocument: Codable, Sendable, Equatable {
        public var name: String
        public var severity: String
        public var factor: Double
        public var minEvents: Int64
        public var long: WindowDocument
        public var short: WindowDocument
        /// `firing`, `quiet`, `held_back` (too few events) or `no_data`.
        public var state: String

        public init(_ status: TierStatus) {
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
    }

    /// One SLO instance's status: what the API lists and `vigil slo report` prints.
    public struct SLODocument: Codable, Sendable, Equatable {
        public var name: String
        public var instance: String
        /// Label → value of a grouped instance; `nil` for an ungrouped SLO or the
        /// overflow instance.
        public var group: [String: String]?
        public var overflow: Bool
        public var service: String
        public var external: Bool
        public var objective: Double
        public var window: String
        public var windowSeconds: Int64?
        public var budgeting: String
        public var evaluated: Bool
        public var notes: [String]
        public var good: Int64?
        public var valid: Int64?
        public var sli: Double?
        public var budgetRemaining: Double?
        public var budgetConsumed: Double?
        public var currentBurn: WindowDocument?
        /// `exhausted`, `never` or `after` (then ``timeToExhaustionSeconds`` says when).
        public var timeToExhaustion: String?
        public var timeToExhaustionSeconds: Double?
        public var tiers: [TierDocument]
        public var exhaustionAlertFiring: Bool?
        /// `alert`, `ticket` or `log`.
        public var output: String

        /// The document of one report entry.
        public init(_ entry: SLOReport.Entry) {
            let slo = entry.spec.objective
            let status = entry.status
            name = slo.name
            instance = entry.name
            switch entry.instance.group {
            case .values(let values):
                group = Dictionary(zip(slo.grouping?.labels ?? [], values).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
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
            case name, instance, group, overflow, service, external, objective, window, windowSeconds, budgeting, evaluated, notes, good, valid, sli
            case budgetRemaining, budgetConsumed, currentBurn, timeToExhaustion, timeToExhaustionSeconds, tiers, exhaustionAlertFiring, output
        }

        /// Writes `nil` as `null`, so readers tell "no data" from a missing field.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(instance, forKey: .instance)
            try c.encode(group, forKey: .group)
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
}

extension SLOReport {
    /// The report as JSON (`--output json`): snake_case keys, no data as `null`.
    public func json() throws -> String {
        String(decoding: try APIJSON.prettyEncoder.encode(document()), as: UTF8.self) + "\n"
    }

    /// The report as a document: the shape of `--output json` and of the API.
    public func document() -> API.SLOReportDocument {
        API.SLOReportDocument(evaluatedAt: Formatting.timestamp(evaluatedAt), overall: notificationClass.rawValue, slos: entries.map(API.SLODocument.init))
    }
}
