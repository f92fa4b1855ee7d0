import Foundation
import VigilCore

/// One run of one probe: what it saw, how each condition fared, and the verdict.
public struct ProbeRun: Sendable {
    public let probe: String
    public let startedAt: Date
    public let observation: ProbeObservation
    public let results: [ConditionResult]
    /// Why the run could not observe everything (connection refused, timeout, …).
    public let error: String?

    /// A run passes when every condition holds.
    public var success: Bool { !results.isEmpty && results.allSatisfy(\.success) }

    public init(probe: String, startedAt: Date, observation: ProbeObservation, results: [ConditionResult], error: String?) {
        self.probe = probe
        self.startedAt = startedAt
        self.observation = observation
        self.results = results
        self.error = error
    }
}
