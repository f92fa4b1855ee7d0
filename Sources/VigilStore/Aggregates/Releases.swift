import Foundation
import VigilCore

extension StoreTable {
    /// Every answer of the release gate (encoded ``GateRecord``), per service.
    static let gateDecisions = StoreTable(
        name: "gate_decisions", since: .v11,
        columns: [.serialID, Column("service", .text), Column("time", .real), Column("body", .text)],
        indexes: [Index("gate_decisions_by_service", on: ["service", "id"])])

    /// Overrides that open the gate (encoded ``GateOverride``), per service.
    static let gateOverrides = StoreTable(
        name: "gate_overrides", since: .v11,
        columns: [.serialID, Column("service", .text), Column("expires_at", .real), Column("body", .text)],
        indexes: [Index("gate_overrides_by_service", on: ["service", "id"])])

    /// Canary analyses (encoded ``CanaryRun``) with their intervals, per service and status.
    static let canaryRuns = StoreTable(
        name: "canary_runs", since: .v11,
        columns: [.serialID, Column("service", .text), Column("status", .text), Column("body", .text)],
        indexes: [Index("canary_runs_by_service", on: ["service", "id"]), Index("canary_runs_by_status", on: ["status", "id"])])

    /// Each service's moves between its policy's steps (encoded ``PolicyStepRecord``).
    static let policySteps = StoreTable(
        name: "policy_steps", since: .v11,
        columns: [.serialID, Column("service", .text), Column("at", .real), Column("body", .text)],
        indexes: [Index("policy_steps_by_service", on: ["service", "id"])])
}

extension ReleaseStore where Self: DocumentStore {
    public func addPolicyStep(_ record: PolicyStepRecord) async throws -> PolicyStepRecord {
        try await insert(record, into: .policySteps, columns: ["service": .text(record.service), "at": .time(record.at)]) { $0.id = $1 }
    }

    public func policySteps(service: String?, before: Int64?, limit: Int) async throws -> [PolicyStepRecord] {
        try await list(PolicyStepRecord.self, in: .policySteps, matching: service.map { ["service": .text($0)] } ?? [:], before: before, limit: limit)
    }

    public func addGateDecision(_ record: GateRecord) async throws -> GateRecord {
        try await insert(record, into: .gateDecisions, columns: ["service": .text(record.service), "time": .time(record.time)]) { $0.id = $1 }
    }

    public func gateDecisions(service: String?, before: Int64?, limit: Int) async throws -> [GateRecord] {
        try await list(GateRecord.self, in: .gateDecisions, matching: service.map { ["service": .text($0)] } ?? [:], before: before, limit: limit)
    }

    public func addGateOverride(_ override: GateOverride) async throws -> GateOverride {
        try await insert(override, into: .gateOverrides, columns: ["service": .text(override.service), "expires_at": .time(override.expires)]) {
            $0.id = $1
        }
    }

    public func gateOverrides(service: String?, before: Int64?, limit: Int) async throws -> [GateOverride] {
        try await list(GateOverride.self, in: .gateOverrides, matching: service.map { ["service": .text($0)] } ?? [:], before: before, limit: limit)
    }

    public func addCanaryRun(_ run: CanaryRun) async throws -> CanaryRun {
        try await insert(run, into: .canaryRuns, columns: ["service": .text(run.service), "status": .text(run.status.rawValue)]) { $0.id = $1 }
    }

    public func modifyCanaryRun(id: Int64, _ change: @escaping @Sendable (inout CanaryRun) throws -> Void) async throws -> CanaryRun? {
        let body = try await modifyDocument(in: .canaryRuns, id: id) { text in
            var run = try StoredValue.decode(CanaryRun.self, text, what: "canary run \(id)")
            try change(&run)
            run.id = id
            return DocumentUpdate(body: try StoredValue.json(run), columns: ["status": .text(run.status.rawValue)])
        }
        return try body.map { try StoredValue.decode(CanaryRun.self, $0, what: "canary run \(id)") }
    }

    public func canaryRuns(service: String?, status: CanaryRun.Status?, before: Int64?, limit: Int) async throws -> [CanaryRun] {
        var matching: [String: StoreValue] = [:]
        if let service { matching["service"] = .text(service) }
        if let status { matching["status"] = .text(status.rawValue) }
        return try await list(CanaryRun.self, in: .canaryRuns, matching: matching, before: before, limit: limit)
    }

    public func canaryRun(id: Int64) async throws -> CanaryRun? {
        try await list(CanaryRun.self, in: .canaryRuns, matching: [:], before: id + 1, limit: 1).first { $0.id == id }
    }
}
