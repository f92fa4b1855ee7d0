extension API {
    /// The answer to `POST /api/v1/events`, given once the batch is on disk.
    public struct IngestResult: Codable, Sendable, Equatable {
        /// Events stored (0 for a repeated batch).
        public var accepted: Int
        /// The batch's `Idempotency-Key` was seen before: nothing new was stored.
        public var duplicate: Bool

        public init(accepted: Int, duplicate: Bool) {
            self.accepted = accepted
            self.duplicate = duplicate
        }
    }
}
