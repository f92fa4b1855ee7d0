import Foundation
import VigilIngest

extension FuzzTarget {
    /// The hand-written scanner against Foundation's JSON parser: both accept the same
    /// documents (the scanner claims to take exactly RFC 8259 JSON), and every error and
    /// position names an item of the batch.
    static func eventsJSON(_ input: Data) throws(FuzzFinding) {
        let batch = EventDecoder.decodeJSON(input)
        try checkShape(batch, .eventsJSON)
        let trimmed = text(input).trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("["), input.count < 1 << 16 else { return }
        let syntaxError = batch.errors.contains { $0.message.hasPrefix("invalid JSON") }
        // A raw NUL is never JSON (no whitespace outside strings, an unescaped control
        // character inside one), so the scanner must refuse it. Foundation, though, reads
        // a document with a NUL among its first four bytes as UTF-16 or UTF-32 (RFC 4627's
        // encoding detection: `[\0\0\0]\0\0\0` is `[]` to it), where RFC 8259 and the
        // scanner take UTF-8 only; so NULs leave the differential out.
        if input.contains(0) {
            guard syntaxError else { throw FuzzFinding(.eventsJSON, "the scanner took a raw NUL byte as JSON") }
            return
        }
        let foundation = (try? JSONSerialization.jsonObject(with: input, options: [])) != nil
        // Foundation accepts a trailing comma (`[{…},]`), which RFC 8259 does not, and
        // refuses numbers it cannot represent (1e400), which RFC 8259 allows; only the
        // other disagreements are findings.
        if syntaxError && foundation && !hasTrailingComma(input) {
            throw FuzzFinding(.eventsJSON, "the scanner refused JSON that Foundation reads: \(batch.errors[0].message)")
        }
        if !syntaxError && !foundation && !hasHugeNumber(input) && String(data: input, encoding: .utf8) != nil {
            throw FuzzFinding(.eventsJSON, "the scanner took as JSON what Foundation refuses")
        }
    }

    static func eventsCSV(_ input: Data) throws(FuzzFinding) {
        try checkShape(EventDecoder.decodeCSV(text(input)), .eventsCSV)
    }

    /// Each decoded event has its position, and errors come in item order.
    private static func checkShape(_ batch: DecodedBatch, _ target: FuzzTarget) throws(FuzzFinding) {
        guard batch.positions.count == batch.events.count else {
            throw FuzzFinding(target, "\(batch.events.count) events but \(batch.positions.count) positions")
        }
        for error in batch.errors where error.index < 0 || (error.line.map { $0 < 1 } ?? false) {
            throw FuzzFinding(target, "an error at item \(error.index), line \(error.line ?? 0)")
        }
    }

    /// Whether a comma comes right before a closing bracket or brace (outside strings
    /// or not: this only decides which inputs the differential skips).
    private static func hasTrailingComma(_ input: Data) -> Bool {
        text(input).range(of: #",[ \t\r\n]*[\]}]"#, options: .regularExpression) != nil
    }

    /// Whether a number with an exponent of three or more digits occurs (Foundation
    /// cannot represent 1e400 as a Double and refuses the document).
    private static func hasHugeNumber(_ input: Data) -> Bool {
        text(input).range(of: #"[0-9][eE][+-]?[0-9]{3,}"#, options: .regularExpression) != nil
            || text(input).range(of: #"[0-9]{300,}"#, options: .regularExpression) != nil
    }
}
