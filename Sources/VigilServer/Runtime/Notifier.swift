import Foundation
import Logging
import VigilConfig
import VigilCore
import VigilStore

/// Owns the notification dispatcher: takes alerts from Vigil's sources (SLO tiers,
/// probes) and from outside (Alertmanager), and on each tick commits the dispatcher's
/// state, the notifications it made and the alert events it saw in one transaction (the
/// outbox worker sends them from there).
actor Notifier {
    /// Where an alert came from; each source reports its complete firing set.
    enum Source: Hashable, Sendable {
        case slo, probes
    }

    let store: any NotificationStore
    let oncallStore: any OnCallStore
    private let logger: Logger
    /// Escalations of groups whose route names an escalation policy.
    var book = EscalationBook(policies: [])
    var directory = OnCallDirectory()
    /// Signs the acknowledge and resolve links of pages (the store's key).
    var links: PageLinks?
    var escalationEvents: [EscalationEvent] = []
    /// Deliveries made outside a tick (the resolve link), sent with the next commit.
    var pendingDeliveries: [EscalationDelivery] = []
    /// The escalation log of the last commit (the incident desk reads acknowledgements from it).
    private(set) var committedEscalationEvents: [EscalationEvent] = []
    /// Without `routing:` the dispatcher still holds alerts (for the API and
    /// acknowledgements) under a root that sends nowhere.
    private var dispatcher = NotificationDispatcher(root: Notifier.nowhere)
    private var sends = false
    static let nowhere = AlertRoute(receiver: "")
    /// What each of Vigil's sources last said fires, by fingerprint.
    private var firing: [Source: [String: Alert]] = [:]
    private var events: [AlertEvent] = []
    var changed = false
    private var silences: [Silence] = []
    /// Maintenance windows, applied as silences of their service's alerts.
    private var maintenance: [Silence] = []
    var acknowledged: [String: Acknowledgement] = [:]

    init(store: any NotificationStore, oncallStore: any OnCallStore, logger: Logger) {
        self.store = store
        self.oncallStore = oncallStore
        self.logger = logger
    }

    /// Loads the last committed state, silences and acknowledgements, and applies the
    /// configuration's routing.
    func load(_ configuration: VigilConfiguration, at now: Date) async throws {
        var stored = NotifierState(dispatcher: NotificationDispatcher.State(), escalations: EscalationBook.State())
        if let data = try await store.notifierState() {
            do { stored = try NotifierState.decode(data) } catch {
                logger.error("the stored notifier state is unreadable; starting afresh", metadata: ["error": "\(error)"])
            }
        }
        let state = stored.dispatcher
        book = EscalationBook(policies: configuration.escalationPolicies, state: stored.escalations)
        links = PageLinks(key: try await oncallStore.linkKey(), base: configuration.server.linkBase, lifetime: configuration.oncall.linkTTL)
        directory = OnCallDirectory(configuration, overrides: [])
        try await reloadOverrides()
        pendingDeliveries = []
        escalationEvents = []
        // Vigil's own alerts from before the restart: the first sync resolves the ones
        // that stopped while the server was down.
        for alert in state.alerts.values where alert.isFiring(at: now) {
            switch alert.labels["alertname"] {
            case "ErrorBudgetBurn", "ErrorBudgetExhaustion", "ErrorBudgetExhausted": firing[.slo, default: [:]][alert.fingerprint] = alert
            case "ProbeDown": firing[.probes, default: [:]][alert.fingerprint] = alert
            default: break
            }
        }
        silences = try await store.silences(activeAt: now, includeExpired: false)
        acknowledged = Dictionary(try await store.acknowledgements().map { ($0.fingerprint, $0) }, uniquingKeysWith: { $1 })
        dispatcher = NotificationDispatcher(
            root: configuration.routing ?? Self.nowhere, inhibitRules: configuration.inhibitRules ?? InhibitRule.defaults, state: state)
        sends = configuration.routing != nil
    }

    /// Re-reads what other replicas may have changed: silences and acknowledgements.
    func refreshShared(at now: Date) async throws {
        silences = try await store.silences(activeAt: now, includeExpired: false)
        acknowledged = Dictionary(try await store.acknowledgements().map { ($0.fingerprint, $0) }, uniquingKeysWith: { $1 })
        try await reloadOverrides()
    }

    /// A new configuration: a new tree and rules; groups that still exist keep their memory.
    func reconfigure(_ configuration: VigilConfiguration, at now: Date) {
        dispatcher.reconfigure(root: configuration.routing ?? Self.nowhere, inhibitRules: configuration.inhibitRules ?? InhibitRule.defaults, at: now)
        sends = configuration.routing != nil
        book.policies = Dictionary(configuration.escalationPolicies.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        directory = OnCallDirectory(configuration, overrides: directory.overrides)
        if let key = links?.key {
            links = PageLinks(key: key, base: configuration.server.linkBase, lifetime: configuration.oncall.linkTTL)
        }
        changed = true
    }

    /// Everything `source` finds firing now: new alerts start, missing ones resolve.
    func sync(_ source: Source, firing alerts: [Alert], at now: Date) {
        var current: [String: Alert] = [:]
        for alert in alerts { current[alert.fingerprint] = alert }
        let previous = firing[source] ?? [:]
        for (fingerprint, alert) in current.sorted(by: { $0.key < $1.key }) where previous[fingerprint] == nil {
            receive(alert, at: now)
        }
        for (fingerprint, alert) in previous.sorted(by: { $0.key < $1.key }) where current[fingerprint] == nil {
            var resolved = alert
            resolved.endsAt = now
            receive(resolved, at: now)
        }
        firing[source] = current
    }

    /// An alert from outside (or one of Vigil's, through ``sync(_:firing:at:)``).
    func receive(_ alert: Alert, at now: Date) {
        // The log keeps changes only: Alertmanager repeats a firing alert on every flush.
        let firesNow = alert.isFiring(at: now)
        if (dispatcher.state.alerts[alert.fingerprint]?.isFiring(at: now) ?? false) != firesNow {
            events.append(AlertEvent(fingerprint: alert.fingerprint, labels: alert.labels, firing: firesNow, at: alert.endsAt ?? alert.startsAt))
        }
        if !firesNow, acknowledged.removeValue(forKey: alert.fingerprint) != nil { resolvedAcknowledgements.append(alert.fingerprint) }
        dispatcher.receive(alert, at: now)
        changed = true
    }

    private var resolvedAcknowledgements: [String] = []

    /// Flushes what is due and commits. - Returns: the notifications made.
    @discardableResult
    func tick(at now: Date) async throws -> [AlertNotification] {
        committedEscalationEvents = []
        let flushed = dispatcher.flush(at: now, silences: silences + maintenance, acknowledged: Set(acknowledged.keys))
        var notifications: [AlertNotification] = []
        var deliveries = pendingDeliveries
        for notification in sends ? flushed : [] {
            guard book.policies[notification.receiver] != nil else {
                notifications.append(notification)
                continue
            }
            let (made, logged) = book.take(notification, at: now)
            deliveries += made
            escalationEvents += logged
        }
        deliveries += advanceEscalations(at: now)
        notifications += deliveries.flatMap { outbox($0, at: now) }
        book.prune(at: now)
        guard changed || !notifications.isEmpty || !events.isEmpty || !escalationEvents.isEmpty else { return [] }
        let state = try JSONEncoder().encode(NotifierState(dispatcher: dispatcher.state, escalations: book.state))
        try await store.commitDispatch(state: state, notifications: notifications, events: events, escalationEvents: escalationEvents, at: now)
        committedEscalationEvents = escalationEvents
        escalationEvents = []
        pendingDeliveries = []
        try await store.removeAcknowledgements(fingerprints: resolvedAcknowledgements)
        for notification in notifications {
            logger.info(
                "notification \(notification.status.rawValue)",
                metadata: [
                    "receiver": "\(notification.receiver)", "group": "\(notification.groupKey)", "alerts": "\(notification.alerts.count)",
                    "key": "\(notification.idempotencyKey)",
                ])
        }
        events = []
        resolvedAcknowledgements = []
        changed = false
        return notifications
    }

    // MARK: Silences and acknowledgements

    func addSilence(_ silence: Silence, at now: Date) async throws {
        try await store.addSilence(silence, createdAt: now)
        silences = try await store.silences(activeAt: now, includeExpired: false)
    }

    func expireSilence(id: String, at now: Date) async throws -> Bool {
        let found = try await store.expireSilence(id: id, at: now)
        silences = try await store.silences(activeAt: now, includeExpired: false)
        return found
    }

    /// Maintenance windows mute their service's alerts while they run.
    func replace(maintenance windows: [MaintenanceWindow]) {
        maintenance = windows.compactMap { window in
            guard let matcher = try? LabelMatcher(name: "service", op: .equal, value: window.service) else { return nil }
            return Silence(
                id: "maintenance-\(window.id)", matchers: [matcher], startsAt: window.start, endsAt: window.end,
                createdBy: window.createdBy, comment: "maintenance: \(window.reason)")
        }
    }

    func acknowledge(_ acknowledgement: Acknowledgement) async throws {
        try await store.acknowledge(acknowledgement)
        acknowledged[acknowledgement.fingerprint] = acknowledgement
    }

    /// Groups whose pages should open (or join) an incident, from the committed state.
    func incidentOpenings(at now: Date) -> [IncidentOpening] {
        sends ? dispatcher.incidentOpenings(at: now) : []
    }

    /// The alerts the dispatcher holds, firing first.
    func alerts(at now: Date) -> [(alert: Alert, acknowledgement: Acknowledgement?)] {
        return dispatcher.state.alerts.values.sorted {
            ($0.isFiring(at: now) ? 0 : 1, $0.startsAt, $0.fingerprint) < ($1.isFiring(at: now) ? 0 : 1, $1.startsAt, $1.fingerprint)
        }
        .map { ($0, acknowledged[$0.fingerprint]) }
    }
}
