import Foundation
import VigilCore

/// Reads OpenSLO v1 objects (`Service`, `SLI`, `SLO`, `AlertPolicy`, `AlertCondition`)
/// into Vigil's model.
///
/// What maps: ratio SLIs whose metric source is Prometheus (`good`/`bad` over `total`, or
/// a raw ratio), rolling windows and calendar weeks/months, Occurrences and Timeslices
/// budgeting, burn-rate alert conditions. An OpenSLO burn-rate condition has one
/// `lookbackWindow`; Vigil pairs it with a short window of 1/12 of it (the Workbook's
/// ratio) so the alert still resets quickly. What does not map (threshold metrics,
/// RatioTimeslices, composite SLOs, non-Prometheus sources) is an error that says so.
enum OpenSLOImporter {
    static let objectKeys = ["apiVersion", "kind", "metadata", "spec"]
    static let metadataKeys = ["name", "displayName", "labels", "annotations"]

    static func parse(_ documents: [ConfigValue]) -> Declarations {
        var declarations = Declarations()
        var conditions: [String: (TierSpec, ConfigValue)] = [:]
        var pendingPolicies: [(ConfigMapping, String, ConfigValue)] = []
        var slos: [(ConfigMapping, String, ConfigValue, ConfigValue)] = []
        for document in documents {
            guard let object = document.mapping(allowed: objectKeys),
                let kindValue = object.required("kind"), let kind = kindValue.string(),
                let metadata = object.required("metadata")?.mapping(allowed: metadataKeys),
                let nameValue = metadata.required("name"), let name = NativeParser.identifier(nameValue),
                let specValue = object.required("spec")
            else { continue }
            switch kind {
            case "Service":
                guard let spec = specValue.mapping(allowed: ["description"]) else { continue }
                declarations.services.append(
                    Named(
                        name: name, value: ServiceSpec(name: name, description: spec["description"]?.string(), location: document.location),
                        nameValue: nameValue))
            case "SLI":
                if let indicator = indicator(specValue, name: name) {
                    declarations.slis.append(Named(name: name, value: SLISpec(indicator: indicator, location: document.location), nameValue: nameValue))
                }
            case "AlertCondition":
                if let tier = condition(specValue, name: name) { conditions[name] = (tier, nameValue) }
            case "AlertPolicy":
                if let spec = specValue.mapping(allowed: [
                    "description", "alertWhenNoData", "alertWhenResolved", "alertWhenBreaching", "conditions", "notificationTargets",
                ]) {
                    pendingPolicies.append((spec, name, nameValue))
                }
            case "SLO":
                if let spec = specValue.mapping(allowed: [
                    "description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod", "objectives", "alertPolicies",
                ]) {
                    slos.append((spec, name, nameValue, document))
                }
            case "DataSource", "AlertNotificationTarget":
                continue // describe delivery and connections, which Vigil configures itself
            default:
                kindValue.error(
                    "unknown OpenSLO kind '\(kind)'\(Suggestion.hint(for: kind, among: ["Service", "SLI", "SLO", "AlertPolicy", "AlertCondition"]))")
            }
        }
        for (spec, name, nameValue) in pendingPolicies {
            if let policy = alertPolicy(spec, name: name, conditions: conditions) {
                declarations.policies.append(Named(name: name, value: policy, nameValue: nameValue))
            }
        }
        for (spec, name, nameValue, document) in slos {
            let (slo, inlinePolicies) = self.slo(spec, name: name, nameValue: nameValue, location: document.location, conditions: conditions)
            declarations.policies += inlinePolicies
            if let slo {
                declarations.slos.append(slo)
                declarations.impliedServices.append(
                    Named(name: slo.service, value: ServiceSpec(name: slo.service), nameValue: slo.serviceValue ?? slo.nameValue))
            }
        }
        return declarations
    }

    // MARK: SLIs

    static func indicator(_ value: ConfigValue, name: String) -> ServiceLevelIndicator? {
        guard let spec = value.mapping(allowed: ["description", "thresholdMetric", "ratioMetric"]) else { return nil }
        if let threshold = spec["thresholdMetric"] {
            threshold.error(
                "threshold metrics judge raw metric values, not events; express the SLI as a ratioMetric (e.g. histogram buckets under the threshold over all requests)"
            )
            return nil
        }
        guard let ratioValue = spec.required("ratioMetric"),
            let ratio = ratioValue.mapping(allowed: ["counter", "good", "bad", "total", "rawType", "raw"])
        else { return nil }
        let good = ratio["good"].flatMap(query)
        let bad = ratio["bad"].flatMap(query)
        let total = ratio["total"].flatMap(query)
        let raw = ratio["raw"].flatMap(query)
        let source: PrometheusSLIQuery
        switch (good, bad, total, raw) {
        case (let good?, nil, let total?, nil): source = .goodOverTotal(good: good, total: total)
        case (nil, let bad?, let total?, nil): source = .errorsOverTotal(errors: bad, total: total)
        case (nil, nil, nil, let raw?):
            guard ratio["rawType"]?.string() == "failure" else {
                ratioValue.error("a raw ratio needs rawType: failure (Vigil reads the error ratio); for rawType success give good and total")
                return nil
            }
            source = .errorRatio(raw)
        default:
            ratioValue.error("give good and total, bad and total, or raw with rawType")
            return nil
        }
        return ServiceLevelIndicator(name: name, kind: .ratio, source: .prometheus(source))
    }

    /// The PromQL of a `metricSource` of type Prometheus.
    static func query(_ value: ConfigValue) -> String? {
        guard let wrapper = value.mapping(allowed: ["metricSource"]),
            let source = wrapper.required("metricSource")?.mapping(allowed: ["metricSourceRef", "type", "spec"]),
            let typeValue = source.required("type"), let type = typeValue.string()
        else { return nil }
        guard type.lowercased() == "prometheus" else {
            typeValue.error("metric source type '\(type)' is not supported; Vigil reads Prometheus-compatible sources")
            return nil
        }
        guard let spec = source.required("spec")?.mapping(allowed: ["query", "promql"]) else { return nil }
        guard let text = (spec["query"] ?? spec["promql"])?.string() else {
            spec.log(missing: "query")
            return nil
        }
        return text
    }

    // MARK: SLOs

    static func slo(
        _ spec: ConfigMapping, name: String, nameValue: ConfigValue, location: SourceLocation,
        conditions: [String: (TierSpec, ConfigValue)]
    ) -> (DeclaredSLO?, [Named<AlertPolicySpec>]) {
        let serviceValue = spec.required("service")
        let service = serviceValue.flatMap(NativeParser.identifier)
        var reference: DeclaredSLO.SLIReference?
        if let inline = spec["indicator"], let m = inline.mapping(allowed: ["metadata", "spec"]) {
            let sliName = m["metadata"]?.mapping(allowed: metadataKeys)?["name"].flatMap(NativeParser.identifier) ?? name
            if let indicator = m.required("spec").flatMap({ indicator($0, name: sliName) }) { reference = .inline(indicator) }
        } else if let refValue = spec["indicatorRef"], let ref = NativeParser.identifier(refValue) {
            reference = .named(ref, refValue)
        } else {
            spec.log(missing: "indicator")
        }
        let window = spec.required("timeWindow").flatMap(timeWindow)
        var budgeting = BudgetingMethod.occurrences
        let method = spec["budgetingMethod"]?.string() ?? "Occurrences"
        if !["Occurrences", "Timeslices"].contains(method) {
            spec["budgetingMethod"]?.error("budgeting method '\(method)' is not supported; use Occurrences or Timeslices")
        }
        var objective: Double?
        if let objectivesValue = spec.required("objectives"), let items = objectivesValue.sequence() {
            if items.count != 1 { objectivesValue.error("Vigil reads one objective per SLO; found \(items.count) (split them into SLOs)") }
            if let first = items.first,
                let m = first.mapping(allowed: [
                    "displayName", "op", "value", "target", "targetPercent", "timeSliceTarget", "timeSliceWindow", "indicator", "indicatorRef",
                    "compositeWeight",
                ])
            {
                if let target = m["target"] {
                    objective = NativeParser.objective(target)
                } else if let percent = m["targetPercent"] {
                    objective = SlothImporter.percentObjective(percent)
                } else {
                    m.log(missing: "target")
                }
                if method == "Timeslices" {
                    let sliceTarget = m.required("timeSliceTarget")?.double()
                    let slice = m.required("timeSliceWindow")?.wholeMinutes()
                    if let sliceTarget, let slice { budgeting = .timeslices(slice: slice, target: sliceTarget) }
                }
            }
        }
        var alerting = SLOAlertingSpec()
        var policyValue: ConfigValue?
        var inlinePolicies: [Named<AlertPolicySpec>] = []
        if let policiesValue = spec["alertPolicies"], let items = policiesValue.sequence() {
            if items.count > 1 { policiesValue.error("Vigil applies one alert policy per SLO; found \(items.count)") }
            if let first = items.first, let m = first.mapping(allowed: objectKeys + ["alertPolicyRef"]) {
                if let refValue = m["alertPolicyRef"] {
                    alerting.policy = refValue.string()
                    policyValue = refValue
                } else if let metadata = m.required("metadata")?.mapping(allowed: metadataKeys),
                    let policyNameValue = metadata.required("name"), let policyName = NativeParser.identifier(policyNameValue),
                    let policySpec = m.required("spec")?.mapping(allowed: [
                        "description", "alertWhenNoData", "alertWhenResolved", "alertWhenBreaching", "conditions", "notificationTargets",
                    ]),
                    let policy = alertPolicy(policySpec, name: policyName, conditions: conditions)
                {
                    inlinePolicies.append(Named(name: policyName, value: policy, nameValue: policyNameValue))
                    alerting.policy = policyName
                }
            }
        }
        guard let serviceValue, let service, let reference, let window, let objective else { return (nil, inlinePolicies) }
        let slo = DeclaredSLO(
            name: name, nameValue: nameValue, service: service, serviceValue: serviceValue, sli: reference,
            objective: objective, window: window, budgeting: budgeting, alerting: alerting, policyValue: policyValue,
            description: spec["description"]?.string(), labels: [:], location: location)
        return (slo, inlinePolicies)
    }

    /// `[{duration: 28d, isRolling: true}]`, or a calendar `1w` / `1M` with a time zone.
    static func timeWindow(_ value: ConfigValue) -> ComplianceWindow? {
        guard let items = value.sequence() else { return nil }
        guard items.count == 1, let item = items.first else {
            value.error("give exactly one time window, found \(items.count)")
            return nil
        }
        guard let m = item.mapping(allowed: ["duration", "isRolling", "calendar"]),
            let durationValue = m.required("duration"), let text = durationValue.string()
        else { return nil }
        let rolling = m["isRolling"]?.bool() ?? false
        if rolling { return durationValue.wholeMinutes().map { .rolling($0) } }
        let period: CalendarPeriod
        switch text {
        case "1w", "7d": period = .week
        case "1M": period = .month
        default:
            durationValue.error("calendar windows of '\(text)' are not supported; use 1w or 1M, or isRolling: true")
            return nil
        }
        var zone = TimeZone(identifier: "UTC")!
        if let calendar = m["calendar"]?.mapping(allowed: ["startTime", "timeZone"]), let zoneValue = calendar["timeZone"], let zoneName = zoneValue.string() {
            if let named = TimeZone(identifier: zoneName) { zone = named } else { zoneValue.error("unknown time zone '\(zoneName)'") }
        }
        return .calendar(period, zone)
    }

    // MARK: Alerting

    static func alertPolicy(_ spec: ConfigMapping, name: String, conditions: [String: (TierSpec, ConfigValue)]) -> AlertPolicySpec? {
        guard let items = spec.required("conditions")?.sequence() else { return nil }
        var tiers: [TierSpec] = []
        for item in items {
            guard let m = item.mapping(allowed: objectKeys + ["conditionRef"]) else { continue }
            if let refValue = m["conditionRef"], let ref = refValue.string() {
                if let (tier, _) = conditions[ref] {
                    tiers.append(tier)
                } else {
                    refValue.error("unknown AlertCondition '\(ref)'\(Suggestion.hint(for: ref, among: conditions.keys))")
                }
            } else if let metadata = m.required("metadata")?.mapping(allowed: metadataKeys),
                let conditionName = metadata.required("name")?.string(),
                let tier = m.required("spec").flatMap({ condition($0, name: conditionName) })
            {
                tiers.append(tier)
            }
        }
        guard !tiers.isEmpty else { return nil }
        var policy = AlertPolicySpec(name: name)
        policy.tiers = tiers
        return policy
    }

    /// A burn-rate AlertCondition as a Vigil tier.
    static func condition(_ value: ConfigValue, name: String) -> TierSpec? {
        guard let spec = value.mapping(allowed: ["description", "severity", "condition"]),
            let condition = spec.required("condition")?.mapping(allowed: ["kind", "op", "threshold", "lookbackWindow", "alertAfter"])
        else { return nil }
        if let kindValue = condition["kind"], let kind = kindValue.string(), kind != "burnrate" {
            kindValue.error("condition kind '\(kind)' is not supported; Vigil alerts on burnrate")
            return nil
        }
        if let opValue = condition["op"], let op = opValue.string(), !["gt", "gte"].contains(op) {
            opValue.error("a burn-rate alert fires when burn rises above the threshold: use op gt or gte, found '\(op)'")
            return nil
        }
        let severityText = spec["severity"]?.string() ?? "page"
        let severity: TierSeverity = ["page", "critical", "high"].contains(severityText.lowercased()) ? .page : .ticket
        guard let threshold = condition.required("threshold")?.double(),
            let long = condition.required("lookbackWindow")?.wholeMinutes()
        else { return nil }
        let short = BurnRatePolicy.roundedToMinute(long / 12)
        var tier = TierSpec(name: name, severity: severity, longWindow: long, shortWindow: short, rate: .factor(threshold), minEvents: nil)
        // alertAfter: how long the condition must hold before the alert fires.
        tier.holdFor = condition["alertAfter"]?.wholeMinutes()
        return tier
    }
}
