import Foundation
import VigilCore

extension StoreSchema {
    /// One retention pass's statements, in the order to run them: every table's `first`
    /// statement (in table order), then its deletion (in reverse table order, so rows
    /// that refer to others go first). Each has one parameter, its cutoff.
    static let retentionSteps: [RetentionStep] = {
        let rules = tables.compactMap { table in table.retention.map { (table: table.name, rule: $0) } }
        return rules.compactMap { rule in rule.rule.first.map { RetentionStep(table: nil, sql: $0, cutoff: rule.rule.cutoff) } }
            + rules.reversed().map { RetentionStep(table: $0.table, sql: "DELETE FROM \($0.table) WHERE \($0.rule.condition)", cutoff: $0.rule.cutoff) }
    }()

    /// A statement of a retention pass; `table` names the table a deletion prunes.
    struct RetentionStep: Sendable {
        let table: String?
        let sql: String
        let cutoff: StoreTable.Cutoff
    }

    /// The values a retention pass's cutoffs stand for.
    struct RetentionCutoffs: Sendable {
        let minutesBefore: EpochMinute
        let hoursBefore: EpochMinute
        let keysBefore: Date

        /// The cutoff's value: an epoch minute, or epoch seconds.
        func value(_ cutoff: StoreTable.Cutoff) -> RetentionCutoffValue {
            switch cutoff {
            case .minutes: .minute(minutesBefore)
            case .hours: .minute(hoursBefore)
            case .keys: .seconds(keysBefore.timeIntervalSince1970)
            // The alerting history ages out with the hourly roll-ups (400 days by
            // default).
            case .history: .seconds(Double(hoursBefore * 60))
            }
        }

        /// What the pass reports, from the rows each table lost.
        func result(deleted: [String: Int]) -> RetentionResult {
            RetentionResult(
                minutesRolledUp: deleted[StoreTable.minuteBuckets.name] ?? 0, hoursDropped: deleted[StoreTable.hourBuckets.name] ?? 0)
        }
    }

    enum RetentionCutoffValue: Sendable {
        case minute(EpochMinute)
        case seconds(Double)
    }
}
