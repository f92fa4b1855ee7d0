import Foundation
import Testing

@testable import VigilCore

@Suite("Reading PromQL SLIs minute by minute")
struct PrometheusCoreTests {
    @Test func eachFormAsksForOneMinuteWindows() {
        let errors = PrometheusMinuteQueries(.errorsOverTotal(errors: "sum(rate(e[{{.window}}]))", total: " sum(rate(t[{{ .window }}]))\n"))
        #expect(errors.form == .errors)
        #expect(errors.queries == ["(sum(rate(e[1m]))) * 60", "(sum(rate(t[1m]))) * 60"])
        #expect(PrometheusMinuteQueries(.errorRatio("r[{{.window}}]")).queries == ["r[1m]"])
    }

    @Test func samplesBecomeWholeEventCounts() {
        let errors = PrometheusMinuteQueries(.errorsOverTotal(errors: "e", total: "t"))
        let counts = errors.minutes([[10: 2.4, 11: 0, 12: 5, 13: .nan], [10: 100.6, 11: 50, 13: 10]])
        #expect(counts[10] == EventCounts(good: 99, valid: 101))
        #expect(counts[11] == EventCounts(good: 50, valid: 50))
        #expect(counts[12] == nil, "no total: no data")
        #expect(counts[13] == nil, "0/0 is no data, not 100 %")
        let good = PrometheusMinuteQueries(.goodOverTotal(good: "g", total: "t")).minutes([[1: 120], [1: 100]])
        #expect(good[1] == EventCounts(good: 100, valid: 100), "never more good than valid")
        let ratio = PrometheusMinuteQueries(.errorRatio("r")).minutes([[1: 0.0125, 2: 3]])
        #expect(ratio[1] == EventCounts(good: 987, valid: 1000) && ratio[2] == EventCounts(good: 0, valid: 1000))
    }

    @Test func answersAreReadByMinuteAndSeriesSummed() throws {
        let json =
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"code":"500"},"values":[[1740009660,"3"],[1740009720,"4.5"]]},{"metric":{"code":"503"},"values":[[1740009720,"1"]]}]}}"#
        let minutes = try PrometheusResponse.minutes(Data(json.utf8))
        // a sample at a minute's end belongs to that minute
        #expect(minutes == [1_740_009_660 / 60 - 1: 3, 1_740_009_720 / 60 - 1: 5.5])
        #expect(throws: PrometheusResponse.Problem.refused(type: "bad_data", message: "parse error at char 5")) {
            try PrometheusResponse.minutes(Data(#"{"status":"error","errorType":"bad_data","error":"parse error at char 5"}"#.utf8))
        }
        #expect(throws: PrometheusResponse.Problem.self) { try PrometheusResponse.minutes(Data("<html>502</html>".utf8)) }
        #expect(throws: PrometheusResponse.Problem.malformed("expected a matrix, found vector")) {
            try PrometheusResponse.minutes(Data(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#.utf8))
        }
    }

    @Test func longRangesAreCutUnderPrometheussPointLimit() {
        #expect(PrometheusResponse.chunks(from: 0, through: 43_199) == [0...9_999, 10_000...19_999, 20_000...29_999, 30_000...39_999, 40_000...43_199])
        #expect(PrometheusResponse.chunks(from: 5, through: 5) == [5...5])
        #expect(PrometheusResponse.chunks(from: 6, through: 5).isEmpty)
    }

    @Test func histogramBoundsAreWrittenAsClientsWriteThem() {
        #expect(PrometheusSLIQuery.bucketBound(.milliseconds(300)) == "0.3")
        #expect(PrometheusSLIQuery.bucketBound(.seconds(1)) == "1")
        #expect(PrometheusSLIQuery.bucketBound(.milliseconds(2500)) == "2.5")
    }
}
