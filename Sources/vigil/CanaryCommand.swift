import ArgumentParser
import Foundation
import VigilCore

/// `vigil canary`: canary analysis offline (docs/safe-change.md).
struct CanaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canary",
        abstract: "Judge a canary against its baseline.",
        subcommands: [Judge.self, Errors.self, Run.self]
    )

    /// `vigil canary judge`: one metric from two sample files, by Kayenta's judge.
    struct Judge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge one metric from two sample files (Mann-Whitney, as Kayenta's judge).",
            discussion: """
                Each file holds one number per line (blank lines and # comments skipped, NaN for \
                a point without data) or a JSON array of numbers and nulls. Durations in \
                milliseconds: the interval's search resolves shifts of 10⁻⁴.
                Prints the classification (pass, high, low, nodata), the Hodges-Lehmann shift \
                (canary − baseline) with its interval, and why. Exits 0 once judged, whatever \
                the verdict (`vigil gate` is the command for pipelines), 1 for an unreadable file.
                Example:
                  vigil canary judge --baseline p99-2.3.9.txt --canary p99-2.4.0.txt --direction increase
                """)

        @Option(help: "The baseline's samples.") var baseline: String
        @Option(help: "The canary's samples.") var canary: String
        @Option(help: "Which change is bad: increase, decrease or either.") var direction: CanaryMetric.Direction = .either
        @Option(help: "How far the interval must leave zero, as a fraction of the estimated shift.") var tolerance = 0.25
        @Option(help: "Confidence of the interval, between 0.5 and 0.9999.") var confidence = 0.98
        @Option(help: "Effect size measure: meanRatio or cles.") var effectSize: EffectSizeMeasure = .meanRatio
        @Option(help: "A decrease counts only at or below this effect (default: no change, 1 or 0.5).") var allowedDecrease: Double?
        @Option(help: "An increase counts only at or above this effect.") var allowedIncrease: Double?
        @Option(help: "NaN values: remove, or replace with 0.") var nanStrategy: CanaryMetric.NaNStrategy = .remove
        @Flag(help: "Drop outliers (beyond 3 × IQR past the quartiles and the 1st/99th percentiles).") var removeOutliers = false
        @Option(help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance: expected 0 or more, such as 0.25") }
            guard confidence >= 0.5, confidence <= 0.9999 else { throw ValidationError("--confidence: expected 0.5 to 0.9999, such as 0.98") }
        }

        func run() throws {
            var metric = CanaryMetric(name: URL(fileURLWithPath: canary).lastPathComponent)
            metric.direction = direction
            metric.tolerance = tolerance
            metric.confidence = confidence
            metric.effectSizeMeasure = effectSize
            metric.allowedDecrease = allowedDecrease
            metric.allowedIncrease = allowedIncrease
            metric.nanStrategy = nanStrategy
            metric.removeOutliers = removeOutliers
            let judgement = CanaryClassifier.classify(metric, baseline: try Self.samples(baseline), canary: try Self.samples(canary))
            switch output {
            case .json: Terminal.output(try CanaryOutput.json(JudgeReport(judgement)))
            case .text: Terminal.output(JudgeReport(judgement).text)
            }
        }

        static func samples(_ path: String) throws -> [Double] {
            guard let data = FileManager.default.contents(atPath: path) else {
                Terminal.error("\(path): cannot read the file")
                throw VigilExit.invalidInput
            }
            do {
                return try CanarySamples.parse(String(decoding: data, as: UTF8.self))
            } catch {
                Terminal.error("\(path):\(error.line): \(error.message)")
                throw VigilExit.invalidInput
            }
        }
    }

    /// `vigil canary errors`: error ratios as counts.
    struct Errors: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a canary's error ratio with its baseline's from request counts.",
            discussion: """
                Counts are BAD/TOTAL (errors over requests). Newcombe's interval of the difference \
                against the tolerated increase: fail, pass, or insufficient_data with how many more \
                canary requests would decide. Exits 0 once compared, 1 for bad counts.
                Example:
                  vigil canary errors --baseline 12/20000 --canary 30/20000
                """)

        @Option(help: "The baseline's errors/requests, such as 12/20000.") var baseline: String
        @Option(help: "The canary's errors/requests.") var canary: String
        @Option(help: "Tolerated relative increase of the error ratio.") var tolerance = 0.25
        @Option(help: "Tolerated increase when the baseline has no errors, as a ratio.") var minimumMargin = 1e-4
        @Option(help: "Confidence of the interval, between 0.5 and 0.9999.") var confidence = 0.98
        @Option(help: "text or json.") var output: OutputFormat = .text

        func validate() throws {
            for (flag, text) in [("--baseline", baseline), ("--canary", canary)] where Self.counts(text) == nil {
                throw ValidationError("\(flag): expected ERRORS/REQUESTS with 0 ≤ errors ≤ requests, such as 12/20000; got '\(text)'")
            }
            guard confidence >= 0.5, confidence <= 0.9999 else { throw ValidationError("--confidence: expected 0.5 to 0.9999, such as 0.98") }
            guard tolerance >= 0, tolerance.isFinite, minimumMargin >= 0, minimumMargin < 1 else {
                throw ValidationError("--tolerance and --minimum-margin: expected 0 or more (the margin below 1)")
            }
        }

        func run() throws {
            let result = ErrorRatioComparison.compare(
                baseline: Self.counts(baseline)!, canary: Self.counts(canary)!, tolerance: tolerance, minimumMargin: minimumMargin, confidence: confidence)
            switch output {
            case .json: Terminal.output(try CanaryOutput.json(ErrorsReport(result)))
            case .text: Terminal.output(ErrorsReport(result).text)
            }
        }

        static func counts(_ text: String) -> ErrorRatioComparison.Counts? {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let bad = Int(parts[0]), let total = Int(parts[1]), bad >= 0, total >= bad else { return nil }
            return ErrorRatioComparison.Counts(bad: bad, total: total)
        }
    }
}

extension CanaryMetric.Direction: ExpressibleByArgument {}
extension CanaryMetric.NaNStrategy: ExpressibleByArgument {}
extension EffectSizeMeasure: ExpressibleByArgument {}
