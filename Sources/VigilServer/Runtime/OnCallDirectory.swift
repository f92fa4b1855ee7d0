import Foundation
import VigilConfig
import VigilCore

/// What the notifier needs to know to page people: the schedules (with every override,
/// configured and stored), the people and the names of their contact receivers. A value
/// rebuilt on load, reload and whenever overrides change.
struct OnCallDirectory: Sendable {
    var schedules: [String: Schedule] = [:]
    var people: [String: PersonSpec] = [:]
    /// Each person's contact receivers (`person:<name>#<n>`), in order.
    var contacts: [String: [String]] = [:]
    /// Overrides made through the API (the configuration's are inside the schedules).
    var overrides: [ScheduleOverride] = []

    init() {}

    init(_ configuration: VigilConfiguration, overrides: [ScheduleOverride]) {
        schedules = Dictionary(configuration.schedules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        people = Dictionary(configuration.people.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        contacts = people.mapValues { configuration.contactReceivers(of: $0).map(\.name) }
        self.overrides = overrides
    }

    /// Who `schedule` has on call at `instant`, overrides applied.
    func onCall(_ schedule: String, at instant: Date) -> [String] {
        schedules[schedule]?.onCall(at: instant, overrides: overrides) ?? []
    }
}

/// The notifier's committed memory: the dispatcher's groups and the escalations. Read
/// back in the format before escalations existed (the dispatcher's state alone) too.
struct NotifierState: Codable {
    var dispatcher: NotificationDispatcher.State
    var escalations: EscalationBook.State

    static func decode(_ data: Data) throws -> NotifierState {
        let decoder = JSONDecoder()
        if let state = try? decoder.decode(NotifierState.self, from: data) { return state }
        return NotifierState(dispatcher: try decoder.decode(NotificationDispatcher.State.self, from: data), escalations: EscalationBook.State())
    }
}
