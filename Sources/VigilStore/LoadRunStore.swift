import Foundation
import VigilCore

/// Load runs posted by `vigil load --post`: capacity data per service.
public protocol LoadRunStore: Sendable {
    /// Stores a run (its `id` is assigned).
    func addLoadRun(_ run: LoadRun) async throws -> LoadRun
    /// Runs, newest first, optionally of one service, before cursor `before` (an id).
    func loadRuns(service: String?, before: Int64?, limit: Int) async throws -> [LoadRun]
}
