import Foundation
import VigilCore
import VigilReports

/// How pages write figures: the same words as the CLI's reports, plus the CSS class that
/// colours them. Colour is never the only signal — every class has words beside it.
enum Figures {
    static func percent(_ ratio: Double?, digits: Int = 2) -> String {
        ratio.map { Formatting.percent($0, digits: digits) } ?? "no data"
    }

    static func exhaustion(_ value: TimeToExhaustion?) -> String {
        switch value {
        case nil: "no data"
        case .exhausted: "exhausted"
        case .never: "not burning"
        case .after(let duration): "in \(Formatting.approximate(duration))"
        }
    }

    /// The width of a budget bar in percent (0…100), overspent shown empty.
    static func barWidth(_ remaining: Double?) -> Int {
        guard let remaining else { return 0 }
        return Int((min(max(remaining, 0), 1) * 100).rounded())
    }

    /// `ok`, `warn` or `crit` by what is left of a budget.
    static func budgetClass(_ remaining: Double?) -> String {
        guard let remaining else { return "none" }
        return remaining <= 0 ? "crit" : remaining < 0.25 ? "warn" : "ok"
    }

    /// Status word and class of an SLO from its evaluation.
    static func state(_ status: SLOStatus?) -> (words: String, css: String) {
        guard let status, status.hasData else { return ("No data", "none") }
        if let remaining = status.budgetRemaining, remaining <= 0 { return ("Budget exhausted", "crit") }
        switch status.notificationClass {
        case .alert: return ("Burning fast — paging", "crit")
        case .ticket: return ("Burning — ticket", "warn")
        case .log: return ("Healthy", "ok")
        }
    }

    /// The alert window burning fastest, as `14.40× over 5m`.
    static func fastestBurn(_ status: SLOStatus?) -> String {
        guard let status else { return "no data" }
        let windows = status.tiers.flatMap { [$0.long, $0.short] } + [status.currentBurn]
        guard let fastest = windows.filter({ $0.rate != nil }).max(by: { $0.rate! < $1.rate! }) else { return "no data" }
        return "\(Formatting.burn(fastest.rate)) over \(fastest.window.compactDescription)"
    }
}
