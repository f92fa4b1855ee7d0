import Foundation

/// A load run as kept by the server: capacity data for a service (what rate it took at
/// what latency and error share), for later forecasting and headroom.
public struct LoadRun: Hashable, Sendable, Codable {
    /// Assigned by the store.
    public var id: Int64
    public var service: String?
    public var target: String
    /// `open` or `closed`.
    public var model: String
    public var connections: Int
    /// The open model's target rate.
    public var rate: Double?
    public var startedAt: Date
    public var summary: LoadSummary
    /// The run's findings, as the report gave them.
    public var findings: [String]

    public init(
        id: Int64 = 0, service: String?, target: String, model: String, connections: Int, rate: Double?, startedAt: Date,
        summary: LoadSummary, findings: [String]
    ) {
        self.id = id
        self.service = service
        self.target = target
        self.model = model
        self.connections = connections
        self.rate = rate
        self.startedAt = startedAt
        self.summary = summary
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case id, service, target, model, connections, rate, startedAt, summary, findings
    }

    /// A posted run has no id yet (the store gives it one); findings are optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id) ?? 0
        service = try container.decodeIfPresent(String.self, forKey: .service)
        target = try container.decode(String.self, forKey: .target)
        model = try container.decode(String.self, forKey: .model)
        guard model == "open" || model == "closed" else {
            throw DecodingError.dataCorruptedError(forKey: .model, in: container, debugDescription: "expected open or closed")
        }
        connections = try container.decode(Int.self, forKey: .connections)
        rate = try container.decodeIfPresent(Double.self, forKey: .rate)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        summary = try container.decode(LoadSummary.self, forKey: .summary)
        findings = try container.decodeIfPresent([String].self, forKey: .findings) ?? []
    }
}
