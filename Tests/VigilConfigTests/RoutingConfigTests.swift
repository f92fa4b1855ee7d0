import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// `routing:`, `inhibit_rules:` and receivers: inheritance, references and errors.
@Suite struct RoutingConfigTests {
    static let receivers = """
        receivers:
          - name: oncall
            webhook: {url: "http://127.0.0.1:9095/hook", secret: s3cret}
          - name: tickets
            slack: {url: "http://127.0.0.1:9095/slack"}
            send_resolved: false
          - name: mail
            email: {to: [sre@example.com], from: vigil@example.com, smarthost: "127.0.0.1:2525", username: vigil, password: pw, require_tls: false}
            retry_for: 2h
        """

    @Test func routesInheritWhatTheyDoNotGive() throws {
        let yaml =
            Self.receivers + """

                routing:
                  receiver: oncall
                  group_by: [slo]
                  group_wait: 10s
                  repeat_interval: 1h
                  routes:
                    - matchers: ["class = ticket"]
                      receiver: tickets
                      repeat_interval: 1d
                    - matchers: ['service=~"shop-.*"', "severity != info"]
                      continue: true
                      routes:
                        - {matchers: ["team=storefront"], receiver: mail, group_by: ['...']}
                inhibit_rules:
                  - source_matchers: ["alertname = ProbeDown"]
                    target_matchers: ["class = ticket"]
                    equal: [service]
                """
        let config = try ConfigLoader.load(yaml: yaml, file: "r.yaml").get()
        let root = try #require(config.routing)
        #expect(root.receiver == "oncall" && root.groupWait == .seconds(10) && root.groupInterval == .seconds(300) && root.repeatInterval == .seconds(3600))
        let tickets = root.routes[0]
        let shop = root.routes[1]
        let mail = shop.routes[0]
        #expect(
            tickets.receiver == "tickets" && tickets.repeatInterval == .seconds(86_400) && tickets.groupBy == .labels(["slo"])
                && tickets.groupWait == .seconds(10))
        #expect(shop.receiver == "oncall" && shop.continueMatching && shop.matchers.map(\.description) == [#"service=~"shop-.*""#, #"severity!="info""#])
        #expect(mail.id == "0.1.0" && mail.groupBy == .all && mail.repeatInterval == .seconds(3600) && !mail.continueMatching)
        #expect(config.inhibitRules?.first?.equal == ["service"])
        #expect(config.receivers.map(\.sendResolved) == [true, false, true])
        #expect(config.receivers[2].retryFor == .seconds(7200))
        guard case .email(let email) = config.receivers[2].kind else {
            Issue.record("expected email")
            return
        }
        #expect(email.username == "vigil" && email.password == "pw" && !email.requireTLS)
        // printed YAML reads back to the same tree, rules and receivers
        let again = try ConfigLoader.load(yaml: try ConfigEmitter.yaml(for: config), file: "again.yaml").get()
        #expect(again.routing == config.routing && again.inhibitRules == config.inhibitRules)
        #expect(again.receivers.map { $0.with(location: nil) } == config.receivers.map { $0.with(location: nil) })
        // without inhibit_rules the defaults apply (nil), without routing nothing is sent
        let bare = try ConfigLoader.load(yaml: Self.receivers, file: "b.yaml").get()
        #expect(bare.routing == nil && bare.inhibitRules == nil)
    }

    @Test func badRoutingIsReportedAtItsTokens() {
        let yaml =
            Self.receivers + """

                routing:
                  receiver: oncal
                  group_interval: 0s
                  routes:
                    - matchers: ["class = ticket", 'tier=~"(page"', "service ~ x"]
                      receiver: pager
                    - matchers: [severity=page]
                      bogus: 1
                inhibit_rules:
                  - source_matchers: []
                    target_matchers: ["class = ticket"]
                """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "r.yaml") else {
            Issue.record("loaded a broken routing")
            return
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "r.yaml:11:13: error: routing.receiver: unknown receiver 'oncal'; did you mean 'oncall'?",
                "r.yaml:12:19: error: routing.group_interval: must be more than 0",
                "r.yaml:14:43: error: routing.routes[0].matchers[1]: '(page' is not a valid regular expression",
                "r.yaml:14:62: error: routing.routes[0].matchers[2]: expected =, !=, =~ or !~ after 'service'",
                "r.yaml:15:17: error: routing.routes[0].receiver: unknown receiver 'pager'; declare it under receivers: or escalation_policies:",
                "r.yaml:17:7: error: routing.routes[1].bogus: unknown key 'bogus'",
                "r.yaml:19:22: error: inhibit_rules[0].source_matchers: give at least one matcher: an empty list would let every alert inhibit",
            ])
    }
}

extension ReceiverSpec {
    func with(location: VigilConfig.SourceLocation?) -> ReceiverSpec {
        var copy = self
        copy.location = location
        return copy
    }
}
