import Foundation
import Testing

@testable import VigilCore

/// The alert-noise review: episodes, firing time, flaps, acknowledgements, advice.
@Suite struct AlertNoiseReportTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static let noisy: LabelSet = ["alertname": "ErrorBudgetBurn", "slo": "search", "tier": "page-1h", "class": "alert"]
    static let useful: LabelSet = ["alertname": "ProbeDown", "probe": "web", "class": "alert"]
    static let ticket: LabelSet = ["alertname": "ErrorBudgetBurn", "slo": "search", "tier": "ticket-1d", "class": "ticket"]

    static func episode(_ labels: LabelSet, from start: Double, to end: Double?) -> [AlertEvent] {
        let fingerprint = Alert.fingerprint(of: labels)
        return [AlertEvent(fingerprint: fingerprint, labels: labels, firing: true, at: at(start))]
            + (end.map { [AlertEvent(fingerprint: fingerprint, labels: labels, firing: false, at: at($0))] } ?? [])
    }

    @Test func countsEpisodesTimeFlapsAndAcknowledgements() {
        // the noisy page fires four times for 2–3 minutes, nobody acknowledges it;
        // the probe fires twice, long, and is acknowledged both times
        var events = [(0.0, 3.0), (60, 62), (120, 122), (180, 183)].flatMap { Self.episode(Self.noisy, from: $0.0, to: $0.1) }
        events += Self.episode(Self.useful, from: 10, to: 70) + Self.episode(Self.useful, from: 200, to: nil)
        events += [(0.0, 30.0), (100, 130), (150, 170)].flatMap { Self.episode(Self.ticket, from: $0.0, to: $0.1) }
        let probe = Alert.fingerprint(of: Self.useful)
        let report = AlertNoiseReport(
            events: events.shuffled(), acknowledgements: [(probe, Self.at(12)), (probe, Self.at(201))],
            since: Self.at(0), until: Self.at(240))
        #expect(
            report.rules.map(\.rule) == [
                #"ErrorBudgetBurn{slo="search",tier="page-1h"}"#, #"ErrorBudgetBurn{slo="search",tier="ticket-1d"}"#, #"ProbeDown{probe="web"}"#,
            ])
        let page = report.rules[0]
        let tickets = report.rules[1]
        let down = report.rules[2]
        #expect(page.fired == 4 && page.flaps == 4 && page.firingTime == .seconds(600) && page.acknowledgedShare == 0)
        #expect(page.advice == "fired 4 times and nobody acknowledged it: demote it to a ticket, or prune it")
        #expect(tickets.fired == 3 && tickets.flaps == 0 && tickets.notificationClass == .ticket)
        #expect(tickets.advice == "fired 3 times and nobody acted on it: prune it, or raise its threshold")
        // the second probe episode still fires at the end: counted up to `until`
        #expect(down.fired == 2 && down.firingTime == .seconds(60 * 60 + 40 * 60) && down.acknowledgedShare == 1 && down.advice == nil)
        #expect(report.candidates.count == 2)
    }

    @Test func thePeriodCutsEpisodes() {
        let events = Self.episode(Self.noisy, from: 0, to: 100) + Self.episode(Self.noisy, from: 300, to: 310)
        let report = AlertNoiseReport(events: events, acknowledgements: [], since: Self.at(50), until: Self.at(305))
        // the first episode counts from 50, the second up to 305
        #expect(report.rules.first?.fired == 2 && report.rules.first?.firingTime == .seconds(55 * 60))
        // flapping but acknowledged: advice says hold longer
        let flappy = (0..<4).flatMap { Self.episode(Self.noisy, from: Double($0) * 20, to: Double($0) * 20 + 1) }
        let acknowledged = (0..<4).map { (Alert.fingerprint(of: Self.noisy), Self.at(Double($0) * 20 + 0.5)) }
        let held = AlertNoiseReport(events: flappy, acknowledgements: acknowledged, since: Self.at(0), until: Self.at(100))
        #expect(held.rules.first?.advice == "4 of 4 firings resolved within 10m: make it hold longer before firing")
    }
}
