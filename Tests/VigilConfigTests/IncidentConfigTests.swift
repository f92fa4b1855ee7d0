import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// `incidents:`, `teams:` and a route's `open_incident:`.
@Suite struct IncidentConfigTests {
    @Test func incidentSettingsTeamsAndOpeningRoutesLoad() throws {
        let yaml = """
            receivers:
              - {name: oncall, webhook: {url: "http://127.0.0.1:9095/hook"}}
            routing:
              receiver: oncall
              open_incident: P2
              routes:
                - {matchers: ["class=ticket"], receiver: oncall}
            incidents:
              severities: [P1, P2, P3]
              roles: [commander, scribe]
              suspect_window: 90m
              postmortems:
                required_when: {severities: [P1], downtime_over: 15m, budget_spent_over: 25%, data_loss: true}
            teams:
              - {name: storefront, members: [Dana Reyes, Sam Ode], hours_per_week: 35}
              - {name: payments, members: [Kim]}
            """
        let config = try ConfigLoader.load(yaml: yaml, file: "i.yaml").get()
        #expect(config.incidents.vocabulary == IncidentVocabulary(severities: ["P1", "P2", "P3"], roles: ["commander", "scribe"]))
        #expect(config.incidents.suspectWindow == .seconds(5400))
        #expect(
            config.incidents.postmortemCriteria == PostmortemCriteria(severities: ["P1"], downtimeOver: .seconds(900), budgetSpentOver: 0.25, dataLoss: true))
        #expect(config.teams.map(\.hoursPerWeek) == [35, 40])
        #expect(config.personNames == ["Dana Reyes", "Sam Ode", "Kim"])
        // not inherited: the ticket route below opens none
        #expect(config.routing?.openIncident == "P2" && config.routing?.routes.first?.openIncident == nil)
        let again = try ConfigLoader.load(yaml: try ConfigEmitter.yaml(for: config) + "\nincidents: {severities: [P1, P2, P3]}\n", file: "again.yaml").get()
        #expect(again.routing == config.routing && again.teams.map(\.members) == config.teams.map(\.members))
        // defaults without the blocks
        let bare = try ConfigLoader.load(yaml: "services: [{name: a}]", file: "b.yaml").get()
        #expect(bare.incidents.vocabulary.severities == ["SEV1", "SEV2", "SEV3", "SEV4"] && bare.incidents.suspectWindow == .seconds(7200))
    }

    @Test func mistakesPointAtTheirToken() {
        let yaml = """
            receivers:
              - {name: oncall, webhook: {url: "http://127.0.0.1:9095/hook"}}
            routing:
              receiver: oncall
              open_incident: SEV9
            incidents:
              roles: [commander, commander]
              suspect_window: soon
              postmortems:
                required_when: {severities: [SEV7], budget_spent_over: 120x}
            teams:
              - {name: a, hours_per_week: 200}
              - {name: a}
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "i.yaml") else {
            Issue.record("loaded a broken incidents block")
            return
        }
        let messages = errors.diagnostics.map(\.description)
        #expect(messages.count == 7, "each mistake once: \(messages)")
        #expect(
            messages.contains(
                "i.yaml:5:18: error: routing.open_incident: unknown severity 'SEV9'; expected one of SEV1, SEV2, SEV3, SEV4; did you mean 'SEV1'?"))
        #expect(messages.contains("i.yaml:7:10: error: incidents.roles: 'commander' is listed twice"))
        #expect(messages.contains { $0.hasPrefix("i.yaml:8:19: error: incidents.suspect_window:") })
        #expect(messages.contains { $0.hasPrefix("i.yaml:10:33: error: incidents.postmortems.required_when.severities: unknown severity 'SEV7'") })
        #expect(
            messages.contains("i.yaml:10:60: error: incidents.postmortems.required_when.budget_spent_over: expected a share such as 20% or 0.2, found '120x'"))
        #expect(messages.contains("i.yaml:12:31: error: teams[0].hours_per_week: must be more than 0 and at most 168"))
        #expect(messages.contains { $0.hasPrefix("i.yaml:13:12: error: ") && $0.contains("duplicate team name 'a'") })
    }
}

@Suite struct PrometheusSourceConfigTests {
    @Test func aHistogramSLIAndThePrometheusSourceAreRead() throws {
        let yaml = """
            services: [{name: api}]
            slis:
              - name: api-fast
                prometheus: {histogram: http_request_duration_seconds, selector: 'job="api"', threshold: 300ms}
            slos:
              - {name: api-latency, service: api, sli: api-fast, objective: 0.99, window: 7d}
            server:
              prometheus: {url: "http://127.0.0.1:9090/", timeout: 5s}
            """
        let configuration = try ConfigLoader.load(yaml: yaml, file: "p.yaml").get()
        #expect(configuration.server.prometheus == PrometheusSource(url: "http://127.0.0.1:9090", timeout: .seconds(5)))
        guard case .prometheus(.goodOverTotal(let good, let total)) = configuration.indicators["api-fast"]?.source else {
            Issue.record("not a good/total PromQL SLI")
            return
        }
        #expect(good == #"sum(rate(http_request_duration_seconds_bucket{job="api",le="0.3"}[{{.window}}]))"#)
        #expect(total == #"sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))"#)
    }

    @Test func badPrometheusSettingsPointAtTheirLine() {
        let yaml = """
            services: [{name: api}]
            slis:
              - name: a
                prometheus: {histogram: h, error_query: x, threshold: 1s}
            server:
              prometheus: {url: "localhost:9090", timeout: 10ms}
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "p.yaml") else {
            Issue.record("accepted")
            return
        }
        let text = errors.description
        #expect(text.contains("p.yaml:4:") && text.contains("histogram (with threshold) or queries, not both"))
        #expect(text.contains("p.yaml:6:") && text.contains("server.prometheus.url"))
        #expect(text.contains("server.prometheus.timeout") && text.contains("at least 1s"))
    }
}
