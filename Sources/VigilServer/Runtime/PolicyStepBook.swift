import VigilCore
import VigilStore

/// The latest recorded policy step of each service, read from the store once and then
/// kept, so the evaluator compares each cycle's standing without a query per service.
/// Forgotten when this server becomes leader: another may have recorded meanwhile.
actor PolicyStepBook {
    /// Per service, its latest record (`.some(nil)`: none stored).
    private var latest: [String: PolicyStepRecord?] = [:]

    func latest(of service: String, in store: any ReleaseStore) async throws -> PolicyStepRecord? {
        if let known = latest[service] { return known }
        let found = try await store.policySteps(service: service, before: nil, limit: 1).first
        latest[service] = .some(found)
        return found
    }

    func remember(_ record: PolicyStepRecord) { latest[record.service] = .some(record) }

    func forget() { latest = [:] }
}
