import Foundation
import VigilCore

/// A person as configured: the Core value (zone, working hours) and how to reach them.
public struct PersonSpec: Hashable, Sendable {
    public var person: Person
    /// Every method gets each page.
    public var contacts: [ContactMethod]
    public var location: SourceLocation?

    public init(person: Person, contacts: [ContactMethod], location: SourceLocation? = nil) {
        self.person = person
        self.contacts = contacts
        self.location = location
    }

    public var name: String { person.name }
}

/// One way to reach a person.
public enum ContactMethod: Hashable, Sendable {
    /// Through the `oncall.email` SMTP server.
    case email(String)
    /// Vigil's webhook document, signed when a secret is given.
    case webhook(url: String, secret: String?)
    /// A Slack-format incoming webhook (a DM channel's).
    case slack(url: String)
    /// An SMS or voice gateway: `{"to", "text"}` posted to `url`, signed when a secret is given.
    case textGateway(url: String, to: String, secret: String?, voice: Bool)

    /// `email`, `webhook`, `slack`, `sms` or `voice`.
    public var kindName: String {
        switch self {
        case .email: "email"
        case .webhook: "webhook"
        case .slack: "slack"
        case .textGateway(_, _, _, let voice): voice ? "voice" : "sms"
        }
    }
}

/// The `oncall:` block: how pages reach people beyond their own webhooks.
public struct OnCallSettings: Hashable, Sendable {
    /// How long an acknowledge or resolve link works (default 24 h).
    public var linkTTL: Duration = .seconds(24 * 3600)
    /// The SMTP server email contacts are sent through (`to` is the person's address).
    public var email: EmailReceiver?
    /// The SRE book's limit of events per shift, above which a shift is flagged (default 2).
    public var maxPagesPerShift = 2

    public init() {}
}

extension VigilConfiguration {
    /// The prefix of the receiver names contact methods are delivered under.
    public static let contactPrefix = "person:"

    /// The person called `name`.
    public func person(named name: String) -> PersonSpec? { people.first { $0.name == name } }

    /// The schedule called `name`.
    public func schedule(named name: String) -> Schedule? { schedules.first { $0.name == name } }

    /// The escalation policy called `name`.
    public func escalationPolicy(named name: String) -> EscalationPolicy? { escalationPolicies.first { $0.name == name } }

    /// A person's contact methods as receivers the outbox can send to, named
    /// `person:<name>#<n>` (n from 1, in the order configured).
    public func contactReceivers(of person: PersonSpec) -> [ReceiverSpec] {
        person.contacts.enumerated().compactMap { index, contact in
            let name = "\(Self.contactPrefix)\(person.name)#\(index + 1)"
            let kind: ReceiverSpec.Kind
            switch contact {
            case .email(let address):
                guard var email = oncall.email else { return nil }
                email.to = [address]
                kind = .email(email)
            case .webhook(let url, let secret): kind = .webhook(url: url, secret: secret)
            case .slack(let url): kind = .slack(url: url)
            case .textGateway(let url, let to, let secret, let voice): kind = .textGateway(url: url, to: to, secret: secret, voice: voice)
            }
            return ReceiverSpec(name: name, kind: kind, location: person.location)
        }
    }

    /// The receiver the outbox sends a row addressed to `name` to: a configured receiver,
    /// or a person's contact method.
    public func deliveryReceiver(named name: String) -> ReceiverSpec? {
        if let receiver = receivers.first(where: { $0.name == name }) { return receiver }
        guard name.hasPrefix(Self.contactPrefix), let hash = name.lastIndex(of: "#") else { return nil }
        let personName = String(name[name.index(name.startIndex, offsetBy: Self.contactPrefix.count)..<hash])
        guard let person = person(named: personName) else { return nil }
        return contactReceivers(of: person).first { $0.name == name }
    }
}

extension EscalationSimulation {
    /// The simulation of `policy` against this configuration's schedules and people.
    public init(configuration: VigilConfiguration, policy: EscalationPolicy, at start: Date, overrides: [ScheduleOverride] = []) {
        self.init(
            policy: policy, at: start, schedules: Dictionary(configuration.schedules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }),
            people: Dictionary(configuration.people.map { ($0.name, $0.person) }, uniquingKeysWith: { a, _ in a }), overrides: overrides)
    }
}
