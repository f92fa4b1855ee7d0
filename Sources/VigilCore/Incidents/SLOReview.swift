import Foundation

/// The SLO review: an SLO is judged by three things together — whether it was
/// met, how much toil the owning team spent keeping it so, and how satisfied users are —
/// because each alone misleads.
public struct SLOReview: Hashable, Sendable {
    public enum Advice: String, Hashable, Sendable, Codable {
        /// Met, but the team pays for it in toil: the objective hides real pain; tighten
        /// it (and automate) so the budget reflects the work.
        case tighten
        /// Met, little toil, yet users are unhappy: the SLI does not measure what users feel.
        case wrongSLI = "wrong-sli"
        /// Missed, yet users are satisfied: the objective is stricter than users need.
        case loosen
        /// Missed and users are unhappy: spend the next cycle on reliability.
        case invest
        /// Met, little toil, users satisfied.
        case keep
        /// Not enough is known (no data, no toil log, no satisfaction score).
        case unknown
    }

    /// Toil at or above this share of a team's time counts as high (the cap).
    public static let highToil = 0.5
    /// A satisfaction share below this counts as low.
    public static let lowSatisfaction = 0.8

    public var slo: String
    public var service: String
    public var objective: Double
    /// The SLI over the SLO's window.
    public var compliance: Double?
    public var toilRatio: Double?
    /// Share of satisfied users (0…1), the service's latest recorded score.
    public var satisfaction: Double?
    public var advice: Advice
    /// The advice in words.
    public var reason: String
    /// Pages that reached people for this SLO's service in the period (`nil`: no on-call
    /// is configured).
    public var pages: Int?

    public init(slo: String, service: String, objective: Double, compliance: Double?, toilRatio: Double?, satisfaction: Double?) {
        self.slo = slo
        self.service = service
        self.objective = objective
        self.compliance = compliance
        self.toilRatio = toilRatio
        self.satisfaction = satisfaction
        (advice, reason) = Self.advise(met: compliance.map { $0 >= objective }, toilRatio: toilRatio, satisfaction: satisfaction)
    }

    /// The talk's rules, in order.
    public static func advise(met: Bool?, toilRatio: Double?, satisfaction: Double?) -> (Advice, String) {
        guard let met else { return (.unknown, "no SLI data over the window") }
        let toilIsHigh = toilRatio.map { $0 >= Self.highToil }
        let unhappy = satisfaction.map { $0 < Self.lowSatisfaction }
        if met {
            if toilIsHigh == true {
                return (
                    .tighten,
                    "met, but the team spends \(percent(toilRatio!)) of its time on toil: tighten the objective so the budget shows the pain, and automate"
                )
            }
            if unhappy == true {
                return (.wrongSLI, "met with little toil, yet only \(percent(satisfaction!)) of users are satisfied: the SLI is not measuring what users feel")
            }
            if toilIsHigh == false && unhappy == false { return (.keep, "met, little toil, users satisfied") }
            return (.unknown, "met; \(toilRatio == nil ? "no toil logged" : "no satisfaction score") to judge it by")
        }
        if unhappy == false {
            return (.loosen, "missed, yet \(percent(satisfaction!)) of users are satisfied: the objective is stricter than users need")
        }
        if unhappy == true { return (.invest, "missed and users are unhappy: spend the next cycle on reliability") }
        return (.unknown, "missed; no satisfaction score to tell whether users noticed")
    }

    static func percent(_ ratio: Double) -> String { "\(Int((ratio * 100).rounded())) %" }
}

/// What a service's users said: the share satisfied (a CSAT or survey result, 0…1).
public struct SatisfactionScore: Hashable, Sendable, Codable {
    public var service: String
    public var score: Double
    public var at: Date
    public var note: String?
    public var author: String

    public init(service: String, score: Double, at: Date, note: String? = nil, author: String) {
        self.service = service
        self.score = score
        self.at = at
        self.note = note
        self.author = author
    }
}

/// Planned work on a service: its alerts are muted, and SLOs that say so leave its minutes out.
public struct MaintenanceWindow: Hashable, Sendable, Codable {
    /// `cfg-<n>` for windows from the configuration, a number for the API's.
    public var id: String
    public var service: String
    public var start: Date
    public var end: Date
    public var reason: String
    public var createdBy: String

    public init(id: String, service: String, start: Date, end: Date, reason: String, createdBy: String) {
        self.id = id
        self.service = service
        self.start = start
        self.end = end
        self.reason = reason
        self.createdBy = createdBy
    }

    public func isActive(at now: Date) -> Bool { start <= now && now < end }

    /// The minutes `[from, to)` it covers, whole minutes (a minute touched counts).
    public func minutes(from: EpochMinute, to: EpochMinute) -> Range<EpochMinute>? {
        let first = max(from, start.epochMinute)
        let last = min(to, Int64((end.timeIntervalSince1970 / 60).rounded(.up)))
        return first < last ? first..<last : nil
    }
}

extension SLOReview {
    /// The review with the on-call load of its service: many pages point at the alert or
    /// the objective, whatever the advice says.
    public func withPages(_ count: Int, limit: Int) -> SLOReview {
        var review = self
        review.pages = count
        if count > limit {
            review.reason += "; on-call was paged \(count) times for \(service): fix the alert or the objective before asking more of the people"
        }
        return review
    }
}
