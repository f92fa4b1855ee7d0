import VigilCore

/// Resolves names across all documents (services, SLIs, policies) and builds the Core SLOs.
enum Resolver {
    /// The value of a block a configuration may give once (`server:`, `routing:`); a
    /// second one is an error naming the first.
    static func single<Value>(_ blocks: [Named<Value>], block: String) -> Value? {
        guard let first = blocks.first else { return nil }
        for extra in blocks.dropFirst() {
            extra.nameValue.error("a second \(block) block (the first is at \(first.nameValue.location)); keep one")
        }
        return first.value
    }

    static func resolve(_ declarations: Declarations, log: DiagnosticLog) -> VigilConfiguration {
        var configuration = VigilConfiguration()
        configuration.services = unique(declarations.services, kind: "service").map(\.value)
        for implied in declarations.impliedServices where !configuration.services.contains(where: { $0.name == implied.name }) {
            configuration.services.append(implied.value)
        }
        configuration.slis = unique(declarations.slis, kind: "SLI").map(\.value)
        configuration.alertPolicies = unique(declarations.policies, kind: "alert policy").map(\.value)
        configuration.receivers = unique(declarations.receivers, kind: "receiver").map(\.value)
        configuration.probes = unique(declarations.probes, kind: "probe").map(\.value)
        configuration.server = single(declarations.servers, block: "server") ?? configuration.server
        configuration.routing = single(declarations.routings, block: "routing")
        configuration.inhibitRules = single(declarations.inhibitRules, block: "inhibit_rules")
        configuration.incidents = single(declarations.incidentSettings, block: "incidents") ?? configuration.incidents
        configuration.teams = unique(declarations.teams, kind: "team").map(\.value)
        let knownServices = Set(declarations.services.map(\.name) + declarations.impliedServices.map(\.name))
        for (index, entry) in declarations.maintenance.enumerated() {
            if !knownServices.contains(entry.window.service) {
                entry.service.error("unknown service '\(entry.window.service)'\(Suggestion.hint(for: entry.window.service, among: knownServices))")
            }
            var window = entry.window
            window.id = "cfg-\(index + 1)"
            configuration.maintenance.append(window)
        }
        let severities = configuration.incidents.vocabulary.severities
        for value in declarations.routeSeverities {
            guard let severity = value.string(), !severities.contains(severity) else { continue }
            value.error(Suggestion.unknown("severity", severity, expected: severities))
        }
        OnCallParser.resolve(declarations.oncall, into: &configuration, routeReceivers: declarations.routeReceivers)

        let serviceNames = Set(configuration.services.map(\.name))
        for named in declarations.services {
            for (index, dependency) in named.value.dependsOn.enumerated() where !serviceNames.contains(dependency) {
                named.nameValue.log.error(
                    "unknown service '\(dependency)'\(Suggestion.hint(for: dependency, among: serviceNames))",
                    at: named.value.location ?? named.nameValue.location,
                    path: parentPath(of: named.nameValue) + ".depends_on[\(index)]")
            }
        }

        for value in declarations.probeServices {
            guard let service = value.string(), !serviceNames.contains(service) else { continue }
            let hint = Suggestion.hint(for: service, among: serviceNames)
            value.error("unknown service '\(service)'\(hint.isEmpty ? "; declare it under services:" : hint)")
        }

        let slis = Dictionary(configuration.slis.map { ($0.indicator.name, $0) }, uniquingKeysWith: { first, _ in first })
        let policies = Dictionary(configuration.alertPolicies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var inlineSLIs: [String: (ServiceLevelIndicator, SourceLocation)] = [:]
        let named = declarations.slos.filter { !$0.name.isEmpty }.map { Named(name: $0.name, value: $0, nameValue: $0.nameValue) }
        let slos = unique(named, kind: "SLO").map(\.value) + declarations.slos.filter(\.name.isEmpty)

        for declared in slos {
            if let serviceValue = declared.serviceValue, !serviceNames.contains(declared.service) {
                let hint = Suggestion.hint(for: declared.service, among: serviceNames)
                serviceValue.error("unknown service '\(declared.service)'\(hint.isEmpty ? "; declare it under services:" : hint)")
            }
            let indicator: ServiceLevelIndicator?
            switch declared.sli {
            case nil:
                indicator = nil
            case .named(let name, let value):
                indicator = slis[name]?.indicator
                if indicator == nil { value.error("unknown SLI '\(name)'\(Suggestion.hint(for: name, among: slis.keys))") }
            case .inline(let inline):
                indicator = inline
                if let declaredSLI = slis[inline.name], declaredSLI.indicator != inline {
                    declared.nameValue.error(
                        "its inline SLI '\(inline.name)' differs from the SLI of that name at \(declaredSLI.location.map(\.description) ?? "?"); refer to it by name or rename one"
                    )
                } else if let (other, location) = inlineSLIs[inline.name], other != inline {
                    declared.nameValue.error("its inline SLI '\(inline.name)' differs from the one defined at \(location); give one a different sli name")
                } else {
                    inlineSLIs[inline.name] = (inline, declared.location)
                }
            }
            var policy = BurnRatePolicy.standard(for: declared.window.nominalLength)
            if let name = declared.alerting.policy {
                if let spec = policies[name] {
                    policy = spec.policy(for: declared.window.nominalLength)
                } else {
                    declared.policyValue?.error("unknown alert policy '\(name)'\(Suggestion.hint(for: name, among: policies.keys))")
                }
            }
            policy.tiers.removeAll { ($0.severity == .page && !declared.alerting.page) || ($0.severity == .ticket && !declared.alerting.ticket) }
            guard let indicator, declared.isComplete else { continue }
            let objective = ServiceLevelObjective(
                name: declared.name, service: declared.service, sli: indicator, objective: declared.objective,
                window: declared.window, budgeting: declared.budgeting, alerting: policy,
                description: declared.description, labels: declared.labels,
                grouping: declared.groupBy.map { SLOGrouping(labels: $0, limit: declared.maxGroups ?? configuration.server.maxGroupsPerSLO) })
            configuration.slos.append(
                SLOSpec(objective: objective, alerting: declared.alerting, excludeMaintenance: declared.excludeMaintenance, location: declared.location))
        }
        checkProbeSources(configuration, declarations: declarations)
        configuration.statusPage = statusPage(declarations, configuration: configuration)
        configuration.releasePolicies = ReleasePolicyParser.resolve(
            declarations.releasePolicies, services: configuration.services, teams: configuration.teams)
        return configuration
    }

    /// The status page, its services and SLOs checked; each service without an `slo:`
    /// gets its first SLO (a grouped SLO's whole has no single series, so it is skipped).
    static func statusPage(_ declarations: Declarations, configuration: VigilConfiguration) -> StatusPageSettings? {
        guard var page = single(declarations.statusPages.map(\.page), block: "status_page") else { return nil }
        let (serviceValues, sloValues) = (declarations.statusPages[0].services, declarations.statusPages[0].slos)
        let serviceNames = Set(configuration.services.map(\.name))
        for value in serviceValues {
            guard let service = value.string(), !serviceNames.contains(service) else { continue }
            value.error("unknown service '\(service)'\(Suggestion.hint(for: service, among: serviceNames))")
        }
        var sloValuesLeft = sloValues[...]
        for index in page.services.indices {
            let entry = page.services[index]
            guard let slo = entry.slo else {
                page.services[index].slo = configuration.slos.first { $0.objective.service == entry.service && $0.objective.grouping == nil }?.name
                continue
            }
            let value = sloValuesLeft.popFirst()
            guard let spec = configuration.slo(named: slo) else {
                value?.error("unknown SLO '\(slo)'\(Suggestion.hint(for: slo, among: configuration.slos.map(\.name)))")
                continue
            }
            if spec.objective.service != entry.service {
                value?.error("SLO '\(slo)' belongs to service '\(spec.objective.service)', not '\(entry.service)'")
            } else if spec.objective.grouping != nil {
                value?.error("SLO '\(slo)' is grouped; name an SLO with one series for the uptime bars")
            }
        }
        return page
    }

    /// Every SLI fed by a probe names a probe that exists (and is not a heartbeat's
    /// latency: a heartbeat has no response time).
    static func checkProbeSources(_ configuration: VigilConfiguration, declarations: Declarations) {
        let probes = Dictionary(configuration.probes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func check(_ indicator: ServiceLevelIndicator, at location: SourceLocation?, path: String, log: DiagnosticLog) {
            guard case .probe(let name) = indicator.source else { return }
            guard let probe = probes[name] else {
                log.error(
                    "unknown probe '\(name)'\(Suggestion.hint(for: name, among: probes.keys))", at: location ?? SourceLocation(file: "?", line: 1, column: 1),
                    path: path)
                return
            }
            if case .heartbeat = probe.kind, case .latency = indicator.kind {
                log.error(
                    "probe '\(name)' is a heartbeat, which has no response time for a latency SLI",
                    at: location ?? SourceLocation(file: "?", line: 1, column: 1), path: path)
            }
        }
        for named in declarations.slis {
            check(named.value.indicator, at: named.value.location, path: parentPath(of: named.nameValue) + ".probe", log: named.nameValue.log)
        }
        for declared in declarations.slos {
            if case .inline(let indicator) = declared.sli {
                check(indicator, at: declared.location, path: parentPath(of: declared.nameValue) + ".sli.probe", log: declared.nameValue.log)
            }
        }
    }

    /// Keeps the first of each name; every later one is an error naming the first.
    static func unique<Value>(_ items: [Named<Value>], kind: String) -> [Named<Value>] {
        var first: [String: SourceLocation] = [:]
        var result: [Named<Value>] = []
        for item in items {
            let name = item.name
            if let location = first[name] {
                item.nameValue.error("duplicate \(kind) name '\(name)' (first defined at \(location))")
                continue
            }
            first[name] = item.nameValue.location
            result.append(item)
        }
        return result
    }

    /// `services[2]` for the value at `services[2].name`.
    static func parentPath(of value: ConfigValue) -> String {
        guard let dot = value.path.lastIndex(of: ".") else { return value.path }
        return String(value.path[..<dot])
    }
}
