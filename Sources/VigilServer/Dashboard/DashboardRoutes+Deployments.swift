import Foundation
import Hummingbird
import VigilConfig
import VigilCore
import VigilDashboard
import VigilReports
import VigilStore

extension DashboardRoutes {
    /// `/deployments/{service}/{version}`: one version's rollout (docs/safe-change.md §5).
    static func deployment(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, _ viewer: Viewer) async throws -> String {
        let service = context.parameters.decoded("service")
        let version = context.parameters.decoded("version")
        let configuration = await runtime.hotState.configuration
        guard configuration.services.contains(where: { $0.name == service }) else {
            throw DashboardError(status: 404, message: "no service '\(service)'\(Suggestion.hint(for: service, among: configuration.services.map(\.name)))")
        }
        let changes = try await runtime.store.changes(service: service, before: nil, limit: 500)
        // The version's own changes, and a rollback away from it (to another version) after its first.
        let own = changes.filter { $0.version == version }.reversed()
        let first = own.first?.time
        let rollbacks = changes.filter { change in
            change.kind == .rollback && change.version != version && first.map { change.time >= $0 } == true
        }
        let stages = (Array(own) + rollbacks.reversed()).sorted { ($0.time, $0.id ?? 0) < ($1.time, $1.id ?? 0) }
        var rows: [(change: ChangeRecord, budgets: [(slo: String, remaining: Double?)])] = []
        for change in stages {
            let report = await runtime.hotState.report(at: change.time.epochMinute + 1)
            rows.append(
                (
                    change,
                    report.entries.filter { $0.spec.objective.service == service && $0.instance.group == nil }.map { ($0.name, $0.status?.budgetRemaining) }
                ))
        }
        let runs = try await runtime.releases.canaryRuns(service: service, status: nil, before: nil, limit: 100).filter { $0.canaryVersion == version }
        let decisions = try await runtime.releases.gateDecisions(service: service, before: nil, limit: 500).filter { $0.version == version }
        let overrides = try await runtime.releases.gateOverrides(service: service, before: nil, limit: 100).filter {
            $0.version == nil || $0.version == version
        }
        var policy: (name: String, mode: String, step: String?, message: String?, because: [String])?
        if let found = configuration.releasePolicy(of: service) {
            let standing = PolicyStanding.evaluate(found, figures: await runtime.policyFigures(service: service, policy: found))
            policy = (found.name, found.mode.rawValue, standing.step?.name, standing.step?.message, standing.because)
        }
        guard !stages.isEmpty || !runs.isEmpty || !decisions.isEmpty else {
            throw DashboardError(status: 404, message: "nothing is recorded of \(service) \(version): no change, canary run or gate decision")
        }
        return dashboard.render(
            DeploymentPage(
                .init(service: service, version: version, policy: policy, stages: rows, canaryRuns: runs, decisions: decisions, overrides: overrides),
                now: runtime.clock.now, display: viewer.display, signedIn: viewer.signedIn))
    }
}
