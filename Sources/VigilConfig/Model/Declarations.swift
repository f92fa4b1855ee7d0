import VigilCore

/// What the documents of a configuration declare, before names are resolved across
/// files. Native Vigil files, Sloth specs and OpenSLO documents all read into this.
struct Declarations {
    var services: [Named<ServiceSpec>] = []
    /// Services named by imported specs (Sloth's `service:`), declared only when no
    /// document declares them explicitly.
    var impliedServices: [Named<ServiceSpec>] = []
    var slis: [Named<SLISpec>] = []
    var slos: [DeclaredSLO] = []
    var policies: [Named<AlertPolicySpec>] = []
    var receivers: [Named<ReceiverSpec>] = []
    var probes: [Named<ProbeSpec>] = []
    /// Every probe's `service:` value, checked even when the probe itself is broken.
    var probeServices: [ConfigValue] = []
    var servers: [Named<ServerSettings>] = []
    var routings: [Named<AlertRoute>] = []
    /// Every `receiver:` value in the routing tree, checked against the receivers.
    var routeReceivers: [ConfigValue] = []
    var inhibitRules: [Named<[InhibitRule]>] = []
    var incidentSettings: [Named<IncidentSettings>] = []
    var teams: [Named<TeamSpec>] = []
    /// Maintenance windows with the value of their `service:`, checked once services are known.
    var maintenance: [(window: MaintenanceWindow, service: ConfigValue)] = []
    /// Every `open_incident:` value in the routing tree, checked against the severities.
    var routeSeverities: [ConfigValue] = []
    /// `status_page:` with its `service:` and `slo:` values, checked once both are known.
    var statusPages: [(page: Named<StatusPageSettings>, services: [ConfigValue], slos: [ConfigValue])] = []

    /// `release_policies:`, their services checked once services are known.
    var releasePolicies: [ReleasePolicyParser.Declared] = []

    /// `people:`, `schedules:`, `escalation_policies:` and `oncall:`, their references
    /// checked once everything is known.
    var oncall = OnCallParser.Declared()

    mutating func append(_ other: Declarations) {
        oncall.append(other.oncall)
        releasePolicies += other.releasePolicies
        servers += other.servers
        routings += other.routings
        routeReceivers += other.routeReceivers
        inhibitRules += other.inhibitRules
        incidentSettings += other.incidentSettings
        teams += other.teams
        maintenance += other.maintenance
        routeSeverities += other.routeSeverities
        statusPages += other.statusPages
        services += other.services
        impliedServices += other.impliedServices
        slis += other.slis
        slos += other.slos
        policies += other.policies
        receivers += other.receivers
        probes += other.probes
        probeServices += other.probeServices
    }
}

/// A declaration with the YAML value of its name, for duplicate errors that name both
/// places.
struct Named<Value> {
    /// The declared name (for imported specs it may differ from the YAML scalar, e.g.
    /// Sloth's `service-name` ids).
    var name: String
    var value: Value
    /// Where the name was written.
    var nameValue: ConfigValue
}

/// An SLO whose service, SLI and policy are still names.
struct DeclaredSLO {
    enum SLIReference {
        case named(String, ConfigValue)
        case inline(ServiceLevelIndicator)
    }

    var name: String
    var nameValue: ConfigValue
    var service: String
    var serviceValue: ConfigValue?
    var sli: SLIReference?
    var objective: Double
    var window: ComplianceWindow
    var budgeting: BudgetingMethod
    var alerting: SLOAlertingSpec
    var policyValue: ConfigValue?
    var description: String?
    var labels: [String: String]
    /// `group_by` labels, if the SLO is grouped.
    var groupBy: [String]? = nil
    /// `max_groups`; `nil` = the server's default.
    var maxGroups: Int? = nil
    /// `exclude_maintenance`.
    var excludeMaintenance = false
    var location: SourceLocation
    /// False when a field failed to read (its error is logged). Such an SLO still has its
    /// references checked, so one pass reports every error, but it is never built.
    var isComplete = true
}
