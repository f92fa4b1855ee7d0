import VigilCore

/// Reads a Sloth `prometheus/v1` spec (https://sloth.dev) into Vigil's model.
///
/// Sloth objectives are percentages (99.9) and Vigil's ratios (0.999). A Sloth SLO's id
/// is `<service>-<name>`, which becomes the Vigil SLO name, so two services may both have
/// an SLO called `requests-availability` as they may in Sloth. The compliance window is
/// Sloth's default, 30 days, with the Workbook's tiers; `page_alert.disable` and
/// `ticket_alert.disable` switch tiers off.
enum SlothImporter {
    /// Sloth's default SLO period.
    static let defaultWindow = ComplianceWindow.rolling(.seconds(30 * 86_400))

    static func parse(_ document: ConfigValue) -> Declarations {
        var declarations = Declarations()
        guard let root = document.mapping(allowed: ["version", "service", "labels", "slos"]),
            let serviceValue = root.required("service"), let service = NativeParser.identifier(serviceValue)
        else { return declarations }
        let labels = root["labels"]?.stringMap() ?? [:]
        declarations.impliedServices.append(
            Named(
                name: service, value: ServiceSpec(name: service, team: labels["owner"] ?? labels["team"], location: serviceValue.location),
                nameValue: serviceValue))
        for item in root.required("slos")?.sequence() ?? [] {
            if let slo = slo(item, service: service, serviceValue: serviceValue, serviceLabels: labels) {
                declarations.slos.append(slo)
            }
        }
        return declarations
    }

    static func slo(_ value: ConfigValue, service: String, serviceValue: ConfigValue, serviceLabels: [String: String]) -> DeclaredSLO? {
        guard let map = value.mapping(allowed: ["name", "objective", "description", "labels", "sli", "alerting"]) else { return nil }
        let nameValue = map.required("name")
        let name = nameValue.flatMap(NativeParser.identifier)
        let objective = map.required("objective").flatMap(percentObjective)
        let query = map.required("sli").flatMap(sliQuery)
        let alerting = map["alerting"].map(Self.alerting) ?? SLOAlertingSpec()
        guard let nameValue, let name, let objective, let query else { return nil }
        let id = "\(service)-\(name)"
        return DeclaredSLO(
            name: id, nameValue: nameValue, service: service, serviceValue: serviceValue,
            sli: .inline(ServiceLevelIndicator(name: id, kind: .ratio, source: .prometheus(query))),
            objective: objective, window: defaultWindow, budgeting: .occurrences,
            alerting: alerting, policyValue: nil, description: map["description"]?.string(),
            labels: serviceLabels.merging(map["labels"]?.stringMap() ?? [:]) { _, slo in slo },
            location: value.location)
    }

    /// Sloth objectives are percentages in (0, 100).
    static func percentObjective(_ value: ConfigValue) -> Double? {
        guard let percent = value.double() else { return nil }
        guard percent > 0 && percent < 100 else {
            value.error("a Sloth objective is a percentage in (0, 100), found \(NativeParser.formatted(percent))")
            return nil
        }
        return (percent / 100 * 1e12).rounded() / 1e12
    }

    static func sliQuery(_ value: ConfigValue) -> PrometheusSLIQuery? {
        guard let map = value.mapping(allowed: ["events", "raw", "plugin"]) else { return nil }
        if let events = map["events"], let m = events.mapping(allowed: ["error_query", "total_query"]),
            let errors = m.required("error_query")?.string(), let total = m.required("total_query")?.string()
        {
            return .errorsOverTotal(errors: errors, total: total)
        }
        if let raw = map["raw"], let m = raw.mapping(allowed: ["error_ratio_query"]),
            let ratio = m.required("error_ratio_query")?.string()
        {
            return .errorRatio(ratio)
        }
        if let plugin = map["plugin"] {
            plugin.error("Sloth SLI plugins run Go code Vigil cannot load; write the plugin's queries as sli.events or sli.raw")
        } else if !map.has("events") && !map.has("raw") {
            value.error("give sli.events (error_query, total_query) or sli.raw (error_ratio_query)")
        }
        return nil
    }

    static func alerting(_ value: ConfigValue) -> SLOAlertingSpec {
        var spec = SLOAlertingSpec()
        guard let map = value.mapping(allowed: ["name", "labels", "annotations", "page_alert", "ticket_alert"]) else { return spec }
        spec.name = map["name"]?.string()
        spec.labels = map["labels"]?.stringMap() ?? [:]
        spec.annotations = map["annotations"]?.stringMap() ?? [:]
        spec.runbook = spec.annotations["runbook"] ?? spec.annotations["runbook_url"]
        for (key, isPage) in [("page_alert", true), ("ticket_alert", false)] {
            guard let alert = map[key]?.mapping(allowed: ["disable", "labels", "annotations"]) else { continue }
            let enabled = !(alert["disable"]?.bool() ?? false)
            let labels = alert["labels"]?.stringMap() ?? [:]
            if isPage {
                spec.page = enabled
                spec.pageLabels = labels
            } else {
                spec.ticket = enabled
                spec.ticketLabels = labels
            }
        }
        return spec
    }
}
