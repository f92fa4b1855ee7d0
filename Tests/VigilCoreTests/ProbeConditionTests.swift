import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct ProbeConditionTests {
    static let healthy = ProbeObservation(
        connected: true, status: 200, responseTime: .milliseconds(120),
        body: Array(#"{"status":"UP","items":[1,2,3],"data":{"result":[{"value":[17,"42"]}]},"ok":true,"name":"vigil"}"#.utf8),
        certificateExpiration: .seconds(30 * 86_400), dnsRcode: "NOERROR", ip: "127.0.0.1")
    static let broken = ProbeObservation(
        connected: true, status: 500, responseTime: .milliseconds(512), body: Array("<html>Service Unavailable</html>".utf8),
        certificateExpiration: .seconds(23 * 3600), dnsRcode: "NXDOMAIN", ip: "10.0.0.7")
    static let refused = ProbeObservation(connected: false, responseTime: .milliseconds(3))

    /// Condition, then its display and outcome on a healthy, a broken and a refused run.
    @Test(
        arguments: [
            ("[STATUS] == 200", "[STATUS] (200) == 200", true, "[STATUS] (500) == 200", false, "[STATUS] (none) == 200", false),
            ("[STATUS] < 300", "[STATUS] (200) < 300", true, "[STATUS] (500) < 300", false, "[STATUS] (none) < 300", false),
            (
                "[STATUS] == any(200, 204)", "[STATUS] (200) == any(200, 204)", true, "[STATUS] (500) == any(200, 204)", false,
                "[STATUS] (none) == any(200, 204)", false
            ),
            (
                "any([STATUS], 200, 500)", "[STATUS] (200) == any(200, 500)", true, "[STATUS] (500) == any(200, 500)", true, "[STATUS] (none) == any(200, 500)",
                false
            ),
            ("[RESPONSE_TIME] < 300", "[RESPONSE_TIME] (120) < 300", true, "[RESPONSE_TIME] (512) < 300", false, "[RESPONSE_TIME] (3) < 300", true),
            ("[RESPONSE_TIME] <= 1s", "[RESPONSE_TIME] (120) <= 1s", true, "[RESPONSE_TIME] (512) <= 1s", true, "[RESPONSE_TIME] (3) <= 1s", true),
            ("[BODY].status == UP", "[BODY].status (UP) == UP", true, "[BODY].status (none) == UP", false, "[BODY].status (none) == UP", false),
            (
                "[BODY] == pat(*Unavailable*)", "[BODY] ({\"status\":\"UP\",\"items\":[1…(truncated)) == pat(*Unavailable*)", false,
                "[BODY] (<html>Service Unavailable…(truncated)) == pat(*Unavailable*)", true, "[BODY] (none) == pat(*Unavailable*)", false
            ),
            ("len([BODY].items) > 2", "len([BODY].items) (3) > 2", true, "len([BODY].items) (none) > 2", false, "len([BODY].items) (none) > 2", false),
            ("has([BODY].ok) == true", "has([BODY].ok) (true) == true", true, "has([BODY].ok) (false) == true", false, "has([BODY].ok) (false) == true", false),
            (
                "[BODY].data.result[0].value[1] == 42", "[BODY].data.result[0].value[1] (42) == 42", true,
                "[BODY].data.result[0].value[1] (none) == 42", false, "[BODY].data.result[0].value[1] (none) == 42", false
            ),
            (
                "[CERTIFICATE_EXPIRATION] > 48h", "[CERTIFICATE_EXPIRATION] (720h) > 48h", true, "[CERTIFICATE_EXPIRATION] (23h) > 48h", false,
                "[CERTIFICATE_EXPIRATION] (none) > 48h", false
            ),
            ("[CONNECTED] == true", "[CONNECTED] (true) == true", true, "[CONNECTED] (true) == true", true, "[CONNECTED] (false) == true", false),
            (
                "[DNS_RCODE] == NOERROR", "[DNS_RCODE] (NOERROR) == NOERROR", true, "[DNS_RCODE] (NXDOMAIN) == NOERROR", false, "[DNS_RCODE] (none) == NOERROR",
                false
            ),
            (
                "[IP] == pat(127.0.0.*)", "[IP] (127.0.0.1) == pat(127.0.0.*)", true, "[IP] (10.0.0.7) == pat(127.0.0.*)", false,
                "[IP] (none) == pat(127.0.0.*)", false
            ),
            ("[STATUS] != 500", "[STATUS] (200) != 500", true, "[STATUS] (500) != 500", false, "[STATUS] (none) != 500", false),
            ("[body].name == vigil", "[BODY].name (vigil) == vigil", true, "[BODY].name (none) == vigil", false, "[BODY].name (none) == vigil", false),
        ] as [(String, String, Bool, String, Bool, String, Bool)])
    func conditionsReadAndJudgeLikeGatus(
        text: String, healthyShown: String, healthyPasses: Bool, brokenShown: String, brokenPasses: Bool, refusedShown: String, refusedPasses: Bool
    ) throws {
        let condition = try ProbeCondition(parsing: text)
        #expect(condition.evaluate(Self.healthy) == ConditionResult(condition: healthyShown, success: healthyPasses))
        #expect(condition.evaluate(Self.broken) == ConditionResult(condition: brokenShown, success: brokenPasses))
        #expect(condition.evaluate(Self.refused) == ConditionResult(condition: refusedShown, success: refusedPasses))
    }

    /// Every parse error, with the offset of the token it blames.
    @Test(
        arguments: [
            ("[STATUS] = 200", "no comparison: expected ==, !=, <, <=, > or >= between spaces, as in [STATUS] == 200", 0),
            (
                "[STATSU] == 200",
                "unknown placeholder '[STATSU]'; expected one of [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DNS_RCODE], [IP], [CERTIFICATE_CHAIN_VALID], [CERTIFICATE_HOSTNAME_VALID]; did you mean '[STATUS]'?",
                0
            ),
            ("[STATUS] == ", "no comparison: expected ==, !=, <, <=, > or >= between spaces, as in [STATUS] == 200", 0),
            ("  [STATUS] ==  ", "no comparison: expected ==, !=, <, <=, > or >= between spaces, as in [STATUS] == 200", 2),
            ("[RESPONSE_TIME] < fast", "'fast' is not a number or a duration (such as 300, 1.5 or 48h) for <", 18),
            ("[BODY] > 3", "[BODY] is not a number; > compares numbers", 0),
            ("[STATUS].code == 200", "only [BODY] takes a path; found '.code' after [STATUS]", 8),
            ("[BODY]status == UP", "a body path starts with '.' or '[', as in [BODY].status", 6),
            ("[BODY].items[x] == 1", "invalid body path 'items[x]'", 6),
            ("lenn([BODY].items) > 0", "unknown function 'lenn()'; expected len, has, pat or any; did you mean 'len'?", 0),
            ("len([BODY].items > 0", "len(…) is not closed", 0),
            ("len(3) > 0", "len(…) takes a placeholder such as [BODY].items", 4),
            ("has([STATUS]) == true", "has() looks into the body: has([BODY].path)", 4),
            ("has([BODY].a) > 0", "has() is true or false; compare it with ==", 0),
            ("[STATUS] < any(200, 300)", "pat() and any() compare with == or !=, not <", 11),
            ("[CONNECTED] == yes", "[CONNECTED] is true or false, found 'yes'", 15),
            ("[CERTIFICATE_HOSTNAME_VALID] == maybe", "[CERTIFICATE_HOSTNAME_VALID] is true or false, found 'maybe'", 32),
            (
                "[DNS_RCODE] == NXDOMIAN",
                "unknown DNS rcode 'NXDOMIAN'; expected one of NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED; did you mean 'NXDOMAIN'?", 15
            ),
            ("any([STATUS])", "any() needs a placeholder and at least one value, as in any([STATUS], 200, 204)", 0),
            ("any(200, 204)", "any()'s first argument must be a placeholder such as [STATUS]", 4),
            ("[STATUS == 200", "'[' without ']'", 0),
        ] as [(String, String, Int)])
    func badConditionsSayWhatAndWhere(text: String, message: String, offset: Int) {
        #expect(throws: ProbeConditionError(message: message, offset: offset)) { try ProbeCondition(parsing: text) }
    }

    @Test(arguments: [("*ok*", "all ok here", true), ("a?c", "abc", true), ("a?c", "ac", false), ("*", "", true), ("x*", "yx", false), ("*a*b", "xaxb", true)])
    func patternsMatchLikeGatus(pattern: String, text: String, matches: Bool) throws {
        let condition = try ProbeCondition(parsing: "[BODY] == pat(\(pattern))")
        #expect(condition.evaluate(ProbeObservation(connected: true, body: Array(text.utf8))).success == matches)
    }

    /// Integers compare by value; anything else as text.
    @Test func equalityComparesIntegersByValue() throws {
        let observation = ProbeObservation(connected: true, body: Array(#"{"n":"007","s":"abc"}"#.utf8))
        #expect(try ProbeCondition(parsing: "[BODY].n == 7").evaluate(observation).success)
        #expect(try !ProbeCondition(parsing: "[BODY].s == ABC").evaluate(observation).success)
    }
}

@Suite struct ProbeHealthTests {
    @Test func oneBlipDoesNotFlap() {
        var health = ProbeHealth(failureThreshold: 3, successThreshold: 2)
        #expect(health.record(success: true) == .up)
        #expect(health.record(success: false) == nil)
        #expect(health.record(success: false) == nil)
        #expect(health.record(success: true) == nil) // the run of failures is broken
        #expect(health.state == .up)
        for _ in 0..<2 { #expect(health.record(success: false) == nil) }
        #expect(health.record(success: false) == .down)
        #expect(health.record(success: true) == nil)
        #expect(health.record(success: true) == .up)
    }

    @Test func anUnknownProbeGoesDownOnlyAfterTheThreshold() {
        var health = ProbeHealth()
        #expect(health.record(success: false) == nil)
        #expect(health.record(success: false) == nil)
        #expect(health.state == .unknown)
        #expect(health.record(success: false) == .down)
    }
}

@Suite struct ProbeScheduleTests {
    /// Over 24 hours of 10 s runs, run k falls exactly on phase + k·interval: no drift,
    /// whatever jitter the wake-ups had.
    @Test func runsNeverDrift() {
        let schedule = ProbeSchedule(name: "checkout-api", interval: .seconds(10))
        var random = SeededGenerator(seed: 42)
        var now: Int64 = 1_800_000_000_000
        var last: Int64?
        var runs: [Int64] = []
        while now < 1_800_000_000_000 + 86_400_000 {
            let (run, missed) = schedule.due(now: now, lastRun: last)
            #expect(missed == 0)
            if let run {
                runs.append(run)
                last = run
            }
            // the scheduler sleeps until the next run and wakes up to 50 ms late
            now = schedule.nextRun(after: now) + Int64.random(in: 0...50, using: &random)
        }
        #expect(runs.count == 8641) // the slot just before the start, then one every 10 s
        #expect(runs.allSatisfy { ($0 - schedule.phaseMilliseconds) % 10_000 == 0 })
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $1 - $0 == 10_000 })
    }

    @Test func phasesAreStableAndSpread() {
        let phases = (0..<1000).map { ProbeSchedule(name: "probe-\($0)", interval: .seconds(60)).phaseMilliseconds }
        #expect(phases == (0..<1000).map { ProbeSchedule(name: "probe-\($0)", interval: .seconds(60)).phaseMilliseconds })
        // spread: every 6-second tenth of the interval holds 100 ± 40 of the 1,000 phases
        let tenths = Dictionary(grouping: phases) { $0 / 6000 }.mapValues(\.count)
        #expect(tenths.count == 10)
        #expect(tenths.values.allSatisfy { (60...140).contains($0) })
        // FNV-1a's published test vectors: the phase is the same on every machine.
        #expect(ProbeSchedule.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(ProbeSchedule.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(ProbeSchedule(name: "a", interval: .seconds(60)).phaseMilliseconds == Int64(ProbeSchedule.fnv1a("a") % 60_000))
    }

    @Test func aStalledSchedulerRecordsMissedRuns() {
        let schedule = ProbeSchedule(name: "x", interval: .seconds(10))
        let first = schedule.nextRun(after: 1_000_000_000)
        #expect(schedule.due(now: first + 5, lastRun: first) == (nil, 0))
        let late = schedule.due(now: first + 35_000, lastRun: first)
        #expect(late.run == first + 30_000)
        #expect(late.missed == 2)
        #expect(schedule.latestRun(atOrBefore: first) == first)
        #expect(schedule.nextRun(after: first) == first + 10_000)
    }
}
