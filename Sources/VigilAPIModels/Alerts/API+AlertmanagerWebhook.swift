extension API {
    /// `POST /api/v1/alertmanager`: Alertmanager's webhook payload (version 4), with the
    /// keys as Alertmanager writes them (`startsAt`, `externalURL`).
    ///
    /// Read with ``StrictJSONDecoder`` set to ignore unknown keys and allow empty strings:
    /// this is a peer's format, and a field a newer Alertmanager adds must not turn its
    /// pages away.
    public struct AlertmanagerWebhook: Codable, Sendable, Equatable {
        public var version: String?
        public var groupKey: String?
        public var truncatedAlerts: Int?
        /// `firing` or `resolved`.
        public var status: String?
        public var receiver: String?
        public var groupLabels: [String: String]?
        public var commonLabels: [String: String]?
        public var commonAnnotations: [String: String]?
        public var externalURL: String?
        public var alerts: [Alert]

        public init(version: String?, alerts: [Alert]) {
            self.version = version
            self.alerts = alerts
        }

        /// One alert of the payload.
        public struct Alert: Codable, Sendable, Equatable {
            public var status: String?
            public var labels: [String: String]
            public var annotations: [String: String]?
            /// RFC 3339; Alertmanager writes the zero time (year 1) for "not ended".
            public var startsAt: String
            public var endsAt: String?
            public var generatorURL: String?
            public var fingerprint: String?

            public init(status: String?, labels: [String: String], annotations: [String: String]?, startsAt: String, endsAt: String?) {
                self.status = status
                self.labels = labels
                self.annotations = annotations
                self.startsAt = startsAt
                self.endsAt = endsAt
            }
        }
    }
}

extension API {
    /// The answer to an Alertmanager webhook: how many alerts it carried.
    public struct AlertmanagerAccepted: Codable, Sendable, Equatable {
        public var accepted: Int

        public init(accepted: Int) {
            self.accepted = accepted
        }
    }
}
