import Foundation
import Logging
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// The two stores the shared suite runs against.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    typealias Store = any SignalStore & NotificationStore & IncidentStore & LoadRunStore

    /// A new, empty store of this kind, and how to close it. `nil` (with the reason
    /// printed) only where PostgreSQL is not installed on a developer's machine; CI
    /// installs it, so there the suite always runs on both.
    func makeStore() async throws -> (store: Store, close: @Sendable () -> Void)? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-contract-\(UUID().uuidString)").path
            let store = try SQLiteStore(directory: directory)
            return (store, { try? FileManager.default.removeItem(atPath: directory) })
        case .postgres:
            if let reason = TestPostgres.unavailableReason {
                print("skipping the PostgreSQL store: \(reason)")
                return nil
            }
            let store = try await PostgresStore.connect(url: try await TestPostgres.shared.freshDatabase(), logger: Logger(label: "test"))
            return (store, { store.close() })
        }
    }
}
