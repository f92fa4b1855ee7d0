import Foundation
import VigilCore
import Yams

/// Reads Vigil's own YAML format (see docs/config.md).
enum NativeParser {
    static let topLevelKeys = [
        "services", "slis", "slos", "alert_policies", "receivers", "routing", "inhibit_rules", "probes", "server", "incidents", "teams", "maintenance",
        "status_page", "release_policies", "people", "schedules", "escalation_policies", "oncall",
    ]

    static func parse(_ document: ConfigValue) -> Declarations {
        var declarations = Declarations()
        guard let root = document.mapping(allowed: topLevelKeys) else { return declarations }
        for item in root["services"]?.sequence() ?? [] {
            if let service = service(item) { declarations.services.append(service) }
        }
        for item in root["slis"]?.sequence() ?? [] {
            if let sli = namedSLI(item) { declarations.slis.append(sli) }
        }
        for item in root["alert_policies"]?.sequence() ?? [] {
            if let policy = alertPolicy(item) { declarations.policies.append(policy) }
        }
        for item in root["receivers"]?.sequence() ?? [] {
            if let receiver = receiver(item) { declarations.receivers.append(receiver) }
        }
        if let routingValue = root["routing"],
            let route = RoutingParser.routing(routingValue, receiverReferences: &declarations.routeReceivers, severityReferences: &declarations.routeSeverities)
        {
            declarations.routings.append(Named(name: "routing", value: route, nameValue: routingValue))
        }
        if let rulesValue = root["inhibit_rules"], let items = rulesValue.sequence() {
            let rules = items.map(RoutingParser.inhibitRule)
            if !rules.contains(where: { $0 == nil }) {
                declarations.inhibitRules.append(Named(name: "inhibit_rules", value: rules.compactMap { $0 }, nameValue: rulesValue))
            }
        }
        for item in root["probes"]?.sequence() ?? [] {
            if let probe = ProbeParser.probe(item, serviceReferences: &declarations.probeServices) { declarations.probes.append(probe) }
        }
        for item in root["slos"]?.sequence() ?? [] {
            if let slo = slo(item) { declarations.slos.append(slo) }
        }
        if let incidentsValue = root["incidents"], let settings = IncidentParser.settings(incidentsValue) {
            declarations.incidentSettings.append(Named(name: "incidents", value: settings, nameValue: incidentsValue))
        }
        for item in root["maintenance"]?.sequence() ?? [] {
            if let window = IncidentParser.maintenance(item) { declarations.maintenance.append(window) }
        }
        for item in root["teams"]?.sequence() ?? [] {
            if let team = IncidentParser.team(item) { declarations.teams.append(team) }
        }
        if let pageValue = root["status_page"], let parsed = StatusPageParser.settings(pageValue) {
            declarations.statusPages.append((Named(name: "status_page", value: parsed.settings, nameValue: pageValue), parsed.serviceValues, parsed.sloValues))
        }
        for item in root["release_policies"]?.sequence() ?? [] {
            if let policy = ReleasePolicyParser.policy(item) { declarations.releasePolicies.append(policy) }
        }
        OnCallParser.parse(root, into: &declarations)
        if let serverValue = root["server"], let settings = server(serverValue) {
            declarations.servers.append(Named(name: "server", value: settings, nameValue: serverValue))
        }
        return declarations
    }

    // MARK: Services

    static func service(_ value: ConfigValue) -> Named<ServiceSpec>? {
        guard let map = value.mapping(allowed: ["name", "team", "tier", "description", "depends_on", "external"]),
            let nameValue = map.required("name"), let name = identifier(nameValue)
        else { return nil }
        var spec = ServiceSpec(name: name, location: value.location)
        spec.team = map["team"]?.string()
        spec.description = map["description"]?.string()
        spec.dependsOn = map["depends_on"]?.stringList() ?? []
        spec.external = map["external"]?.bool() ?? false
        if let tierValue = map["tier"], let tier = tierValue.integer() {
            if (1...4).contains(tier) { spec.tier = Int(tier) } else { tierValue.error("must be 1 (most critical) to 4, found \(tier)") }
        }
        return Named(name: name, value: spec, nameValue: nameValue)
    }

    /// Names of services, SLOs, SLIs, policies: letters, digits, `-`, `_`, `.`, so they
    /// stay safe in URLs, label values and file names.
    static func identifier(_ value: ConfigValue) -> String? {
        guard let text = value.string() else { return nil }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard text.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            value.error("'\(text)' may contain only letters, digits, '-', '_' and '.'")
            return nil
        }
        return text
    }

    // MARK: SLIs

    static let sliKeys = ["name", "kind", "threshold", "error_status", "prometheus", "probe", "description"]

    static func namedSLI(_ value: ConfigValue) -> Named<SLISpec>? {
        guard let map = value.mapping(allowed: sliKeys),
            let nameValue = map.required("name"), let name = identifier(nameValue),
            let indicator = indicator(map, name: name)
        else { return nil }
        return Named(
            name: name, value: SLISpec(indicator: indicator, description: map["description"]?.string(), location: value.location), nameValue: nameValue)
    }

    /// The kind, threshold and source of an SLI mapping.
    static func indicator(_ map: ConfigMapping, name: String) -> ServiceLevelIndicator? {
        var kind = SLIKind.ratio
        let kindName = map["kind"]?.string() ?? "ratio"
        switch kindName {
        case "ratio":
            if let threshold = map["threshold"] { threshold.error("only a latency SLI has a threshold") }
        case "latency":
            if let statuses = map["error_status"] { statuses.error("only a ratio SLI judges statuses; a latency SLI judges latency_ms") }
            guard let thresholdValue = map.required("threshold"), let threshold = thresholdValue.duration() else { return nil }
            guard threshold > .zero else {
                thresholdValue.error("must be more than 0")
                return nil
            }
            kind = .latency(threshold: threshold)
        default:
            map["kind"]?.error("unknown SLI kind '\(kindName)'; expected ratio or latency\(Suggestion.hint(for: kindName, among: ["ratio", "latency"]))")
            return nil
        }
        var source = SLISource.events
        if let prometheus = map["prometheus"] {
            guard let query = prometheusQuery(prometheus) else { return nil }
            source = .prometheus(query)
        }
        if let probeValue = map["probe"] {
            if map.has("prometheus") {
                probeValue.error("give prometheus or probe, not both")
                return nil
            }
            guard let probe = identifier(probeValue) else { return nil }
            source = .probe(probe)
        }
        var errorStatuses = StatusCodeSet.serverErrors
        if let statusesValue = map["error_status"] {
            guard let entries = statusesValue.sequence(), !entries.isEmpty else {
                statusesValue.error("expected a list of statuses such as [5xx, 429]")
                return nil
            }
            var ranges: [ClosedRange<Int>] = []
            for entry in entries {
                guard let text = entry.string() else { continue }
                if let range = StatusCodeSet.range(parsing: text) {
                    ranges.append(range)
                } else {
                    entry.error("expected a status class (5xx), a code (429) or a range (500-504), found '\(text)'")
                }
            }
            // Bad entries are logged (so the load fails) but the SLI still resolves, so
            // its SLOs are not also reported as naming an unknown SLI.
            errorStatuses = StatusCodeSet(ranges: ranges)
        }
        return ServiceLevelIndicator(name: name, kind: kind, source: source, errorStatuses: errorStatuses)
    }

    static func prometheusQuery(_ value: ConfigValue) -> PrometheusSLIQuery? {
        guard let map = value.mapping(allowed: ["error_query", "good_query", "total_query", "error_ratio_query", "histogram", "selector", "threshold"]) else {
            return nil
        }
        if let histogramValue = map["histogram"] {
            // A latency SLI from a histogram: good = the bucket at the threshold, valid = all.
            guard let metric = histogramValue.string(), let thresholdValue = map.required("threshold"), let threshold = thresholdValue.duration() else {
                return nil
            }
            if ["error_query", "good_query", "total_query", "error_ratio_query"].contains(where: map.has) {
                value.error("give histogram (with threshold) or queries, not both")
                return nil
            }
            let selector = map["selector"]?.string().map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "{} ")) } ?? ""
            let bound = PrometheusSLIQuery.bucketBound(threshold)
            let joined = selector.isEmpty ? "" : selector + ","
            return .goodOverTotal(
                good: "sum(rate(\(metric)_bucket{\(joined)le=\"\(bound)\"}[{{.window}}]))",
                total: "sum(rate(\(metric)_count\(selector.isEmpty ? "" : "{\(selector)}")[{{.window}}]))")
        }
        let error = map["error_query"]?.string()
        let good = map["good_query"]?.string()
        let total = map["total_query"]?.string()
        let ratio = map["error_ratio_query"]?.string()
        switch (error, good, total, ratio) {
        case (let error?, nil, let total?, nil): return .errorsOverTotal(errors: error, total: total)
        case (nil, let good?, let total?, nil): return .goodOverTotal(good: good, total: total)
        case (nil, nil, nil, let ratio?): return .errorRatio(ratio)
        default:
            value.error("give error_query and total_query, or good_query and total_query, or error_ratio_query alone")
            return nil
        }
    }

    // MARK: SLOs

    static let sloKeys = [
        "name", "service", "description", "sli", "objective", "window", "timeslices", "alerting", "labels", "group_by", "max_groups", "exclude_maintenance",
    ]

    static func slo(_ value: ConfigValue) -> DeclaredSLO? {
        guard let map = value.mapping(allowed: sloKeys) else { return nil }
        let nameValue = map.required("name")
        let name = nameValue.flatMap(identifier)
        let serviceValue = map.required("service")
        let service = serviceValue?.string()
        let sli = map.required("sli").flatMap { sliReference($0, sloName: name ?? "") }
        let objective = map.required("objective").flatMap(Self.objective)
        let window = map.required("window").flatMap(Self.window)
        let budgeting = map["timeslices"].map(timeslices) ?? .occurrences
        let (alerting, policyValue) = map["alerting"].map(Self.alerting) ?? (SLOAlertingSpec(), nil)
        let labels = map["labels"]?.stringMap() ?? [:]
        let description = map["description"]?.string()
        let groupBy = map["group_by"].flatMap(Self.groupLabels)
        var maxGroups: Int?
        if let limitValue = map["max_groups"], let limit = limitValue.count() {
            if map["group_by"] == nil { limitValue.error("max_groups needs group_by") }
            if limit >= 1 { maxGroups = Int(limit) } else { limitValue.error("must be at least 1") }
        }
        let isComplete =
            (map["group_by"] == nil || groupBy != nil) && name != nil && service != nil && sli != nil && objective != nil && window != nil && budgeting != nil
        return DeclaredSLO(
            name: name ?? "", nameValue: nameValue ?? value, service: service ?? "", serviceValue: service == nil ? nil : serviceValue,
            sli: sli, objective: objective ?? 0.5, window: window ?? .rolling(.seconds(86_400)), budgeting: budgeting ?? .occurrences,
            alerting: alerting, policyValue: policyValue, description: description, labels: labels,
            groupBy: groupBy, maxGroups: maxGroups, excludeMaintenance: map["exclude_maintenance"]?.bool() ?? false,
            location: value.location, isComplete: isComplete)
    }

    /// `group_by`: distinct label names as Prometheus spells them.
    static func groupLabels(_ value: ConfigValue) -> [String]? {
        guard let items = value.sequence() else { return nil }
        guard !items.isEmpty else {
            value.error("give at least one label, such as [route]")
            return nil
        }
        var labels: [String] = []
        for item in items {
            guard let label = item.string() else { return nil }
            let scalars = Array(label.unicodeScalars)
            let isName = scalars.enumerated().allSatisfy { index, scalar in
                scalar == "_" || (scalar.isASCII && (CharacterSet.letters.contains(scalar) || (index > 0 && CharacterSet.decimalDigits.contains(scalar))))
            }
            guard isName else {
                item.error("'\(label)' is not a label name (letters, digits and '_', not starting with a digit)")
                return nil
            }
            guard !labels.contains(label) else {
                item.error("label '\(label)' is listed twice")
                return nil
            }
            labels.append(label)
        }
        return labels
    }

    static func sliReference(_ value: ConfigValue, sloName: String) -> DeclaredSLO.SLIReference? {
        if case .scalar = value.node {
            guard let name = identifier(value) else { return nil }
            return .named(name, value)
        }
        guard let map = value.mapping(allowed: sliKeys) else { return nil }
        let name = map["name"].flatMap(identifier) ?? sloName
        return indicator(map, name: name).map { .inline($0) }
    }

    /// A target strictly between 0 and 1; a percentage gets a hint.
    static func objective(_ value: ConfigValue) -> Double? {
        guard let number = value.double() else { return nil }
        if number > 0 && number < 1 { return number }
        if number > 1 && number < 100 {
            let ratio = (number / 100 * 1e9).rounded() / 1e9
            value.error("objective must be a ratio between 0 and 1, found \(formatted(number)); did you mean \(formatted(ratio))?")
        } else if number == 1 || number == 100 {
            value.error("an objective of 100% leaves no error budget; use at most 0.99999")
        } else {
            value.error("objective must be a ratio between 0 and 1 (e.g. 0.999), found \(formatted(number))")
        }
        return nil
    }

    static func formatted(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    }

    static func window(_ value: ConfigValue) -> ComplianceWindow? {
        if case .scalar = value.node {
            return value.wholeMinutes().map { .rolling($0) }
        }
        guard let map = value.mapping(allowed: ["calendar", "time_zone"]) else { return nil }
        var period: CalendarPeriod?
        if let periodValue = map.required("calendar"), let periodName = periodValue.string() {
            period = CalendarPeriod(rawValue: periodName)
            if period == nil {
                periodValue.error(
                    "unknown calendar period '\(periodName)'; expected week or month\(Suggestion.hint(for: periodName, among: ["week", "month"]))")
            }
        }
        var zone = TimeZone(identifier: "UTC")
        if let zoneValue = map["time_zone"], let zoneName = zoneValue.string() {
            zone = TimeZone(identifier: zoneName)
            if zone == nil { zoneValue.error("unknown time zone '\(zoneName)' (use an IANA name such as Europe/Berlin)") }
        }
        guard let period, let zone else { return nil }
        return .calendar(period, zone)
    }

    static func timeslices(_ value: ConfigValue) -> BudgetingMethod? {
        guard let map = value.mapping(allowed: ["slice", "target"]),
            let slice = map.required("slice")?.wholeMinutes(),
            let targetValue = map.required("target"), let target = targetValue.double()
        else { return nil }
        guard target > 0 && target <= 1 else {
            targetValue.error("a slice's target is a ratio in (0, 1], found \(formatted(target))")
            return nil
        }
        return .timeslices(slice: slice, target: target)
    }

    static func alerting(_ value: ConfigValue) -> (SLOAlertingSpec, ConfigValue?) {
        var spec = SLOAlertingSpec()
        guard let map = value.mapping(allowed: ["policy", "runbook", "page", "ticket", "name", "labels", "annotations", "page_labels", "ticket_labels"]) else {
            return (spec, nil)
        }
        spec.policy = map["policy"]?.string()
        if let runbookValue = map["runbook"], let runbook = runbookValue.string() {
            if URL(string: runbook)?.scheme == nil { runbookValue.error("runbook must be a URL, found '\(runbook)'") }
            spec.runbook = runbook
        }
        spec.page = map["page"]?.bool() ?? true
        spec.ticket = map["ticket"]?.bool() ?? true
        spec.name = map["name"]?.string()
        spec.labels = map["labels"]?.stringMap() ?? [:]
        spec.annotations = map["annotations"]?.stringMap() ?? [:]
        spec.pageLabels = map["page_labels"]?.stringMap() ?? [:]
        spec.ticketLabels = map["ticket_labels"]?.stringMap() ?? [:]
        return (spec, map["policy"])
    }

    // MARK: Alert policies

    static func alertPolicy(_ value: ConfigValue) -> Named<AlertPolicySpec>? {
        guard let map = value.mapping(allowed: ["name", "window_scaling", "min_events", "burn_lookback", "exhaustion", "tiers"]),
            let nameValue = map.required("name"), let name = identifier(nameValue)
        else { return nil }
        var spec = AlertPolicySpec(name: name)
        spec.location = value.location
        if let scalingValue = map["window_scaling"], let scalingName = scalingValue.string() {
            if let scaling = BurnRatePolicy.WindowScaling(rawValue: scalingName) {
                spec.scaling = scaling
            } else {
                let options = BurnRatePolicy.WindowScaling.allCases.map(\.rawValue)
                scalingValue.error(
                    "unknown window scaling '\(scalingName)'; expected \(options.joined(separator: " or "))\(Suggestion.hint(for: scalingName, among: options))"
                )
            }
        }
        spec.minEvents = map["min_events"]?.count() ?? 0
        spec.burnLookback = map["burn_lookback"]?.wholeMinutes() ?? .seconds(3600)
        if let exhaustionValue = map["exhaustion"] { spec.exhaustion = exhaustion(exhaustionValue) }
        if let tiersValue = map["tiers"], let items = tiersValue.sequence() {
            if items.isEmpty { tiersValue.error("give at least one tier, or leave tiers out for the Workbook's four") }
            spec.tiers = items.compactMap(tier)
        }
        return Named(name: name, value: spec, nameValue: nameValue)
    }

    static func severity(_ value: ConfigValue) -> TierSeverity? {
        guard let text = value.string() else { return nil }
        guard let severity = TierSeverity(rawValue: text) else {
            value.error("unknown severity '\(text)'; expected page or ticket\(Suggestion.hint(for: text, among: ["page", "ticket"]))")
            return nil
        }
        return severity
    }

    static func exhaustion(_ value: ConfigValue) -> ExhaustionAlert? {
        guard let map = value.mapping(allowed: ["within", "severity", "min_events"]),
            let horizon = map.required("within")?.wholeMinutes()
        else { return nil }
        let severity = map["severity"].flatMap(Self.severity) ?? .ticket
        return ExhaustionAlert(horizon: horizon, severity: severity, minEvents: map["min_events"]?.count() ?? 0)
    }

    static func tier(_ value: ConfigValue) -> TierSpec? {
        guard let map = value.mapping(allowed: ["name", "severity", "long_window", "short_window", "factor", "budget_share", "min_events", "for"]) else {
            return nil
        }
        let name = map.required("name")?.string()
        let severity = map.required("severity").flatMap(Self.severity)
        let long = map.required("long_window")?.wholeMinutes()
        let short = map.required("short_window")?.wholeMinutes()
        var rate: TierSpec.Rate?
        switch (map["factor"], map["budget_share"]) {
        case (let factorValue?, nil):
            if let factor = factorValue.double() {
                if factor > 0 { rate = .factor(factor) } else { factorValue.error("must be more than 0") }
            }
        case (nil, let shareValue?):
            if let share = shareValue.double() {
                if share > 0 && share <= 1 {
                    rate = .budgetShare(share)
                } else {
                    shareValue.error("a share of the budget lies in (0, 1], found \(formatted(share))")
                }
            }
        case (_?, _?): value.error("give factor or budget_share, not both")
        case (nil, nil): value.error("give factor (a burn rate) or budget_share (e.g. 0.02)")
        }
        if let long, let short, short >= long {
            map["short_window"]?.error("the short window (\(short.compactDescription)) must be shorter than the long window (\(long.compactDescription))")
            return nil
        }
        let holdFor = map["for"]?.wholeMinutes()
        if let holdFor, let long, holdFor >= long {
            map["for"]?.error(
                "a tier that must hold for \(holdFor.compactDescription) cannot fire within its long window (\(long.compactDescription)); use a shorter for")
            return nil
        }
        guard let name, let severity, let long, let short, let rate else { return nil }
        var tier = TierSpec(name: name, severity: severity, longWindow: long, shortWindow: short, rate: rate, minEvents: map["min_events"]?.count())
        tier.holdFor = holdFor
        return tier
    }

    // MARK: Server

    static func server(_ value: ConfigValue) -> ServerSettings? {
        guard let map = value.mapping(allowed: ["listen", "external_url", "evaluation_interval", "retention", "read_auth", "tokens", "limits", "prometheus"])
        else { return nil }
        var settings = ServerSettings()
        settings.location = value.location
        settings.externalURL = map["external_url"].flatMap(httpURL)
        if let listenValue = map["listen"], let listen = listenValue.string() {
            let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, let port = Int(parts[1]), (0...65_535).contains(port), !parts[0].isEmpty {
                settings.host = String(parts[0])
                settings.port = port
            } else {
                listenValue.error("expected HOST:PORT such as 127.0.0.1:\(ServerSettings.defaultPort), found '\(listen)'")
            }
        }
        if let interval = map["evaluation_interval"]?.duration() {
            if interval >= .seconds(1) { settings.evaluationInterval = interval } else { map["evaluation_interval"]?.error("must be at least 1s") }
        }
        if let retentionValue = map["retention"] { retention(retentionValue, into: &settings) }
        if let authValue = map["read_auth"], let auth = authValue.string() {
            if let mode = ServerSettings.ReadAuth(rawValue: auth) {
                settings.readAuth = mode
            } else {
                authValue.error("expected open or token, found '\(auth)'\(Suggestion.hint(for: auth, among: ["open", "token"]))")
            }
        }
        settings.tokens = (map["tokens"]?.sequence() ?? []).compactMap(token)
        if let prometheusValue = map["prometheus"] { settings.prometheus = prometheusSource(prometheusValue) }
        if let limits = map["limits"]?.mapping(allowed: ["max_body_bytes", "max_batch_events", "max_future", "max_groups_per_slo", "max_concurrent_probes"]) {
            if let probes = limits["max_concurrent_probes"]?.count() {
                if probes >= 1 { settings.maxConcurrentProbes = Int(probes) } else { limits["max_concurrent_probes"]?.error("must be at least 1") }
            }
            if let groups = limits["max_groups_per_slo"]?.count() {
                if groups >= 1 { settings.maxGroupsPerSLO = Int(groups) } else { limits["max_groups_per_slo"]?.error("must be at least 1") }
            }
            if let bytes = limits["max_body_bytes"]?.count() { settings.maxBodyBytes = Int(bytes) }
            if let events = limits["max_batch_events"]?.count() { settings.maxBatchEvents = Int(events) }
            if let future = limits["max_future"]?.duration() { settings.maxFuture = future }
        }
        return settings
    }

    /// `prometheus: {url: http://127.0.0.1:9090, timeout: 10s, interval: 30s}`.
    static func prometheusSource(_ value: ConfigValue) -> PrometheusSource? {
        guard let map = value.mapping(allowed: ["url", "timeout", "interval"]) else { return nil }
        // Every field is read, so one pass reports every mistake.
        let url = map.required("url").flatMap(httpURL)
        var source = PrometheusSource(url: url.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "")
        if let timeoutValue = map["timeout"], let timeout = timeoutValue.duration() {
            if timeout >= .seconds(1) { source.timeout = timeout } else { timeoutValue.error("must be at least 1s") }
        }
        if let intervalValue = map["interval"], let interval = intervalValue.duration() {
            if interval >= .seconds(5) { source.interval = interval } else { intervalValue.error("must be at least 5s") }
        }
        return url == nil ? nil : source
    }

    /// `retention: 35d` (minute data) or `retention: {minutes: 35d, hours: 400d}`.
    static func retention(_ value: ConfigValue, into settings: inout ServerSettings) {
        if case .scalar = value.node {
            if let minutes = value.wholeMinutes() {
                settings.retention = minutes
                settings.hourlyRetention = max(settings.hourlyRetention, minutes)
            }
        } else if let map = value.mapping(allowed: ["minutes", "hours"]) {
            if let minutes = map["minutes"]?.wholeMinutes() { settings.retention = minutes }
            if let hours = map["hours"]?.wholeMinutes() { settings.hourlyRetention = hours }
        }
        if settings.hourlyRetention < settings.retention {
            value.error(
                "hourly data (\(settings.hourlyRetention.compactDescription)) must be kept at least as long as minute data (\(settings.retention.compactDescription))"
            )
        }
    }

    static func token(_ value: ConfigValue) -> TokenSpec? {
        guard let map = value.mapping(allowed: ["name", "sha256", "hash", "scopes"]) else { return nil }
        let name = map.required("name").flatMap(identifier)
        let hash = tokenHash(map, value)
        var scopes: Set<TokenScope> = []
        if let scopesValue = map.required("scopes"), let names = scopesValue.stringList() {
            for scopeName in names {
                if let scope = TokenScope(rawValue: scopeName) {
                    scopes.insert(scope)
                } else {
                    scopesValue.error(
                        "unknown scope '\(scopeName)'; expected ingest, write or admin\(Suggestion.hint(for: scopeName, among: TokenScope.allCases.map(\.rawValue)))"
                    )
                }
            }
            if names.isEmpty { scopesValue.error("give at least one scope: ingest, write or admin") }
        }
        guard let name, let hash, !scopes.isEmpty else { return nil }
        return TokenSpec(name: name, hash: hash, scopes: scopes)
    }

    /// A token's `hash:` (scrypt, salted; what `vigil token new` writes) or `sha256:` (the
    /// first form, still read): exactly one of them.
    static func tokenHash(_ map: ConfigMapping, _ value: ConfigValue) -> TokenHash? {
        switch (map["hash"], map["sha256"]) {
        case (let hashValue?, nil):
            guard let text = hashValue.string() else { return nil }
            switch ScryptHash.parse(text) {
            case .success(let hash): return .scrypt(hash)
            case .failure(let error):
                hashValue.error("not a token hash Vigil reads: \(error.message)")
                return nil
            }
        case (nil, let hashValue?):
            guard let hex = hashValue.string() else { return nil }
            guard let digest = hexBytes(hex), digest.count == 32 else {
                hashValue.error("expected the token's SHA-256 as 64 hex digits (or a salted `hash:` from `vigil token new`)")
                return nil
            }
            return .sha256(digest)
        case (_?, let second?):
            second.error("give the token's hash once: `hash:` (from `vigil token new`) or the older `sha256:`, not both")
            return nil
        case (nil, nil):
            value.error("missing required field 'hash' (the token's salted hash from `vigil token new`; the older `sha256:` is also read)")
            return nil
        }
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let characters = Array(text.lowercased().utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let byte = UInt8(String(decoding: characters[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    // MARK: Receivers

    static func receiver(_ value: ConfigValue) -> Named<ReceiverSpec>? {
        let kinds = ["webhook", "slack", "alertmanager", "email", "sms", "voice"]
        guard let map = value.mapping(allowed: ["name", "send_resolved", "retry_for"] + kinds),
            let nameValue = map.required("name"), let name = identifier(nameValue)
        else { return nil }
        let present = kinds.filter { map.has($0) }
        guard present.count == 1, let kindName = present.first, let body = map[kindName] else {
            value.error(present.isEmpty ? "give one of \(kinds.joined(separator: ", "))" : "give only one of \(present.joined(separator: ", "))")
            return nil
        }
        var kind: ReceiverSpec.Kind?
        switch kindName {
        case "webhook":
            if let m = body.mapping(allowed: ["url", "secret"]), let url = m.required("url").flatMap(httpURL) {
                kind = .webhook(url: url, secret: m["secret"]?.string())
            }
        case "slack":
            if let m = body.mapping(allowed: ["url"]), let url = m.required("url").flatMap(httpURL) { kind = .slack(url: url) }
        case "alertmanager":
            if let m = body.mapping(allowed: ["url"]), let url = m.required("url").flatMap(httpURL) { kind = .alertmanager(url: url) }
        case "sms", "voice":
            kind = OnCallParser.textGateway(body, voice: kindName == "voice")
        default:
            kind = email(body).map { .email($0) }
        }
        guard let kind else { return nil }
        var spec = ReceiverSpec(name: name, kind: kind, location: value.location)
        spec.sendResolved = map["send_resolved"]?.bool() ?? true
        if let retryValue = map["retry_for"], let retry = retryValue.duration() {
            if retry < .seconds(60) { retryValue.error("must be at least 1m, found \(retry.compactDescription)") } else { spec.retryFor = retry }
        }
        return Named(name: name, value: spec, nameValue: nameValue)
    }

    /// An SMTP block; `recipients: false` reads one without `to` (on-call email, which
    /// sends to each person's address).
    static func email(_ body: ConfigValue, recipients: Bool = true) -> EmailReceiver? {
        let keys = ["from", "smarthost", "username", "password", "require_tls", "insecure_skip_verify"] + (recipients ? ["to"] : [])
        guard let m = body.mapping(allowed: keys), let to = recipients ? m.required("to")?.stringList() : [], let from = m.required("from")?.string(),
            let hostValue = m.required("smarthost"), let host = hostValue.string()
        else { return nil }
        let parts = host.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65_535).contains(port) else {
            hostValue.error("smarthost must be host:port, found '\(host)'")
            return nil
        }
        var email = EmailReceiver(to: to, from: from, smarthost: host)
        email.username = m["username"]?.string()
        email.password = m["password"]?.string()
        if (email.username == nil) != (email.password == nil) {
            (m["username"] ?? m["password"] ?? body).error("give username and password together")
            return nil
        }
        email.requireTLS = m["require_tls"]?.bool() ?? true
        email.insecureSkipVerify = m["insecure_skip_verify"]?.bool() ?? false
        return email
    }

    static func httpURL(_ value: ConfigValue) -> String? {
        guard let text = value.string() else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            value.error("expected an http(s) URL, found '\(text)'")
            return nil
        }
        return text
    }
}
