import Foundation
import Logging
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilIngest
import VigilNotify
import VigilReports
import VigilStore

/// The release gate and canary runs (docs/safe-change.md): gathering their inputs from
/// the hot state and the store; the decisions themselves are VigilCore's.
extension VigilRuntime {
    /// What `POST /api/v1/gate` answers for `service` (and `version`), recorded.
    func decideGate(service: String, version: String?, requestedBy: String) async throws -> GateRecord {
        let configuration = await hotState.configuration
        let now = clock.now
        guard let policy = configuration.releasePolicy(of: service) else {
            let record = GateRecord(
                service: service, version: version, time: now, requestedBy: requestedBy, result: .pass,
                reasons: ["no release policy covers service '\(service)': nothing holds its releases"], policy: nil, mode: nil, step: nil, slos: [])
            return try await releases.addGateDecision(record)
        }
        let figures = await policyFigures(service: service, policy: policy)
        let standing = PolicyStanding.evaluate(policy, figures: figures)
        let run = try await latestCanaryRun(service: service, version: version)
        let overrides = try await releases.gateOverrides(service: service, before: nil, limit: 50).filter { $0.applies(to: version, at: now) }
        let decision = GateDecision.decide(
            policy: policy, standing: standing, canary: run.map { $0.gateOutcome ?? .inconclusive },
            overrides: overrides.map { .init(id: $0.id, by: $0.createdBy, reason: $0.reason, expires: $0.expires) }, at: now)
        var reasons = decision.reasons
        if let run, run.status == .running {
            reasons.append("canary run \(run.id ?? 0) is still running (\(run.intervals.count) of \(run.intervalCount) intervals judged)")
        }
        let record = GateRecord(
            service: service, version: version, time: now, requestedBy: requestedBy, result: decision.result, reasons: reasons, policy: policy.name,
            mode: policy.mode, step: decision.step, slos: figures.map(GateRecord.SLOFigures.init), canaryRun: run?.id, canaryStatus: run?.status,
            openedByOverride: decision.override?.id)
        return try await releases.addGateDecision(record)
    }

    /// The newest canary run of `service` whose canary is `version` (any, without a version).
    func latestCanaryRun(service: String, version: String?) async throws -> CanaryRun? {
        let runs = try await releases.canaryRuns(service: service, status: nil, before: nil, limit: 50)
        return runs.first { version == nil || $0.canaryVersion == version }
    }

    /// Each SLO of `service` (each instance of a grouped one), as the policy reads it:
    /// budget left now, and the burn rate over each window its steps name.
    func policyFigures(service: String, policy: ReleasePolicy) async -> [PolicyFigures] {
        let report = await hotState.report()
        let windows = policy.burnWindows
        var figures: [PolicyFigures] = []
        for entry in report.entries where entry.spec.objective.service == service {
            var burns: [Duration: Double?] = [:]
            if !windows.isEmpty, let series = await hotState.series(for: entry.instance.seriesKey ?? entry.spec.objective.sli.name) {
                let budget = entry.spec.objective.budget
                for window in windows {
                    burns[window] = budget.burnRate(series.counts(endingBefore: report.evaluatedAt, minutes: max(1, window.wholeMinutes)))
                }
            }
            figures.append(PolicyFigures(slo: entry.name, budgetRemaining: entry.status?.budgetRemaining, burnRates: burns))
        }
        return figures
    }

    /// Records each policy-covered service whose step changed since its latest record
    /// (a service without data has no standing, and nothing is recorded for it).
    func recordPolicySteps() async throws {
        let now = clock.now
        for policy in await hotState.configuration.releasePolicies {
            for service in policy.services {
                let standing = PolicyStanding.evaluate(policy, figures: await policyFigures(service: service, policy: policy))
                guard !standing.hasNoData else { continue }
                let latest = try await policySteps.latest(of: service, in: releases)
                guard latest == nil || latest?.step != standing.step?.name || latest?.policy != policy.name else { continue }
                let record = try await releases.addPolicyStep(PolicyStepRecord(service: service, policy: policy.name, standing: standing, at: now))
                await policySteps.remember(record)
                logger.notice("release policy step", metadata: ["service": "\(service)", "step": "\(standing.step?.name ?? "none")"])
            }
        }
    }

    /// Where `service` stands under its policy now, and since when (the latest record, when
    /// it names the same step); `nil` without a policy.
    func releaseStanding(of service: String) async throws -> (policy: ReleasePolicy, standing: PolicyStanding, since: Date?)? {
        guard let policy = await hotState.configuration.releasePolicy(of: service) else { return nil }
        let standing = PolicyStanding.evaluate(policy, figures: await policyFigures(service: service, policy: policy))
        let latest = try await releases.policySteps(service: service, before: nil, limit: 1).first
        let since = latest.flatMap { $0.step == standing.step?.name && $0.policy == policy.name ? $0.at : nil }
        return (policy, standing, standing.hasNoData ? nil : since)
    }

    /// Starts a canary run and judges at once the intervals already over (a run may
    /// start in the past: a retrospective analysis).
    func startCanaryRun(_ run: CanaryRun) async throws -> CanaryRun {
        let stored = try await releases.addCanaryRun(run)
        return try await advance(stored)
    }

    /// Judges every running run's intervals that have ended (the evaluator calls this each
    /// minute, on the leader).
    func advanceCanaryRuns() async throws {
        for run in try await releases.canaryRuns(service: nil, status: .running, before: nil, limit: 100) {
            _ = try await advance(run)
        }
    }

    /// Judges `run`'s due intervals, one transaction each.
    private func advance(_ run: CanaryRun) async throws -> CanaryRun {
        var current = run
        while let index = current.dueInterval(at: clock.now), let id = current.id {
            let counts = try await canaryCounts(current, through: current.end(ofInterval: index))
            let distributions =
                try await canaryLatencies(current, through: current.end(ofInterval: index))
                + (await canaryPromQL(current, through: current.end(ofInterval: index)))
            guard
                let updated = try await releases.modifyCanaryRun(
                    id: id,
                    { stored in
                        if stored.intervals.count == index - 1 && stored.status == .running {
                            stored.record(interval: index, counts: counts, distributions: distributions)
                        }
                    })
            else { break }
            current = updated
        }
        if current.status == .fail && current.rollback == nil { current = try await callRollback(for: current) }
        return current
    }

    /// Calls the rollback webhook of a failed run's policy, if it enforces and has one:
    /// once — the run is claimed (`sending`) in the store before the call, so neither a
    /// second evaluation nor another replica calls again — and the answer is recorded.
    private func callRollback(for run: CanaryRun) async throws -> CanaryRun {
        let configuration = await hotState.configuration
        guard let id = run.id, let policy = configuration.releasePolicies.first(where: { $0.name == run.policy }), policy.mode == .enforce,
            let hook = policy.rollbackWebhook
        else { return run }
        let now = clock.now
        struct AlreadyClaimed: Error {}
        let claimed: CanaryRun?
        do {
            claimed = try await releases.modifyCanaryRun(id: id) { stored in
                guard stored.rollback == nil else { throw AlreadyClaimed() }
                stored.rollback = RollbackCall(url: hook.url, at: now, state: .sending)
            }
        } catch is AlreadyClaimed {
            return try await releases.canaryRun(id: id) ?? run
        }
        guard let marked = claimed else { return run }
        let version = run.canaryVersion.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? run.canaryVersion
        let payload = RollbackPayload(run: marked, link: "\(configuration.server.linkBase)/deployments/\(run.service)/\(version)")
        let result = await sender.post(json: try APIJSON.encoder.encode(payload), to: hook.url, secret: hook.secret, key: "canary-run-\(id)-rollback", at: now)
        logger.notice(
            "rollback webhook called",
            metadata: ["run": "\(id)", "service": "\(run.service)", "success": "\(result.success)", "status": "\(result.status ?? 0)"])
        return try await releases.modifyCanaryRun(id: id) { stored in
            stored.rollback = RollbackCall(url: hook.url, at: now, state: result.success ? .delivered : .failed, status: result.status, error: result.error)
        } ?? marked
    }

    /// Each event-fed latency SLI of the run's service: its p99 of each minute, in
    /// milliseconds, per version, from the stored digests — the samples Kayenta's judge
    /// compares (milliseconds, because its interval search resolves 10⁻⁴).
    func canaryLatencies(_ run: CanaryRun, through end: Date) async throws -> [CanarySamplePair] {
        let configuration = await hotState.configuration
        let from = run.start.epochMinute
        let to = end.epochMinute
        var result: [CanarySamplePair] = []
        for sli in await hotState.judge().serviceIndicators[run.service] ?? [] {
            guard case .latency = configuration.indicators[sli]?.kind else { continue }
            func samples(_ version: String) async throws -> [Double] {
                let digests = try await store.latencies(series: VersionSeries.key(sli: sli, label: run.splitBy, value: version), from: from, to: to)
                return digests.sorted { $0.key < $1.key }.compactMap { $0.value.quantile(0.99).map { $0.inSeconds * 1000 } }
            }
            result.append(
                CanarySamplePair(metric: "\(sli) p99", baseline: try await samples(run.baselineVersion), canary: try await samples(run.canaryVersion)))
        }
        return result
    }

    /// The policy's PromQL canary metrics, each read for both versions over the run so far,
    /// one value a minute; a failed read is the metric's `error` (shown, left out of the
    /// score), never a failed run.
    func canaryPromQL(_ run: CanaryRun, through end: Date) async -> [CanarySamplePair] {
        guard !run.settings.prometheus.isEmpty else { return [] }
        let source = await hotState.configuration.server.prometheus
        let minutes = run.start.epochMinute...(end.epochMinute - 1)
        var result: [CanarySamplePair] = []
        for metric in run.settings.prometheus {
            guard let source else {
                result.append(metric.samples(baseline: [], canary: [], problem: "no Prometheus to read it from: set server.prometheus.url"))
                continue
            }
            do {
                func samples(_ version: String) async throws -> [Double] {
                    var values: [EpochMinute: Double] = [:]
                    for chunk in PrometheusResponse.chunks(from: minutes.lowerBound, through: minutes.upperBound) {
                        let data = try await prometheusReader.querying.queryRange(source, query: metric.query(for: version), minutes: chunk)
                        values.merge(try PrometheusResponse.minutes(data)) { _, new in new }
                    }
                    return values.filter { minutes.contains($0.key) && $0.value.isFinite }.sorted { $0.key < $1.key }.map(\.value)
                }
                result.append(metric.samples(baseline: try await samples(run.baselineVersion), canary: try await samples(run.canaryVersion)))
            } catch {
                result.append(metric.samples(baseline: [], canary: [], problem: "Prometheus could not be read: \(PrometheusSLIReader.describe(error))"))
            }
        }
        return result
    }

    /// Each event-fed SLI of the run's service: its bad and total requests per version,
    /// from the run's start to `end`.
    func canaryCounts(_ run: CanaryRun, through end: Date) async throws -> [CanaryCounts] {
        let configuration = await hotState.configuration
        let from = run.start.epochMinute
        let to = end.epochMinute
        let slis = await hotState.judge().serviceIndicators[run.service] ?? []
        func key(_ sli: String, _ version: String) -> String { VersionSeries.key(sli: sli, label: run.splitBy, value: version) }
        // Every SLI's two series in one read.
        let buckets = try await store.loadBuckets(
            since: from, only: Set(slis.flatMap { [key($0, run.baselineVersion), key($0, run.canaryVersion)] }))
        func counts(_ key: String) -> ErrorRatioComparison.Counts {
            let total = (buckets[key] ?? []).filter { $0.minute >= from && $0.minute < to }.reduce(EventCounts.zero) { $0 + $1.counts }
            return .init(bad: Int(total.valid - total.good), total: Int(total.valid))
        }
        var result: [CanaryCounts] = []
        for sli in slis {
            let allowed = configuration.slos.filter { $0.objective.sli.name == sli && $0.objective.service == run.service }
                .map { 1 - $0.objective.objective }.min()
            result.append(
                CanaryCounts(sli: sli, baseline: counts(key(sli, run.baselineVersion)), canary: counts(key(sli, run.canaryVersion)), allowedBadRatio: allowed))
        }
        return result
    }
}

/// What a rollback webhook receives.
struct RollbackPayload: Encodable {
    let kind = "rollback"
    let service: String
    /// The version to roll back, and the one to return to.
    let version: String
    let baselineVersion: String
    let canaryRun: Int64?
    let policy: String
    let reason: String
    /// The deployment page (at `server.external_url` when set).
    let link: String

    init(run: CanaryRun, link: String) {
        service = run.service
        version = run.canaryVersion
        baselineVersion = run.baselineVersion
        canaryRun = run.id
        policy = run.policy
        reason = run.reason ?? "the canary failed"
        self.link = link
    }
}

extension GateRecord.SLOFigures {
    init(_ figures: PolicyFigures) {
        var burns: [String: Double] = [:]
        for (window, rate) in figures.burnRates {
            if let rate { burns[window.compactDescription] = rate }
        }
        self.init(slo: figures.slo, budgetRemaining: figures.budgetRemaining, burnRates: burns)
    }
}
