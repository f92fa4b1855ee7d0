// The CPU cost of one ingestion batch, stage by stage, as `POST /api/v1/events` pays it:
// decode (Vigil's event scanner; Foundation's JSONSerialization on the same bytes as the
// peer), check every event, judge and sum per minute. Usage: ingest-bench [events] [rounds]
import Foundation
import VigilCore
import VigilIngest

let eventCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000
let rounds = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 300 : 300
let now = Int64(Date().timeIntervalSince1970) / 60

func batch(_ make: (Int) -> String) -> Data { Data((0..<eventCount).map(make).joined(separator: "\n").utf8) }
let countsBatch = batch { i in
    #"{"time":"\#(RFC3339.format(minute: now - 1 - Int64(i % 5)))","sli":"sli-\#(String(format: "%04d", i % 20))","good":\#(i % 50 == 0 ? 0 : 1),"total":1}"#
}
let requestBatch = batch { i in
    #"{"time":"\#(RFC3339.format(minute: now - 1 - Int64(i % 5)))","service":"web","labels":{"route":"/r\#(i % 8)"},"status":\#(i % 50 == 0 ? 503 : 200),"latency_ms":\#(Double(i % 400) + 0.5)}"#
}

var indicators: [String: ServiceLevelIndicator] = [:]
for i in 0..<20 { indicators[String(format: "sli-%04d", i)] = ServiceLevelIndicator(name: String(format: "sli-%04d", i)) }
let availability = ServiceLevelIndicator(name: "web-requests")
let latency = ServiceLevelIndicator(name: "web-latency", kind: .latency(threshold: .milliseconds(300)))
indicators[availability.name] = availability
indicators[latency.name] = latency
let slos = [
    ServiceLevelObjective(name: "web-availability", service: "web", sli: availability, objective: 0.999, window: .rolling(.seconds(2_592_000))),
    ServiceLevelObjective(
        name: "web-latency", service: "web", sli: latency, objective: 0.99, window: .rolling(.seconds(2_592_000)),
        grouping: SLOGrouping(labels: ["route"], limit: 100)),
]
let judge = EventJudge(indicators: indicators, slos: slos, earliestMinute: now - 50_000, endMinute: now + 10)

func median(_ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
}

func report(_ name: String, _ data: Data) {
    var decoded = DecodedBatch()
    let scan = median { decoded = EventDecoder.decodeJSON(data) }
    precondition(decoded.errors.isEmpty && decoded.events.count == eventCount, "\(decoded.errors.prefix(3))")
    let foundation = median { _ = try! JSONSerialization.jsonObject(with: Data("[".utf8 + data.map { $0 == 0x0A ? UInt8(ascii: ",") : $0 } + "]".utf8)) }
    let check = median { precondition(judge.problems(in: decoded).isEmpty) }
    let sum = median { _ = judge.aggregate(decoded.events) }
    let total = scan + check + sum
    print(
        String(
            format: "%@ (%d events, %d KiB): scan %.3f ms (JSONSerialization alone %.3f ms, %.1fx), check %.3f ms, judge+sum %.3f ms; %.0f events/s per core",
            name, eventCount, data.count / 1024, scan, foundation, foundation / scan, check, sum, Double(eventCount) / total * 1000))
}

report("counts  ", countsBatch)
report("requests", requestBatch)
