import VigilCore

/// The `status_page:` block: what the public page at `/status` shows. Only what is named
/// here is public; SLO targets, hostnames and internal names never are.
public struct StatusPageSettings: Hashable, Sendable {
    /// One service on the page.
    public struct Entry: Hashable, Sendable {
        /// The configured service.
        public var service: String
        /// The name the public reads (default: the service's name).
        public var displayName: String
        /// The SLO whose good-event share makes the daily uptime bars (default: the
        /// service's first SLO; none when it has no SLO).
        public var slo: String?
        public var description: String?

        public init(service: String, displayName: String, slo: String? = nil, description: String? = nil) {
            self.service = service
            self.displayName = displayName
            self.slo = slo
            self.description = description
        }
    }

    public var title = "Service status"
    public var description: String?
    public var services: [Entry] = []
    /// How many days of uptime bars (default 90).
    public var days = 90
    public var location: SourceLocation?

    public init() {}
}
