import VigilCore
import Yams

/// Reads `status_page:` (see docs/dashboard.md).
enum StatusPageParser {
    /// The settings, and each entry's `slo:` value to check once SLOs are known.
    static func settings(_ value: ConfigValue) -> (settings: StatusPageSettings, sloValues: [ConfigValue], serviceValues: [ConfigValue])? {
        guard let map = value.mapping(allowed: ["title", "description", "services", "days"]) else { return nil }
        var settings = StatusPageSettings()
        settings.location = value.location
        if let title = map["title"]?.string() { settings.title = title }
        settings.description = map["description"]?.string()
        if let daysValue = map["days"], let days = daysValue.integer() {
            if (7...365).contains(days) { settings.days = Int(days) } else { daysValue.error("must be 7 to 365, found \(days)") }
        }
        var sloValues: [ConfigValue] = []
        var serviceValues: [ConfigValue] = []
        guard let listValue = map.required("services"), let items = listValue.sequence() else { return nil }
        if items.isEmpty { listValue.error("name at least one service") }
        for item in items {
            // `- shop-web` or `- {service: shop-web, name: Web shop, slo: …, description: …}`
            if item.node.scalar != nil {
                guard let service = item.string() else { continue }
                settings.services.append(.init(service: service, displayName: service))
                serviceValues.append(item)
                continue
            }
            guard let entry = item.mapping(allowed: ["service", "name", "slo", "description"]),
                let serviceValue = entry.required("service"), let service = serviceValue.string()
            else { continue }
            serviceValues.append(serviceValue)
            let slo = entry["slo"]?.string()
            if let sloValue = entry["slo"], slo != nil { sloValues.append(sloValue) }
            settings.services.append(
                .init(
                    service: service, displayName: entry["name"]?.string() ?? service, slo: slo,
                    description: entry["description"]?.string()))
        }
        if let repeated = Dictionary(grouping: settings.services, by: \.service).first(where: { $0.value.count > 1 })?.key {
            listValue.error("'\(repeated)' is listed twice")
        }
        return (settings, sloValues, serviceValues)
    }
}
