import VigilCore

/// The `incidents:` block: the words incidents use and the rules around them.
public struct IncidentSettings: Hashable, Sendable {
    /// Severities and roles.
    public var vocabulary = IncidentVocabulary()
    /// How far before an incident's start a change is a suspect (default 2 h).
    public var suspectWindow: Duration = .seconds(2 * 3600)
    /// When a postmortem is required (`postmortems.required_when`).
    public var postmortemCriteria = PostmortemCriteria()
    public var location: SourceLocation?

    public init() {}
}

/// A team: who is in it (for the blameless check and the toil ratio) and how many hours
/// a week each works (the toil ratio's denominator).
public struct TeamSpec: Hashable, Sendable {
    public var name: String
    public var members: [String]
    public var hoursPerWeek: Double = 40
    public var location: SourceLocation?

    public init(name: String, members: [String], hoursPerWeek: Double = 40, location: SourceLocation? = nil) {
        self.name = name
        self.members = members
        self.hoursPerWeek = hoursPerWeek
        self.location = location
    }
}
