import Foundation
import VigilCore

/// Where an item stood in its batch.
public struct EventPosition: Hashable, Sendable {
    /// From 0.
    public var index: Int
    /// From 1, for line-oriented inputs.
    public var line: Int?
}

/// The events of a batch that decoded, where each came from, and the items that did not.
public struct DecodedBatch: Sendable {
    public var events: [Event] = []
    /// `positions[i]` is where `events[i]` came from.
    public var positions: [EventPosition] = []
    public var errors: [EventError] = []

    public init(events: [Event] = [], positions: [EventPosition] = [], errors: [EventError] = []) {
        self.events = events
        self.positions = positions
        self.errors = errors
    }
}

/// Decodes batches of events from JSON (an array), NDJSON (one object per line) or CSV.
/// Every bad item is reported with its index, line and field; a batch with any error is
/// meant to be rejected whole.
public enum EventDecoder {
    /// The fields an event object may carry.
    public static let fields = RawEvent.Field.allCases.map(\.name)

    /// Decodes a JSON array or NDJSON, whichever `data` holds.
    public static func decodeJSON(_ data: Data) -> DecodedBatch {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var scanner = EventScanner(bytes)
            scanner.skipWhitespace()
            return scanner.current == UInt8(ascii: "[") ? decodeArray(scanner) : decodeNDJSON(bytes)
        }
    }

    /// A JSON array of event objects. A syntax error anywhere rejects the whole array
    /// (there are no lines to blame), with its line and column.
    static func decodeArray(_ start: EventScanner) -> DecodedBatch {
        var scanner = start
        var batch = DecodedBatch()
        do throws(JSONSyntaxError) {
            try scanner.expect(UInt8(ascii: "["), "'['")
            scanner.skipWhitespace()
            var index = 0
            if scanner.current == UInt8(ascii: "]") {
                scanner.index += 1
            } else {
                while true {
                    scanner.skipWhitespace()
                    if scanner.current == UInt8(ascii: "{") {
                        batch.add(validate(try scanner.event(), index: index, line: nil), index: index, line: nil)
                    } else {
                        let value = try scanner.value()
                        batch.errors.append(EventError(index: index, field: "", message: "expected a JSON object, found \(value.description)"))
                    }
                    index += 1
                    scanner.skipWhitespace()
                    if scanner.current == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    try scanner.expect(UInt8(ascii: "]"), "',' or ']' after an event")
                    break
                }
            }
            scanner.skipWhitespace()
            guard scanner.atEnd else { throw scanner.error("unexpected text after the array") }
            return batch
        } catch {
            let (line, column) = scanner.position(of: error.offset)
            return DecodedBatch(errors: [EventError(index: 0, field: "", message: "invalid JSON at line \(line), column \(column): \(error.message)")])
        }
    }

    /// NDJSON: each non-blank line is one event object; a broken line is reported and the
    /// others are still read, so every bad line is listed at once.
    static func decodeNDJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodedBatch {
        var batch = DecodedBatch()
        // An event line is rarely shorter than 60 bytes: one allocation, not a dozen.
        batch.events.reserveCapacity(bytes.count / 60 + 1)
        batch.positions.reserveCapacity(bytes.count / 60 + 1)
        var lineStart = 0
        var lineNumber = 1
        var index = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var scanner = EventScanner(bytes, from: lineStart, to: lineEnd)
            scanner.skipWhitespace()
            if !scanner.atEnd {
                do throws(JSONSyntaxError) {
                    guard scanner.current == UInt8(ascii: "{") else {
                        let value = try scanner.value()
                        throw JSONSyntaxError(message: "expected a JSON object, found \(value.description)", offset: lineStart)
                    }
                    let event = try scanner.event()
                    scanner.skipWhitespace()
                    guard scanner.atEnd else { throw scanner.error("unexpected text after the object") }
                    batch.add(validate(event, index: index, line: lineNumber), index: index, line: lineNumber)
                } catch {
                    let message =
                        error.message.hasPrefix("expected a JSON object")
                        ? error.message : "invalid JSON at column \(error.offset - lineStart + 1): \(error.message)"
                    batch.errors.append(EventError(index: index, line: lineNumber, field: "", message: message))
                }
                index += 1
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return batch
    }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    public static func parseTime(_ text: String) -> Date? {
        RFC3339.parse(text)
    }
}

extension DecodedBatch {
    mutating func add(_ result: Result<Event, EventDecoder.ItemErrors>, index: Int, line: Int?) {
        switch result {
        case .success(let event):
            events.append(event)
            positions.append(EventPosition(index: index, line: line))
        case .failure(let itemErrors):
            errors += itemErrors.errors
        }
    }
}
