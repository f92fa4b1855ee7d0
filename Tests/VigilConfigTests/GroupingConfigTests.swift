import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// `group_by`, `error_status` and the retention block.
@Suite struct GroupingConfigTests {
    static let base = """
        services:
          - {name: web}
        slis:
          - name: web-requests
            error_status: [5xx, 429]
          - {name: web-latency, kind: latency, threshold: 300ms}
        """

    @Test func groupedSLOsAndStatusesResolve() throws {
        let yaml =
            Self.base + """

                slos:
                  - {name: by-route, service: web, sli: web-latency, objective: 0.99, window: 7d, group_by: [route, method], max_groups: 20}
                  - {name: by-route-default, service: web, sli: web-latency, objective: 0.99, window: 7d, group_by: [route]}
                  - {name: whole, service: web, sli: web-requests, objective: 0.99, window: 7d}
                server:
                  retention: {minutes: 14d, hours: 90d}
                  limits: {max_groups_per_slo: 7}
                """
        let config = try ConfigLoader.load(yaml: yaml, file: "g.yaml").get()
        #expect(config.slos[0].objective.grouping == SLOGrouping(labels: ["route", "method"], limit: 20))
        #expect(config.slos[1].objective.grouping == SLOGrouping(labels: ["route"], limit: 7))
        #expect(config.slos[2].objective.grouping == nil)
        #expect(config.slos[2].objective.sli.errorStatuses == StatusCodeSet(ranges: [500...599, 429...429]))
        #expect(config.server.retention == .seconds(14 * 86_400))
        #expect(config.server.hourlyRetention == .seconds(90 * 86_400))
    }

    @Test func badGroupingsStatusesAndRetentionAreErrors() {
        let yaml = """
            services:
              - {name: web}
            slis:
              - {name: a, error_status: [5xx, 7xx]}
              - {name: b, kind: latency, threshold: 1s, error_status: [5xx]}
            slos:
              - {name: s1, service: web, sli: a, objective: 0.99, window: 7d, group_by: [route, route]}
              - {name: s2, service: web, sli: a, objective: 0.99, window: 7d, group_by: [2xx]}
              - {name: s3, service: web, sli: a, objective: 0.99, window: 7d, max_groups: 5}
              - {name: s4, service: web, sli: a, objective: 0.99, window: 7d, group_by: []}
            server:
              retention: {minutes: 40d, hours: 30d}
            """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "g.yaml") else {
            Issue.record("loaded a broken configuration")
            return
        }
        #expect(
            errors.diagnostics.map(\.description) == [
                "g.yaml:4:35: error: slis[0].error_status[1]: expected a status class (5xx), a code (429) or a range (500-504), found '7xx'",
                "g.yaml:5:59: error: slis[1].error_status: only a ratio SLI judges statuses; a latency SLI judges latency_ms",
                "g.yaml:7:85: error: slos[0].group_by[1]: label 'route' is listed twice",
                "g.yaml:8:78: error: slos[1].group_by[0]: '2xx' is not a label name (letters, digits and '_', not starting with a digit)",
                "g.yaml:9:79: error: slos[2].max_groups: max_groups needs group_by",
                "g.yaml:10:77: error: slos[3].group_by: give at least one label, such as [route]",
                "g.yaml:12:14: error: server.retention: hourly data (30d) must be kept at least as long as minute data (40d)",
            ])
    }
}
