import Foundation

/// Who gets a page, in what order: steps that each notify some targets and then wait
/// for an acknowledgement, the whole run repeated up to ``repeatCount`` more times.
public struct EscalationPolicy: Hashable, Sendable {
    /// Whom a step notifies.
    public enum Target: Hashable, Sendable, Codable, CustomStringConvertible {
        /// A person, through every contact method they have.
        case person(String)
        /// Whoever the schedule has on call when the step goes out.
        case schedule(String)
        /// A receiver, as any notification.
        case receiver(String)

        public var description: String {
            switch self {
            case .person(let name): "person \(name)"
            case .schedule(let name): "schedule \(name)"
            case .receiver(let name): "receiver \(name)"
            }
        }
    }

    public struct Step: Hashable, Sendable {
        public var targets: [Target]
        /// How long to wait for an acknowledgement before the next step.
        public var delay: Duration

        public init(targets: [Target], delay: Duration) {
            self.targets = targets
            self.delay = delay
        }
    }

    public var name: String
    public var steps: [Step]
    /// How many more times the steps run after the last one, unacknowledged.
    public var repeatCount: Int

    public init(name: String, steps: [Step], repeatCount: Int = 0) {
        self.name = name
        self.steps = steps
        self.repeatCount = repeatCount
    }
}
