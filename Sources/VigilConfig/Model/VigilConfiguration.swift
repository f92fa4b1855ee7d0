import VigilCore

/// Everything a configuration directory declares, validated and resolved into Core values.
public struct VigilConfiguration: Sendable {
    /// Services, in file order.
    public var services: [ServiceSpec] = []
    /// SLIs declared on their own (SLOs may also define theirs inline).
    public var slis: [SLISpec] = []
    /// SLOs, in file order.
    public var slos: [SLOSpec] = []
    /// Named alert policies.
    public var alertPolicies: [AlertPolicySpec] = []
    /// Notification receivers.
    public var receivers: [ReceiverSpec] = []
    /// Where alerts go (Alertmanager's route tree); `nil`: alerts are recorded, not sent.
    public var routing: AlertRoute?
    /// Inhibition rules; `nil` means ``InhibitRule/defaults``.
    public var inhibitRules: [InhibitRule]?
    /// Black-box probes and heartbeats, in file order.
    public var probes: [ProbeSpec] = []
    /// Severities, roles, suspect window, postmortem criteria.
    public var incidents = IncidentSettings()
    /// Teams and their people.
    public var teams: [TeamSpec] = []
    /// Planned maintenance declared in the configuration (ids `cfg-1`, …).
    public var maintenance: [MaintenanceWindow] = []
    /// The public status page; none unless configured.
    public var statusPage: StatusPageSettings?
    /// Error-budget policies that gate releases, at most one per service.
    public var releasePolicies: [ReleasePolicy] = []
    /// People who can be paged, with their zones and contact methods.
    public var people: [PersonSpec] = []
    /// On-call schedules (with the overrides the configuration declares).
    public var schedules: [Schedule] = []
    /// Escalation policies: a route's receiver may name one.
    public var escalationPolicies: [EscalationPolicy] = []
    /// How pages reach people: link lifetime, SMTP for email contacts, the per-shift limit.
    public var oncall = OnCallSettings()
    /// How `vigil serve` runs (defaults when no document has a `server:` block).
    public var server = ServerSettings()

    public init() {}

    /// The SLO called `name`.
    public func slo(named name: String) -> SLOSpec? { slos.first { $0.name == name } }

    /// The release policy covering `service`, if any.
    public func releasePolicy(of service: String) -> ReleasePolicy? { releasePolicies.first { $0.services.contains(service) } }

    /// Everyone in a team or on call: the names the blameless check looks for.
    public var personNames: [String] {
        var names = teams.flatMap(\.members)
        for person in people where !names.contains(person.name) { names.append(person.name) }
        return names
    }

    /// Every distinct SLI the SLOs use, by name.
    public var indicators: [String: ServiceLevelIndicator] {
        var result: [String: ServiceLevelIndicator] = [:]
        for spec in slis { result[spec.indicator.name] = spec.indicator }
        for spec in slos { result[spec.objective.sli.name] = spec.objective.sli }
        return result
    }
}

/// A service: who owns it, how critical it is, what it depends on.
public struct ServiceSpec: Hashable, Sendable {
    public var name: String
    /// Owning team.
    public var team: String?
    /// Criticality, 1 (most critical) to 4.
    public var tier: Int?
    public var description: String?
    /// Services this one calls.
    public var dependsOn: [String]
    /// A third-party dependency Vigil can only observe from outside.
    public var external: Bool
    /// Where it was declared.
    public var location: SourceLocation?

    public init(
        name: String, team: String? = nil, tier: Int? = nil, description: String? = nil, dependsOn: [String] = [], external: Bool = false,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.team = team
        self.tier = tier
        self.description = description
        self.dependsOn = dependsOn
        self.external = external
        self.location = location
    }
}

/// A named SLI declared on its own.
public struct SLISpec: Hashable, Sendable {
    public var indicator: ServiceLevelIndicator
    public var description: String?
    public var location: SourceLocation?
}

/// An SLO as configured: the Core value plus what only the edges need.
public struct SLOSpec: Hashable, Sendable {
    /// The resolved SLO, alert tiers included.
    public var objective: ServiceLevelObjective
    /// How it alerts, as written (policy name, runbook, Prometheus alert metadata).
    public var alerting: SLOAlertingSpec
    /// Whether maintenance windows of its service are left out of its figures.
    public var excludeMaintenance = false
    /// Where it was declared.
    public var location: SourceLocation?

    public var name: String { objective.name }
}

/// The `alerting:` block of an SLO.
public struct SLOAlertingSpec: Hashable, Sendable {
    /// The named policy it uses; `nil` = the built-in standard policy.
    public var policy: String?
    /// Runbook link carried by every notification.
    public var runbook: String?
    /// Whether the page tiers are on.
    public var page: Bool = true
    /// Whether the ticket tiers are on.
    public var ticket: Bool = true
    /// Alert name for generated Prometheus rules (Sloth's `alerting.name`).
    public var name: String?
    /// Labels and annotations for every alert of this SLO.
    public var labels: [String: String] = [:]
    public var annotations: [String: String] = [:]
    /// Extra labels on page and on ticket alerts (Sloth's `page_alert` / `ticket_alert`).
    public var pageLabels: [String: String] = [:]
    public var ticketLabels: [String: String] = [:]

    public init() {}
}

/// A named alert policy: how the burn-rate tiers are built for any SLO that uses it.
public struct AlertPolicySpec: Hashable, Sendable {
    public var name: String
    /// How the Workbook tiers adapt to the SLO's window.
    public var scaling: BurnRatePolicy.WindowScaling = .keepWindows
    /// Minimum-traffic guard for every tier without its own.
    public var minEvents: Int64 = 0
    /// Lookback of the "current" burn rate.
    public var burnLookback: Duration = .seconds(3600)
    /// Fire when the budget would be gone within a horizon.
    public var exhaustion: ExhaustionAlert?
    /// Custom tiers; `nil` = the Workbook's four.
    public var tiers: [TierSpec]?
    public var location: SourceLocation?

    public init(name: String) { self.name = name }

    /// The tiers for an SLO whose compliance window is `window` long.
    public func policy(for window: Duration) -> BurnRatePolicy {
        var policy: BurnRatePolicy
        if let tiers {
            policy = BurnRatePolicy(tiers: tiers.map { $0.tier(for: window, defaultMinEvents: minEvents) })
        } else {
            policy = .standard(for: window, scaling: scaling, minEvents: minEvents)
        }
        policy.exhaustion = exhaustion
        policy.burnLookback = burnLookback
        return policy
    }
}

/// A custom tier: its factor given directly, or derived from a budget share.
public struct TierSpec: Hashable, Sendable {
    public enum Rate: Hashable, Sendable {
        /// Burn factor as given.
        case factor(Double)
        /// Share of the budget spent over the long window: factor = share · W / long.
        case budgetShare(Double)
    }

    public var name: String
    public var severity: TierSeverity
    public var longWindow: Duration
    public var shortWindow: Duration
    public var rate: Rate
    public var minEvents: Int64?
    /// `for:`: how long the condition must hold before the tier fires (absent: at once).
    public var holdFor: Duration?

    /// The Core tier for a compliance window of length `window`.
    public func tier(for window: Duration, defaultMinEvents: Int64) -> BurnRateTier {
        let factor: Double =
            switch rate {
            case .factor(let value): value
            case .budgetShare(let share): share * (window / longWindow)
            }
        return BurnRateTier(
            name: name, severity: severity, longWindow: longWindow, shortWindow: shortWindow,
            factor: factor, minEvents: minEvents ?? defaultMinEvents, holdFor: holdFor ?? .zero)
    }
}

/// Where notifications go.
public struct ReceiverSpec: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Generic JSON webhook, HMAC-SHA256-signed with `secret` when one is given.
        case webhook(url: String, secret: String?)
        /// Slack-compatible incoming webhook.
        case slack(url: String)
        /// Alertmanager-compatible webhook payload (version 4).
        case alertmanager(url: String)
        /// Email over SMTP.
        case email(EmailReceiver)
        /// An SMS or voice gateway: `{"to": …, "text": …}`, signed with `secret` when given.
        case textGateway(url: String, to: String, secret: String?, voice: Bool)
    }

    public var name: String
    public var kind: Kind
    /// Whether resolutions are sent too (default true).
    public var sendResolved = true
    /// How long a notification is retried before it is given up (default 24 h).
    public var retryFor: Duration = .seconds(24 * 3600)
    public var location: SourceLocation?

    public init(name: String, kind: Kind, location: SourceLocation? = nil) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

/// SMTP delivery: a smarthost, optionally with STARTTLS and AUTH.
public struct EmailReceiver: Hashable, Sendable {
    public var to: [String]
    public var from: String
    /// `host:port`.
    public var smarthost: String
    public var username: String?
    public var password: String?
    /// Refuse to send without STARTTLS (default true, as Alertmanager's `require_tls`).
    public var requireTLS = true
    /// Accept any certificate from the smarthost (a self-signed test relay); default false.
    public var insecureSkipVerify = false

    public init(to: [String], from: String, smarthost: String) {
        self.to = to
        self.from = from
        self.smarthost = smarthost
    }
}
