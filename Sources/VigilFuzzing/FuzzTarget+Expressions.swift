import Foundation
import VigilCore

extension FuzzTarget {
    /// A condition that parses reads back the same from its own text; a refusal points
    /// inside the text.
    static func probeCondition(_ input: Data) throws(FuzzFinding) {
        let text = text(input)
        let condition: ProbeCondition
        do {
            condition = try ProbeCondition(parsing: text)
        } catch {
            try checkOffset(error.offset, in: text, .probeCondition)
            return
        }
        guard let again = try? ProbeCondition(parsing: condition.description), again == condition else {
            throw FuzzFinding(.probeCondition, "'\(condition.description)' does not read back as itself")
        }
    }

    /// A matcher that parses reads back equal from its quoted spelling.
    static func labelMatcher(_ input: Data) throws(FuzzFinding) {
        let text = text(input)
        let matcher: LabelMatcher
        do {
            matcher = try LabelMatcher(parsing: text)
        } catch {
            try checkOffset(error.offset, in: text, .labelMatcher)
            return
        }
        guard let again = try? LabelMatcher(parsing: matcher.description), again == matcher else {
            throw FuzzFinding(.labelMatcher, "'\(matcher.description)' does not read back as itself")
        }
    }

    /// An error's offset points into the text (or just past its end), counted in
    /// characters or in Unicode scalars (at least as many).
    static func checkOffset(_ offset: Int, in text: String, _ target: FuzzTarget) throws(FuzzFinding) {
        guard (0...text.unicodeScalars.count).contains(offset) else {
            throw FuzzFinding(target, "error offset \(offset) outside a \(text.unicodeScalars.count)-scalar text")
        }
    }

    /// A duration that parses reads back equal from its compact spelling.
    static func duration(_ input: Data) throws(FuzzFinding) {
        guard let parsed = try? Duration(parsing: text(input)) else { return }
        let spelled = parsed.compactDescription
        guard let again = try? Duration(parsing: spelled), again == parsed else {
            throw FuzzFinding(.duration, "\(parsed) spelled '\(spelled)' does not read back")
        }
    }

    /// After substitution no window placeholder is left, whatever the query holds.
    static func promqlTemplate(_ input: Data) throws(FuzzFinding) {
        let text = text(input)
        let window = text.prefix { $0 != "\n" }
        guard !window.isEmpty, !window.contains("{"), !window.contains("}") else { return }
        let query = String(text.dropFirst(window.count))
        let result = PrometheusSLIQuery.substitute(query, window: String(window))
        if result.contains("{{.window}}") || result.contains("{{ .window }}") {
            throw FuzzFinding(.promqlTemplate, "a placeholder is left in '\(result)'")
        }
    }
}
