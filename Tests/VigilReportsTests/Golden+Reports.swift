import VigilTestSupport

extension Golden {
    /// The reports' golden files (`Tests/VigilReportsTests/Golden`).
    static let reports = Golden(beside: #filePath)
}
