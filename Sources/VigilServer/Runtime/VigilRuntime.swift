import Foundation
import Hummingbird
import Logging
import VigilConfig
import VigilCore
import VigilNotify
import VigilProbes
import VigilStore

/// The running server's parts, shared by the routes and the background services.
public final class VigilRuntime: Sendable {
    /// Where the configuration is read from (for reloads).
    let configPaths: [String]
    let store: any SignalStore
    let hotState: HotState
    let writer: IngestionWriter
    /// Whether the store takes writes (`/-/ready` says so).
    let writeHealth: WriteHealth
    let metrics: ServerMetrics
    let logger: Logger
    /// Probe states for the API.
    let probes = ProbeBoard()
    let probeRuns: ProbeRunWriter
    /// The alerting side: dispatcher state, outbox, silences.
    let notificationStore: any NotificationStore
    let notifier: Notifier
    let sender: NotificationSender
    /// Incidents, postmortems, action items, toil.
    let incidentStore: any IncidentStore
    let incidents: IncidentDesk
    /// `vigil load --post`'s runs.
    let loadRuns: any LoadRunStore
    /// The release gate's decisions, overrides and canary runs.
    let releases: any ReleaseStore
    /// Schedule overrides, the escalation log, used links.
    let oncallStore: any OnCallStore
    /// Each service's latest policy step, as recorded.
    let policySteps = PolicyStepBook()
    /// The public status page, built at most every few seconds however often it is read.
    let statusPage = StatusPageCache()
    /// The PromQL SLIs' minutes, read from `server.prometheus`.
    let prometheusReader: PrometheusSLIReader
    /// Every time the server reads or waits for comes from here (tests set and advance it).
    let clock: any WallClock
    /// The first retry's longest wait (doubling per failure up to 5 minutes); tests shorten it.
    let deliveryBackoff: Duration
    /// Several replicas on one PostgreSQL store: following each other, and leadership.
    /// `nil` with the embedded store, where this server is the only one and always leads.
    let replication: Replication?
    /// Token checks that outlive a request: tokens already checked, and the throttle on
    /// clients presenting wrong ones.
    let tokenVerifier: TokenVerifier

    /// - Parameters:
    ///   - configuration: the configuration already loaded from `configPaths`.
    ///   - clock: the server's only source of time (injected so tests can set and advance it).
    ///   - replicated: the shared store's replication side and this replica's leader lease,
    ///     when several replicas share the store.
    ///   - signInThrottle: how clients presenting wrong tokens are slowed down.
    public init(
        configPaths: [String], configuration: VigilConfiguration,
        store: any SignalStore & NotificationStore & IncidentStore & LoadRunStore & ReleaseStore & OnCallStore,
        logger: Logger,
        clock: any WallClock = SystemClock(), deliveryBackoff: Duration = .seconds(1),
        replicated: (store: any ReplicatedStore, lease: any LeaderLease)? = nil, signInThrottle: SignInThrottle = SignInThrottle()
    ) {
        tokenVerifier = TokenVerifier(throttle: signInThrottle)
        prometheusReader = PrometheusSLIReader()
        self.deliveryBackoff = deliveryBackoff
        self.clock = clock
        self.configPaths = configPaths
        self.store = store
        notificationStore = store
        notifier = Notifier(store: store, oncallStore: store, logger: logger)
        oncallStore = store
        sender = NotificationSender(externalURL: configuration.server.linkBase)
        self.logger = logger
        metrics = ServerMetrics()
        hotState = HotState(configuration: configuration, clock: clock)
        let hot = hotState
        let replication = replicated.map { Replication(store: $0.store, hotState: hot, lease: $0.lease) }
        self.replication = replication
        writeHealth = WriteHealth(logger: logger)
        writer = IngestionWriter(store: store, hotState: hotState, metrics: metrics, clock: clock, replication: replication, health: writeHealth)
        probeRuns = ProbeRunWriter(store: store, logger: logger)
        incidentStore = store
        loadRuns = store
        releases = store
        incidents = IncidentDesk(store: store, signals: store, hotState: hotState, oncall: store, logger: logger)
    }

    /// Loads the store's recent buckets and alert states into memory; the server is
    /// ready afterwards. Latency SLIs whose threshold changed while the server was down
    /// are judged again first.
    /// - Returns: how long it took.
    @discardableResult
    public func rebuild() async throws -> Duration {
        let started = ContinuousClock.now
        try await rejudgeChangedThresholds(storedSeries: nil)
        try await replication?.markStart()
        let since = await hotState.earliestNeededMinute(at: hotState.now)
        let buckets = try await store.loadBuckets(since: since, only: nil)
        let alerts = try await store.latestAlertStates()
        await hotState.rebuild(from: buckets, alerts: alerts)
        try await notifier.load(await hotState.configuration, at: clock.now)
        try await refreshMaintenance()
        let elapsed = ContinuousClock.now - started
        logger.info(
            "hot state rebuilt",
            metadata: [
                "series": "\(buckets.count)", "buckets": "\(buckets.values.map(\.count).reduce(0, +))",
                "seconds": "\(String(format: "%.3f", elapsed.inSeconds))",
            ])
        return elapsed
    }

    /// Whether this server runs the evaluator, the notifier, the outbox and the probes:
    /// always with the embedded store; with a shared one, while it holds the lease.
    func leads() async -> Bool {
        guard let replication else { return true }
        return await replication.isLeader
    }

    /// Becoming leader: the alert states and the notifier's memory are the previous
    /// leader's, as it committed them, so nothing it sent is decided (or sent) again.
    func assumeLeadership() async throws {
        await policySteps.forget()
        await hotState.restore(alerts: try await store.latestAlertStates())
        try await notifier.load(await hotState.configuration, at: clock.now)
    }

    /// Judges again, from their stored latency digests, the latency SLIs whose
    /// threshold differs from the one their stored verdicts used, and reloads them.
    /// - Parameter storedSeries: the series keys known now (`nil` before the first load:
    ///   the store's are used).
    func rejudgeChangedThresholds(storedSeries: [String]?) async throws {
        let configuration = await hotState.configuration
        let judged = try await store.judgedThresholds()
        var changed: [String] = []
        for (name, indicator) in configuration.indicators {
            guard case .latency(let threshold) = indicator.kind, indicator.source == .events, judged[name] != threshold else { continue }
            guard judged[name] != nil else {
                // New SLI: its stored verdicts (if any) were judged with this threshold.
                _ = try await store.rejudge(sli: name, series: [], threshold: threshold)
                continue
            }
            var series = [name]
            for slo in configuration.slos where slo.objective.sli.name == name && slo.objective.isGrouped {
                var stored = storedSeries ?? []
                if storedSeries == nil { stored = try await store.seriesKeys(prefix: SLOInstance.seriesKeyPrefix(of: slo.name)) }
                series += stored.filter { SLOInstance.isSeriesKey($0, of: slo.name) }
            }
            // Its per-version counts too, so a canary compares what the SLO now judges.
            series += try await store.seriesKeys(prefix: VersionSeries.prefix + name + "[")
            let minutes = try await store.rejudge(sli: name, series: series, threshold: threshold)
            logger.notice(
                "latency threshold changed; stored minutes judged again",
                metadata: [
                    "sli": "\(name)", "threshold": "\(threshold.compactDescription)", "minutes": "\(minutes)", "series": "\(series.count)",
                ])
            changed += series
        }
        guard storedSeries != nil, !changed.isEmpty else { return }
        let since = await hotState.earliestNeededMinute(at: hotState.now)
        await hotState.replaceSeries(try await store.loadBuckets(since: since, only: Set(changed)))
    }

    /// Hands the configured and stored maintenance windows that have not ended (or
    /// ended within retention, for the SLO figures) to the evaluator and the notifier.
    func refreshMaintenance() async throws {
        let configuration = await hotState.configuration
        let since = clock.now.addingTimeInterval(-configuration.server.retention.inSeconds)
        let windows = configuration.maintenance.filter { $0.end > since } + (try await incidentStore.maintenanceWindows(endingAfter: since))
        await hotState.replace(maintenance: windows)
        await notifier.replace(maintenance: windows)
    }

    /// Checks a request's bearer token against the running configuration; `scope` nil is
    /// a read. `client` keys the failed-token throttle.
    func authorize(_ request: Request, client: String, scope: TokenScope?) async throws(APIError) {
        try await authenticator.authorize(request, client: client, at: clock.now, scope: scope)
    }

    /// The running configuration's tokens, checked by this server's one ``TokenVerifier``.
    var authenticator: Authenticator {
        get async { Authenticator(settings: await hotState.configuration.server, verifier: tokenVerifier) }
    }

    /// Re-reads the configuration. An invalid one is refused and the old one stays.
    public func reload() async -> Result<VigilConfiguration, ConfigurationErrors> {
        let result = ConfigLoader.load(paths: configPaths)
        switch result {
        case .success(let configuration):
            await hotState.replace(configuration: configuration)
            await notifier.reconfigure(configuration, at: clock.now)
            do { try await refreshMaintenance() } catch {
                logger.error("reading maintenance windows failed", metadata: ["error": "\(error)"])
            }
            logger.info("configuration reloaded", metadata: ["slos": "\(configuration.slos.count)"])
            do {
                try await rejudgeChangedThresholds(storedSeries: await hotState.seriesKeys)
            } catch {
                logger.error("judging stored latencies again failed; they keep their old verdicts", metadata: ["error": "\(error)"])
            }
        case .failure(let errors):
            logger.error("configuration reload refused; the previous configuration stays", metadata: ["errors": "\(errors.diagnostics.count)"])
        }
        return result
    }

    /// One evaluator tick: evaluate every SLO, advance alert states, persist transitions,
    /// and once an hour a snapshot of every SLO instance's figures.
    public func evaluate() async throws {
        let started = ContinuousClock.now
        let transitions = await hotState.evaluateAlerts()
        try await store.recordTransitions(transitions)
        await notifier.sync(.slo, firing: await hotState.firingAlerts(), at: clock.now)
        if let snapshots = await hotState.evaluationSnapshots() { try await store.recordEvaluations(snapshots) }
        metrics.recordEvaluation(ContinuousClock.now - started, slos: await hotState.configuration.slos.count)
        metrics.recordTransitions(transitions.map(\.state))
        for transition in transitions {
            logger.info("alert \(transition.state.rawValue)", metadata: ["slo": "\(transition.key.slo)", "tier": "\(transition.key.tier)"])
        }
        do { try await advanceCanaryRuns() } catch { logger.error("canary runs not advanced", metadata: ["error": "\(error)"]) }
        do { try await recordPolicySteps() } catch { logger.error("policy steps not recorded", metadata: ["error": "\(error)"]) }
    }

    /// Applies retention: minutes older than the minute span are rolled up into hours,
    /// hours older than the hourly span are dropped.
    public func applyRetention() async throws {
        let settings = await hotState.configuration.server
        let now = await hotState.now
        let result = try await store.applyRetention(
            minutesBefore: now - settings.retention.wholeMinutes, hoursBefore: now - settings.hourlyRetention.wholeMinutes,
            keysBefore: clock.now.addingTimeInterval(-settings.retention.inSeconds))
        await hotState.trim()
        if result.minutesRolledUp > 0 || result.hoursDropped > 0 {
            logger.info("retention applied", metadata: ["minutes_rolled_up": "\(result.minutesRolledUp)", "hours_dropped": "\(result.hoursDropped)"])
        }
    }

    // MARK: Probes

    /// Keeps a probe run, updates the probe's state, `/metrics`, and the SLIs it feeds.
    func recordProbeRun(_ spec: ProbeSpec, _ run: ProbeRun) async {
        let record = ProbeRunRecord(
            probe: spec.name, startedAt: run.startedAt, success: run.success, responseTime: run.observation.responseTime,
            status: run.observation.status, conditions: run.results.map { .init(condition: $0.condition, success: $0.success) },
            error: run.success ? nil : run.error)
        let expiry = run.observation.certificateExpiration.map { run.startedAt.addingTimeInterval(Double($0.components.seconds)) }
        var isDNS = false
        if case .dns = spec.kind { isDNS = true }
        metrics.recordProbe(
            spec.name, success: run.success, duration: run.observation.responseTime, status: run.observation.status, certificateExpiry: expiry, isDNS: isDNS)
        await keep([record], of: spec, latency: run.observation.connected ? run.observation.responseTime : nil)
    }

    /// Records runs the scheduler could not start: each one a failure of the probe.
    func recordMissedProbeRuns(_ spec: ProbeSpec, count: Int, reason: String) async {
        metrics.probeMissed(spec.name, count: count)
        let now = clock.now
        let records = (0..<count).map { _ in ProbeRunRecord(probe: spec.name, startedAt: now, success: false, missed: true, error: "missed: \(reason)") }
        await keep(records, of: spec, latency: nil)
    }

    /// A beat from a job (`POST /api/v1/heartbeats/{name}`): a passing run.
    /// - Returns: `nil` when `name` is not a heartbeat probe.
    func recordHeartbeat(_ name: String) async -> ProbeSpec? {
        let now = clock.now
        guard let spec = await probes.beat(name, at: now) else { return nil }
        metrics.recordProbe(spec.name, success: true, duration: nil, status: nil, certificateExpiry: nil, isDNS: false)
        await keep([ProbeRunRecord(probe: spec.name, startedAt: now, success: true)], of: spec, latency: nil)
        return spec
    }

    /// Replicated mode: a beat posted to another replica is in the store, not in this
    /// one's board. Before a heartbeat is called missed, the newest stored run is looked
    /// up; a passing one after `lastBeat` counts as the beat.
    /// - Returns: whether such a beat was found (and taken).
    func adoptStoredBeat(_ spec: ProbeSpec, after lastBeat: Date?) async -> Bool {
        guard replication != nil else { return false }
        guard let latest = try? await store.probeRuns(probe: spec.name, before: nil, limit: 1).first,
            latest.success, latest.startedAt > (lastBeat ?? .distantPast)
        else { return false }
        return await probes.beat(spec.name, at: latest.startedAt) != nil
    }

    /// A heartbeat that did not come in time: a failed run.
    func recordMissedHeartbeat(_ spec: ProbeSpec, lastBeat: Date?) async {
        metrics.recordProbe(spec.name, success: false, duration: nil, status: nil, certificateExpiry: nil, isDNS: false)
        let since = lastBeat.map { "since \(RFC3339.format($0))" } ?? "since the server started"
        await keep([ProbeRunRecord(probe: spec.name, startedAt: clock.now, success: false, error: "no heartbeat \(since)")], of: spec, latency: nil)
    }

    private func keep(_ records: [ProbeRunRecord], of spec: ProbeSpec, latency: Duration?) async {
        await probeRuns.add(records)
        for record in records {
            if let state = await probes.record(record) {
                logger.notice("probe \(state.rawValue)", metadata: ["probe": "\(spec.name)", "service": "\(spec.service)"])
            }
        }
        // The SLIs this probe feeds: a passing run is good; its response time is judged
        // by latency SLIs (only for runs that connected; a missed run has none).
        let indicators = await hotState.indicators(fedBy: spec.name)
        guard !indicators.isEmpty else { return }
        var sums: [String: MinuteDelta] = [:]
        for record in records {
            let minute = record.startedAt.epochMinute
            for indicator in indicators {
                var delta = MinuteDelta(sli: indicator.name, minute: minute, counts: .zero)
                switch indicator.kind {
                case .ratio:
                    delta.counts = EventCounts(good: record.success ? 1 : 0, valid: 1)
                case .latency(let threshold):
                    guard let latency else { continue }
                    delta.counts = EventCounts(good: latency <= threshold ? 1 : 0, valid: 1)
                    var digest = LatencyDigest()
                    digest.add(latency)
                    delta.latencies = digest
                }
                let key = "\(indicator.name)@\(minute)"
                if var existing = sums[key] {
                    existing.counts += delta.counts
                    sums[key] = existing
                } else {
                    sums[key] = delta
                }
            }
        }
        do {
            _ = try await writer.submit(IngestBatch(idempotencyKey: nil, deltas: Array(sums.values), eventCount: records.count), roundedDown: [])
        } catch {
            logger.error("probe events not stored", metadata: ["probe": "\(spec.name)", "error": "\(error)"])
        }
    }
}
