import Foundation
import VigilCore

/// Incidents with their timelines and public updates, postmortems, action items and toil.
///
/// Changes to an incident go through ``modifyIncident(id:_:)``: the change is decided by
/// a pure function on the stored value inside the store's transaction, so two
/// responders moving the same incident at once cannot both win.
public protocol IncidentStore: Sendable {
    /// Stores a new incident (its `id` is assigned) with its first timeline lines.
    func openIncident(_ incident: Incident, timeline: [IncidentTimelineEntry]) async throws -> Incident

    /// Applies `change` to the stored incident and appends the lines it returns, in one
    /// transaction; the incident's postmortem (if any) is given for the closing rule.
    /// - Returns: `nil` when there is no such incident; errors thrown by `change` roll
    ///   back and propagate.
    func modifyIncident(id: Int64, _ change: @escaping @Sendable (inout Incident, Postmortem?) throws -> [IncidentTimelineEntry]) async throws -> Incident?

    func incident(id: Int64) async throws -> Incident?

    /// Incidents newest first, before cursor `before` (an id).
    func incidents(_ query: IncidentQuery) async throws -> [Incident]

    /// Incidents opened from an alert group (the notifier's group key).
    func incidents(alertGroup: String) async throws -> [Incident]

    /// The timeline, oldest first.
    func timeline(incident: Int64) async throws -> [IncidentTimelineEntry]

    func addUpdate(_ update: IncidentUpdate) async throws -> IncidentUpdate
    /// Public updates, newest first.
    func updates(incident: Int64) async throws -> [IncidentUpdate]

    func postmortem(incident: Int64) async throws -> Postmortem?
    /// Creates or changes a postmortem in one transaction: `change` sees the stored one
    /// (`nil` before the first) and leaves the value to keep.
    func modifyPostmortem(incident: Int64, _ change: @escaping @Sendable (inout Postmortem?) throws -> Void) async throws -> Postmortem?

    func addActionItem(_ item: ActionItem) async throws -> ActionItem
    func modifyActionItem(id: Int64, _ change: @escaping @Sendable (inout ActionItem) throws -> Void) async throws -> ActionItem?
    /// Action items, of one incident or all, oldest first.
    func actionItems(incident: Int64?) async throws -> [ActionItem]

    func addToil(_ entry: ToilEntry) async throws -> ToilEntry
    /// Toil done from `since` on, optionally of one team, oldest first.
    func toil(since: Date, team: String?) async throws -> [ToilEntry]

    func recordSatisfaction(_ score: SatisfactionScore) async throws
    /// Every service's latest score at or before `at`.
    func latestSatisfaction(at: Date) async throws -> [String: SatisfactionScore]

    /// Stores a window (its `id` is assigned; a given one is ignored).
    func addMaintenance(_ window: MaintenanceWindow) async throws -> MaintenanceWindow
    /// Windows that end after `after`, soonest start first.
    func maintenanceWindows(endingAfter after: Date) async throws -> [MaintenanceWindow]
    /// Ends a window at `now` (a future one is dropped); `false` when there is none.
    func endMaintenance(id: String, at now: Date) async throws -> Bool
}

/// Which incidents to list.
public struct IncidentQuery: Hashable, Sendable {
    /// Only open ones (not resolved or closed).
    public var openOnly = false
    /// Only incidents that started at or after this.
    public var startedSince: Date?
    public var service: String?
    public var before: Int64?
    public var limit = 100

    public init(openOnly: Bool = false, startedSince: Date? = nil, service: String? = nil, before: Int64? = nil, limit: Int = 100) {
        self.openOnly = openOnly
        self.startedSince = startedSince
        self.service = service
        self.before = before
        self.limit = limit
    }
}
