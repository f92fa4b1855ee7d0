import VigilConfig
import VigilCore

extension SLOReport {
    /// The report for a terminal.
    public func text() -> String {
        var lines = ["SLO report at \(Formatting.timestamp(evaluatedAt)) (every window ends just before this time)", ""]
        for entry in entries {
            lines += Self.text(for: entry)
            lines.append("")
        }
        lines.append("Overall: \(notificationClass.rawValue)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func text(for entry: Entry) -> [String] {
        let slo = entry.spec.objective
        var lines = ["\(entry.name)  (service \(slo.service))"]
        let budgeting =
            switch slo.budgeting {
            case .occurrences: "events"
            case .timeslices(let slice, let target): "\(slice.compactDescription) slices good at ≥ \(Formatting.objective(target))"
            }
        lines.append("  objective      \(Formatting.objective(slo.objective)) over \(slo.window.description), budgeting by \(budgeting)")
        lines += entry.notes.map { "  note           \($0)" }
        guard let status = entry.status else { return lines }
        let unit = if case .timeslices = slo.budgeting { "slices" } else { "events" }
        guard let sli = status.sli else {
            lines.append("  SLI            no data (no valid \(unit) from \(Formatting.timestamp(status.span.start)))")
            lines.append("  output         log")
            return lines
        }
        lines.append(
            "  SLI            \(Formatting.percent(sli, digits: 4))  (\(Formatting.count(status.counts.good)) good of \(Formatting.count(status.counts.valid)) valid \(unit) since \(Formatting.timestamp(status.span.start)))"
        )
        if let remaining = status.budgetRemaining, let consumed = status.budgetConsumed {
            lines.append("  budget         \(Formatting.percent(remaining)) remaining, \(Formatting.percent(consumed)) consumed")
        }
        lines.append(
            "  current burn   \(Formatting.burn(status.currentBurn.rate)) over the last \(status.currentBurn.window.compactDescription); budget exhausted: \(Formatting.exhaustion(status.timeToExhaustion))"
        )
        if !status.tiers.isEmpty {
            lines.append(
                "  alert windows  " + Formatting.pad("tier", 12) + Formatting.pad("windows", 10) + Formatting.pad("factor", 9) + Formatting.pad("long burn", 11)
                    + Formatting.pad("short burn", 12) + "state")
            for tier in status.tiers {
                let windows = "\(tier.tier.longWindow.compactDescription)/\(tier.tier.shortWindow.compactDescription)"
                lines.append(
                    "    " + Formatting.pad(tier.tier.severity.rawValue, 11) + Formatting.pad(tier.tier.name, 12) + Formatting.pad(windows, 10)
                        + Formatting.pad(Formatting.burn(tier.tier.factor), 9) + Formatting.pad(Formatting.burn(tier.long.rate), 11)
                        + Formatting.pad(Formatting.burn(tier.short.rate), 12) + Formatting.state(tier.state))
            }
        }
        if let exhaustion = status.exhaustion {
            let state = exhaustion.isFiring ? "FIRING" : exhaustion.isHeldBack ? "held back (too few events)" : "ok"
            lines.append("  exhaustion     \(exhaustion.alert.severity.rawValue) when gone within \(exhaustion.alert.horizon.compactDescription): \(state)")
        }
        let firing = status.firingTiers.map(\.tier.name) + (status.exhaustion?.isFiring == true ? ["exhaustion"] : [])
        lines.append("  output         \(status.notificationClass.rawValue)" + (firing.isEmpty ? "" : " (\(firing.joined(separator: ", ")))"))
        return lines
    }
}
