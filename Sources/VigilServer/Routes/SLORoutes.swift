import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilIngest
import VigilReports
import VigilStore

/// `GET /api/v1/slos` and `GET /api/v1/slos/{name}`.
enum SLORoutes {
    /// Every SLO's current status, in configuration order, optionally for one service;
    /// the cursor is the last SLO name of the previous page.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let service = request.uri.queryParameters.get("service")
        let report = await runtime.hotState.report()
        var entries = report.entries.filter { service == nil || $0.spec.objective.service == service }
        if let cursor = page.cursor {
            // A cursor naming an SLO no longer configured is a 404, as Stripe answers a
            // `starting_after` that names nothing: the client starts over.
            guard let index = entries.firstIndex(where: { $0.name == cursor }) else {
                throw APIError.notFound("the cursor names no configured SLO ('\(cursor)'); list again without a cursor")
            }
            entries = Array(entries[(index + 1)...])
        }
        let (shown, next) = page.slice(entries, cursor: \.name)
        var json = JSONWriter(capacity: 2048 * shown.count + 128)
        json.object { json in
            json.field("evaluated_at", Formatting.timestamp(report.evaluatedAt))
            json.key("slos")
            json.array { json in for entry in shown { API.SLODocument(entry).write(to: &json) } }
            if let next { json.field("next_cursor", next) }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    static let maximumPoints = 2000
    /// The longest series the detail answers: a year and a day (a 90-day window looked at
    /// over a year, with room to spare).
    static let maximumRangeMinutes: Int64 = 366 * 1440

    /// One SLO: its status, its alerts and a downsampled series for charts
    /// (`from`, `to` as RFC 3339, `step` as a duration; default the last 24 h by 1 h).
    static func detail(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let report = await runtime.hotState.report()
        // Read before anything else, so a bad range is refused for any SLO, grouped too.
        let (from, to, step) = try range(request, now: report.evaluatedAt)
        let entry: SLOReport.Entry
        switch try await resolve(request, context, runtime, report: report) {
        case .instance(let found):
            entry = found
        case .grouped(let name, let grouping, let instances):
            let state = await runtime.hotState.grouping(of: name)
            return try JSONResponse.make(
                API.GroupedSLODetail(
                    evaluatedAt: Formatting.timestamp(report.evaluatedAt), name: name, groupBy: grouping.labels,
                    maxGroups: grouping.limit, limitReached: state.isFull, overflowedEvents: state.overflowedEvents,
                    instances: instances.map(API.SLODocument.init)))
        }
        let slo = entry.spec.objective
        let budgeted = await budgeted(entry, runtime, from: from, to: to)
        var latencies: [EpochMinute: LatencyDigest] = [:]
        if case .latency = slo.sli.kind {
            latencies = try await runtime.store.latencies(series: entry.instance.seriesKey ?? slo.sli.name, from: from, to: to)
        }
        var points: [API.SLOPoint] = []
        var start = from
        while start < to {
            let end = min(start + step, to)
            let counts = budgeted.counts(from: start, to: end)
            let window = slo.window.span(endingAt: end)
            let remaining = slo.budget.remaining(budgeted.counts(from: window.start, to: window.end))
            var latency: API.LatencyPercentiles?
            if !latencies.isEmpty {
                var digest = LatencyDigest()
                for minute in start..<end { if let kept = latencies[minute] { digest.merge(kept) } }
                latency = API.LatencyPercentiles(digest)
            }
            points.append(
                API.SLOPoint(
                    time: Formatting.timestamp(start), good: counts.good, valid: counts.valid, sli: counts.ratio,
                    budgetRemaining: remaining, latency: latency))
            start = end
        }
        let alerts = await runtime.hotState.alerts(for: entry.name).map {
            API.SLOAlertState(tier: $0.tier, state: $0.status.state.rawValue, since: Formatting.timestamp($0.status.since))
        }
        let series = API.SLOSeries(from: Formatting.timestamp(from), to: Formatting.timestamp(to), stepSeconds: step * 60, points: points)
        return try JSONResponse.make(
            API.SLODetail(evaluatedAt: Formatting.timestamp(report.evaluatedAt), slo: API.SLODocument(entry), alerts: alerts, series: series))
    }

    /// What an SLO path (and for a grouped SLO, its `group` parameters) names.
    enum Resolution {
        case instance(SLOReport.Entry)
        /// A grouped SLO named without an instance: its instances so far.
        case grouped(name: String, grouping: SLOGrouping, instances: [SLOReport.Entry])
    }

    /// Finds the SLO (404 with a hint when there is none) and the instance asked for.
    static func resolve(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, report: SLOReport) async throws -> Resolution {
        let configuration = await runtime.hotState.configuration
        let name = context.parameters.decoded("name")
        guard let spec = configuration.slo(named: name) else {
            throw APIError.notFound("no SLO named '\(name)'\(Suggestion.hint(for: name, among: configuration.slos.map(\.name)))")
        }
        let instances = report.entries.filter { $0.spec.name == name }
        // `group` takes one value whether or not the SLO is grouped: a typo is an error.
        _ = try choiceParameter(request, "group", ["other"])
        guard let grouping = spec.objective.grouping else {
            guard let only = instances.first else { throw APIError.notFound("SLO '\(name)' was not evaluated") }
            return .instance(only)
        }
        guard let wanted = try groupSelection(request, grouping: grouping) else {
            return .grouped(name: name, grouping: grouping, instances: instances.filter { $0.instance.group != nil })
        }
        guard let found = instances.first(where: { $0.instance.group == wanted }) else {
            throw APIError.notFound("SLO '\(name)' has no instance \(SLOInstance(slo: name, group: wanted).name(labels: grouping.labels)) yet")
        }
        return .instance(found)
    }

    /// `GET /api/v1/slos/{name}/evaluations`: the hourly snapshots of one instance,
    /// newest first; the cursor is the hour of the last one shown.
    static func evaluations(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let report = await runtime.hotState.report()
        guard case .instance(let entry) = try await resolve(request, context, runtime, report: report) else {
            throw APIError.invalid("query", "this SLO is grouped: name an instance with group.<label>=value (or group=other)", field: "group")
        }
        let (shown, next) = try await page.fetch(
            { try await runtime.store.evaluations(instance: entry.name, before: cursor, limit: $0) },
            cursor: { String($0.minute - $0.minute % 60) })
        return try JSONResponse.make(API.EvaluationList(instance: entry.name, evaluations: shown.map(API.EvaluationDocument.init), nextCursor: next))
    }

    /// The instance a grouped SLO's detail names with `group.<label>=value` for each of
    /// its labels, or `group=other` for the overflow; `nil` when none is named.
    static func groupSelection(_ request: Request, grouping: SLOGrouping) throws(APIError) -> SLOInstance.Group? {
        let query = request.uri.queryParameters
        if try choiceParameter(request, "group", ["other"]) != nil { return .overflow }
        let values = grouping.labels.map { query.get("group.\($0)") }
        if values.allSatisfy({ $0 == nil }) { return nil }
        if let missing = zip(grouping.labels, values).first(where: { $0.1 == nil }) {
            throw .badRequest("name every label of the group: group.\(missing.0) is missing", field: "group.\(missing.0)")
        }
        return .values(values.map { $0! })
    }

    /// The series an entry's budget counts from `from` (and the compliance window before
    /// it) to `to`, exactly as the report evaluates it (``HotState/budgeted(_:series:from:to:)``).
    static func budgeted(_ entry: SLOReport.Entry, _ runtime: VigilRuntime, from: EpochMinute, to: EpochMinute) async -> BucketSeries {
        let slo = entry.spec.objective
        let start = min(from, slo.window.span(endingAt: from).start)
        return await runtime.hotState.budgeted(entry.spec, series: entry.instance.seriesKey ?? slo.sli.name, from: start, to: to)
    }

    /// `from`, `to` (minutes) and `step` (in minutes) from the query.
    static func range(_ request: Request, now: EpochMinute) throws(APIError) -> (EpochMinute, EpochMinute, EpochMinute) {
        let query = request.uri.queryParameters
        func time(_ name: String) throws(APIError) -> EpochMinute? {
            guard let text = query.get(name) else { return nil }
            guard let date = RFC3339.parse(text) else { throw .badRequest("\(name) must be an RFC 3339 time", field: name) }
            guard RFC3339.recordable.contains(date) else {
                throw .invalid("range", "\(name) must be a time \(RFC3339.recordableDescription)", field: name)
            }
            return date.epochMinute
        }
        let to = try time("to") ?? now
        let from = try time("from") ?? (to - 1440)
        // Each is a valid time: the two together asking for nothing is a 422, not a 400.
        guard from < to else { throw .invalid("range", "from must be before to", field: "from") }
        // Budgeting by timeslices walks the range minute by minute: a bound keeps one
        // request from holding the server for decades of minutes.
        guard to - from <= maximumRangeMinutes else {
            throw .invalid("range", "a series spans at most \(maximumRangeMinutes / 1440) days; narrow from and to", field: "from")
        }
        var step = max(1, (to - from) / 24)
        if let text = query.get("step") {
            guard let duration = try? Duration(parsing: text), duration.wholeMinutes >= 1 else {
                throw .badRequest("step must be a duration of at least 1m, such as 5m or 1h", field: "step")
            }
            step = duration.wholeMinutes
        }
        // A range that would take more points than a chart can show gets a wider step
        // (the answer's `step_seconds` says which), as Grafana widens its interval.
        step = max(step, (to - from + Int64(maximumPoints) - 1) / Int64(maximumPoints))
        return (from, to, step)
    }
}

extension API.EvaluationDocument {
    init(_ record: EvaluationRecord) {
        self.init(
            time: Formatting.timestamp(record.minute), objective: record.objective, good: record.counts.good, valid: record.counts.valid,
            sli: record.sli, budgetRemaining: record.budgetRemaining, burnRate: record.burnRate, output: record.output)
    }
}
