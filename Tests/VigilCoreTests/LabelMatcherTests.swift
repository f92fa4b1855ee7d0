import Foundation
import Testing

@testable import VigilCore

/// Alertmanager's matcher syntax, its semantics, and every parse error.
@Suite struct LabelMatcherTests {
    @Test(arguments: [
        ("service=shop-web", "service", LabelMatcher.Operator.equal, "shop-web"),
        ("service = \"shop-web\"", "service", .equal, "shop-web"),
        ("severity!=info", "severity", .notEqual, "info"),
        ("tier=~\"page-.*\"", "tier", .matchesRegex, "page-.*"),
        ("team !~ ops|sre", "team", .notMatchesRegex, "ops|sre"),
        ("summary=\"a \\\"quoted\\\" \\\\ word\"", "summary", .equal, "a \"quoted\" \\ word"),
        ("team=\"\"", "team", .equal, ""),
        ("_x1=", "_x1", .equal, ""),
    ])
    func parses(text: String, name: String, op: LabelMatcher.Operator, value: String) throws {
        let matcher = try LabelMatcher(parsing: text)
        #expect(matcher.name == name && matcher.op == op && matcher.value == value)
        // what it prints parses back to itself
        #expect(try LabelMatcher(parsing: matcher.description) == matcher)
    }

    @Test(arguments: [
        ("=x", "expected a label name such as service, found '=x'", 0),
        ("1abc=x", "expected a label name such as service, found '1abc=x'", 0),
        ("service", "expected =, !=, =~ or !~ after 'service'", 7),
        ("service ~ x", "expected =, !=, =~ or !~ after 'service'", 8),
        ("service=\"shop", "unterminated quoted value", 8),
        ("service=\"a\" b", "unexpected 'b' after the value", 12),
        ("service=\"a\\tb\"", "unknown escape '\\t'", 10),
        ("service=a\"b", "a value with quotes must be quoted whole: \"…\"", 8),
        ("tier=~\"(page\"", "'(page' is not a valid regular expression", 6),
    ])
    func refuses(text: String, message: String, offset: Int) {
        #expect(throws: LabelMatcherError(message, offset: offset)) { try LabelMatcher(parsing: text) }
    }

    @Test func matchingFollowsAlertmanager() throws {
        let labels: LabelSet = ["service": "shop-web", "tier": "page-1h"]
        func holds(_ text: String) throws -> Bool { try LabelMatcher(parsing: text).matches(labels) }
        #expect(try holds("service=shop-web"))
        #expect(try !holds("service=shop"))
        #expect(try holds("tier=~page-.*"))
        // anchored: a regex must match the whole value
        #expect(try !holds("tier=~page"))
        #expect(try holds("tier!~page"))
        // a missing label is the empty value
        #expect(try holds("team=\"\""))
        #expect(try holds("team!=storefront"))
        #expect(try holds("team=~\".*\""))
        #expect(try !holds("team=~\".+\""))
    }

    /// Alertmanager's fingerprint: FNV-1a 64 over sorted names and values, each followed
    /// by 0xFF (vectors computed by an independent Python implementation).
    @Test func fingerprintsAreAlertmanagers() {
        #expect(Alert.fingerprint(of: [:]) == "cbf29ce484222325")
        #expect(Alert.fingerprint(of: ["slo": "shop-web-availability", "alertname": "ErrorBudgetBurn"]) == "6a80b1d1605407df")
    }

    /// A combining mark right after a quote makes one Swift `Character` of the two; the
    /// parser reads scalars, so the quote still closes the value (found by libFuzzer).
    @Test func aCombiningMarkAfterAQuoteDoesNotHideIt() throws {
        let matcher = try LabelMatcher(parsing: "g=  \u{653} ")
        #expect(matcher.value == "\u{653}")
        #expect(try LabelMatcher(parsing: matcher.description) == matcher)
        #expect(try LabelMatcher(parsing: "team=\"\u{301}ops\u{301}\"").value == "\u{301}ops\u{301}")
        #expect(throws: LabelMatcherError.self) { try LabelMatcher(parsing: "team=\"ops\"\u{301}") }
        // Writing one back escapes a quote that a combining mark follows.
        let quoted = try LabelMatcher(name: "m", op: .equal, value: "a \"\u{8E3}b")
        #expect(quoted.description == "m=\"a \\\"\u{8E3}b\"")
        #expect(try LabelMatcher(parsing: quoted.description) == quoted)
    }
}
