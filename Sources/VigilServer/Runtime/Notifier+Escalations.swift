import Foundation
import VigilConfig
import VigilCore
import VigilNotify
import VigilStore

/// Signs the links a page carries (docs/oncall.md, "Acknowledge and resolve links").
struct PageLinks: Sendable {
    let key: Data
    /// The server's external URL.
    let base: String
    let lifetime: Duration

    /// An acknowledgement made by a resolve link: stored like any acknowledgement (so
    /// whichever replica leads sees it), it ends the escalation instead of stopping it.
    static let resolveComment = "resolved by page link"

    func context(for delivery: EscalationDelivery, policy: String, at now: Date) -> PageContext {
        let person: String? =
            switch delivery.recipient {
            case .person(let name): name
            case .receiver: nil
            }
        var context = PageContext(
            escalationID: delivery.escalationID, policy: policy, kind: delivery.kind, step: delivery.step, round: delivery.round, person: person,
            acknowledgeURL: nil, resolveURL: nil, linksExpireAt: nil)
        guard delivery.kind != .resolved else { return context }
        let expires = now.addingTimeInterval(lifetime.inSeconds)
        func url(_ action: PageLink.Action) -> String {
            let token = PageLink(escalation: delivery.escalationID, person: person, action: action, expires: expires, nonce: delivery.key).token(key: key)
            return "\(base)/oncall/\(action == .acknowledge ? "ack" : "resolve")/\(token)"
        }
        context.acknowledgeURL = url(.acknowledge)
        context.resolveURL = url(.resolve)
        context.linksExpireAt = expires
        return context
    }
}

extension Notifier {
    /// Runs the escalation book over `now`: acknowledgements and resolve links first, then
    /// the steps that are due.
    func advanceEscalations(at now: Date) -> [EscalationDelivery] {
        var deliveries: [EscalationDelivery] = []
        for escalation in book.state.escalations.values where escalation.isOpen {
            let firing = escalation.firingAlerts
            let marks = firing.compactMap { acknowledged[$0] }
            guard !firing.isEmpty, marks.count == firing.count, let resolver = marks.first(where: { $0.comment == PageLinks.resolveComment }) else { continue }
            if let (made, logged) = book.resolve(id: escalation.id, by: resolver.by, at: resolver.at) {
                deliveries += made
                escalationEvents += logged
            }
        }
        let acknowledgers = acknowledged.mapValues { EscalationBook.Acknowledger(by: $0.by, at: $0.at) }
        let directory = self.directory
        let (made, logged) = book.advance(at: now, acknowledgements: acknowledgers) { directory.onCall($0, at: $1) }
        escalationEvents += logged
        return deliveries + made
    }

    /// The outbox rows for one delivery: one per contact method of a person, one for a
    /// receiver; each a copy of the group's notification with the page's links.
    func outbox(_ delivery: EscalationDelivery, at now: Date) -> [AlertNotification] {
        let policy = book.state.escalations[delivery.escalationID]?.policy ?? ""
        var notification = delivery.notification
        notification.createdAt = now
        notification.status = delivery.kind == .resolved ? .resolved : .firing
        notification.isRepeat = false
        notification.page = links?.context(for: delivery, policy: policy, at: now)
        switch delivery.recipient {
        case .receiver(let name):
            notification.receiver = name
            notification.idempotencyKey = delivery.key
            return [notification]
        case .person(let name):
            return (directory.contacts[name] ?? []).enumerated().map { index, receiver in
                var copy = notification
                copy.receiver = receiver
                copy.idempotencyKey = "\(delivery.key)#\(index + 1)"
                return copy
            }
        }
    }

    // MARK: Asked by the API

    /// Every escalation the notifier holds (open ones, and ended ones for a week), newest first.
    func escalations() -> [Escalation] {
        book.state.escalations.values.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    }

    /// The escalation of a group still open.
    func escalation(groupKey: String) -> Escalation? { book.current(groupKey: groupKey) }

    /// Every escalation as the store last committed it, newest first: what a follower
    /// shows (its own memory is the state it last loaded, not the leader's).
    func committedEscalations() async throws -> [Escalation] {
        guard let data = try await store.notifierState() else { return [] }
        return try NotifierState.decode(data).escalations.escalations.values.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    }

    /// The escalation `id` as the store last committed it: what every replica agrees on.
    func committedEscalation(id: String) async throws -> Escalation? {
        guard let data = try await store.notifierState() else { return nil }
        return try NotifierState.decode(data).escalations.escalations[id]
    }

    /// Acknowledges (or, with the resolve comment, resolves) escalation `id`: records an
    /// acknowledgement of each of its firing alerts, which stops it on whichever replica
    /// leads. - Returns: the escalation as committed, or `nil` when none is open.
    func act(on id: String, by: String, resolving: Bool, at now: Date, comment: String? = nil) async throws -> Escalation? {
        guard let escalation = try await committedEscalation(id: id), escalation.isOpen else { return nil }
        for fingerprint in escalation.firingAlerts.sorted() {
            try await acknowledge(Acknowledgement(fingerprint: fingerprint, by: by, at: now, comment: resolving ? PageLinks.resolveComment : comment))
        }
        changed = true
        return escalation
    }

    /// Adds an override through the API (stored, and applied at once).
    func addOverride(_ override: ScheduleOverride) async throws -> ScheduleOverride {
        let stored = try await oncallStore.addScheduleOverride(override)
        try await reloadOverrides()
        return stored
    }

    func cancelOverride(id: String, by: String, at now: Date) async throws -> ScheduleOverride? {
        let cancelled = try await oncallStore.cancelScheduleOverride(id: id, by: by, at: now)
        try await reloadOverrides()
        return cancelled
    }

    /// Reads the overrides made through the API (any replica's) into the directory.
    func reloadOverrides() async throws {
        directory.overrides = try await oncallStore.scheduleOverrides(schedule: nil, limit: 10_000)
    }

    /// The overrides made through the API.
    var storedOverrides: [ScheduleOverride] { directory.overrides }

    /// The key links are signed with.
    var linkKey: Data? { links?.key }
}
