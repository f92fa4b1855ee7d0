/// A load scenario as written in YAML (docs/load.md): several weighted, named requests,
/// the model (connections, or a rate), stages that ramp it, and thresholds.
public struct LoadScenario: Hashable, Sendable {
    public struct Request: Hashable, Sendable {
        public var name: String
        public var method: String
        public var path: String
        public var headers: [Header]
        public var body: String?
        public var weight: Int

        public init(name: String, method: String = "GET", path: String, headers: [Header] = [], body: String? = nil, weight: Int = 1) {
            self.name = name
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.weight = weight
        }
    }

    public struct Header: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// What the stages ramp.
    public enum StageKind: String, Hashable, Sendable {
        case rate, connections
    }

    public var target: String
    public var requests: [Request]
    public var connections: Int
    public var threads: Int
    /// The open model's constant rate.
    public var rate: Double?
    public var duration: Duration?
    public var timeout: Duration
    public var stages: LoadStages?
    public var stageKind: StageKind?
    public var thresholds: [LoadThreshold]

    public init(
        target: String, requests: [Request], connections: Int = 10, threads: Int = 2, rate: Double? = nil, duration: Duration? = nil,
        timeout: Duration = .seconds(2), stages: LoadStages? = nil, stageKind: StageKind? = nil, thresholds: [LoadThreshold] = []
    ) {
        self.target = target
        self.requests = requests
        self.connections = connections
        self.threads = threads
        self.rate = rate
        self.duration = duration
        self.timeout = timeout
        self.stages = stages
        self.stageKind = stageKind
        self.thresholds = thresholds
    }
}
