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

    typealias Store = any SignalStore & NotificationStore & IncidentStore & LoadRunStore & ReleaseStore & OnCallStore

    /// The backends this machine can run: both, except where PostgreSQL is not installed
    /// on a developer's machine. Then ``StoreContractTests/postgreSQLCasesRun()`` is
    /// reported skipped with the reason (CI installs PostgreSQL and fails on any skip).
    static let runnable: [StoreBackend] = ExternalTool.postgres.missingReason == nil ? allCases : [.sqlite]

    /// A new, empty store of this kind, and how to close it.
    func makeStore() async throws -> (store: Store, close: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-contract-\(UUID().uuidString)").path
            let store = try SQLiteStore(directory: directory)
            return (store, { try? FileManager.default.removeItem(atPath: directory) })
        case .postgres:
            let store = try await PostgresStore.connect(url: try await TestPostgres.shared.freshDatabase(), logger: Logger(label: "test"))
            return (store, { store.close() })
        }
    }
}
