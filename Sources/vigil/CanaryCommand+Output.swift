import Foundation
import VigilCore

/// What `vigil canary` prints. JSON has `null` where a figure is undefined (a mean ratio
/// with a zero mean), never `NaN`, which JSON cannot hold.
enum CanaryOutput {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    static func format(_ value: Double?) -> String {
        value.map { String(format: "%.6g", $0) } ?? "undefined"
    }
}

/// `vigil canary judge`'s answer.
struct JudgeReport: Encodable {
    var classification: String
    var critical: Bool
    var reason: String?
    var estimate: Double?
    var lower: Double?
    var upper: Double?
    var band: Double?
    var deviation: Double?
    var effectSize: Double?
    var baselineCount: Int
    var canaryCount: Int

    init(_ judgement: MetricJudgement) {
        classification = judgement.classification.rawValue
        critical = judgement.critical
        reason = judgement.reason
        estimate = judgement.shift.map(\.estimate)
        lower = judgement.shift.map(\.lower)
        upper = judgement.shift.map(\.upper)
        band = judgement.bounds.map(\.upperBound)
        deviation = CanaryOutput.finite(judgement.deviation)
        effectSize = CanaryOutput.finite(judgement.effectSize)
        baselineCount = judgement.baselineCount
        canaryCount = judgement.canaryCount
    }

    var text: String {
        var lines = ["\(classification)\(critical ? " (critical)" : "")"]
        if let estimate, let lower, let upper, let band {
            lines.append(
                "shift (canary − baseline): \(CanaryOutput.format(estimate)), interval [\(CanaryOutput.format(lower)), \(CanaryOutput.format(upper))], band ±\(CanaryOutput.format(band))"
            )
        }
        lines.append(
            "mean ratio: \(CanaryOutput.format(deviation)); effect size: \(CanaryOutput.format(effectSize)); values: baseline \(baselineCount), canary \(canaryCount)"
        )
        if let reason { lines.append(reason) }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `vigil canary errors`' answer.
struct ErrorsReport: Encodable {
    var verdict: String
    var baselineRatio: Double?
    var canaryRatio: Double?
    var difference: Double?
    var lower: Double?
    var upper: Double?
    var margin: Double
    var requestsNeeded: Int?

    init(_ result: ErrorRatioComparison) {
        verdict = result.verdict.rawValue
        baselineRatio = CanaryOutput.finite(result.baseline.ratio)
        canaryRatio = CanaryOutput.finite(result.canary.ratio)
        difference = CanaryOutput.finite(result.difference)
        lower = CanaryOutput.finite(result.lower)
        upper = CanaryOutput.finite(result.upper)
        margin = result.margin
        requestsNeeded = result.requestsNeeded
    }

    var text: String {
        var lines = [verdict]
        lines.append("error ratio: baseline \(CanaryOutput.format(baselineRatio)), canary \(CanaryOutput.format(canaryRatio))")
        if let difference, let lower, let upper {
            lines.append(
                "difference \(CanaryOutput.format(difference)), interval [\(CanaryOutput.format(lower)), \(CanaryOutput.format(upper))], tolerated increase \(CanaryOutput.format(margin))"
            )
        }
        switch verdict {
        case "insufficient_data":
            lines.append(
                requestsNeeded.map { "\($0) more canary requests at this error ratio would decide" }
                    ?? "the baseline has too few requests for any number of canary requests to decide")
        case "nodata": lines.append("a population counted no request")
        default: break
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
