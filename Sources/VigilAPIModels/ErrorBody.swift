/// Every error answer of the API: `{"error": {"code", "message", "field", …}}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    /// What went wrong, for programs (`not_found`, `invalid_incident`, …) and for people.
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        /// The request field at fault, when there is one.
        public var field: String?
        /// A rejected event batch: its bad items.
        public var items: [Item]?
        public var details: [String]?
        /// A refused status change: the moves that are allowed.
        public var allowed: [String]?

        public init(code: String, message: String, field: String? = nil, items: [Item]? = nil, details: [String]? = nil, allowed: [String]? = nil) {
            self.code = code
            self.message = message
            self.field = field
            self.items = items
            self.details = details
            self.allowed = allowed
        }
    }

    /// One bad item of a rejected batch.
    public struct Item: Codable, Sendable, Equatable {
        public var index: Int
        public var field: String
        public var message: String
        public var line: Int?

        public init(index: Int, field: String, message: String, line: Int?) {
            self.index = index
            self.field = field
            self.message = message
            self.line = line
        }
    }

    public var error: Detail

    public init(_ error: Detail) {
        self.error = error
    }

    /// `field: message`, or the message alone: how a CLI reports it.
    public var summary: String {
        error.field.map { "\($0): \(error.message)" } ?? error.message
    }
}
