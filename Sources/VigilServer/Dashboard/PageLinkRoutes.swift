import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VigilConfig
import VigilCore
import VigilDashboard
import VigilNotify
import VigilStore

/// The acknowledge and resolve links every page carries (docs/oncall.md): no sign-in —
/// the signed token is the credential — one button, single use.
enum PageLinkRoutes {
    static func showAcknowledge(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await show(request, context, runtime, action: .acknowledge)
    }

    static func showResolve(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await show(request, context, runtime, action: .resolve)
    }

    static func acknowledge(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await submit(request, context, runtime, action: .acknowledge)
    }

    static func resolve(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await submit(request, context, runtime, action: .resolve)
    }

    static func words(_ action: PageLink.Action) -> (verb: String, done: String) {
        action == .acknowledge ? ("Acknowledge", "Acknowledged") : ("Resolve", "Resolved")
    }

    /// The page before the click: what is paging, whom, and the button.
    static func show(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, action: PageLink.Action) async throws -> Response {
        let now = runtime.clock.now
        let token = context.parameters.decoded("token")
        let (link, refusal) = await verify(token, action: action, runtime: runtime)
        guard let link else { return refusal! }
        guard let escalation = try await runtime.notifier.committedEscalation(id: link.escalation) else {
            return answer(action, lines: [], problem: "This page is no longer known to Vigil.", status: .notFound, runtime: runtime)
        }
        let (verb, _) = words(action)
        return DashboardRoutes.html(
            DashboardRoutes.dashboard.render(
                PageLinkPage(
                    asking: "\(verb) this page?", lines: describe(escalation, link: link), action: request.uri.path, button: "\(verb) as \(who(link))",
                    now: now)))
    }

    /// The click: the link is spent, the escalation stops (or ends), the page says so.
    static func submit(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime, action: PageLink.Action) async throws -> Response {
        let now = runtime.clock.now
        let token = context.parameters.decoded("token")
        let (link, refusal) = await verify(token, action: action, runtime: runtime)
        guard let link else { return refusal! }
        let by = who(link)
        guard try await runtime.oncallStore.useLink(token: PageLink.id(of: token), escalation: link.escalation, by: by, at: now) else {
            return answer(action, lines: [], problem: "This link was already used; each link works once.", status: .conflict, runtime: runtime)
        }
        guard let escalation = try await runtime.notifier.act(on: link.escalation, by: by, resolving: action == .resolve, at: now) else {
            let known = try await runtime.notifier.committedEscalation(id: link.escalation)
            let state = known.map { closed($0) } ?? "This page is no longer known to Vigil."
            return answer(action, lines: [], problem: state, status: .conflict, runtime: runtime)
        }
        runtime.logger.notice(
            action == .acknowledge ? "escalation acknowledged by link" : "escalation resolved by link",
            metadata: ["escalation": "\(link.escalation)", "by": "\(by)"])
        if await runtime.leads() { try await runtime.notifierTick(at: now) }
        let outcome =
            action == .acknowledge
            ? "Acknowledged by \(by). The escalation stops: nobody else is paged for this."
            : "Resolved by \(by). Everyone paged hears that it is over."
        return DashboardRoutes.html(
            DashboardRoutes.dashboard.render(
                PageLinkPage(heading: words(action).done, lines: describe(escalation, link: link), outcome: outcome, problem: nil, now: now)))
    }

    /// The link, or the page that says why it does not work.
    static func verify(_ token: String, action: PageLink.Action, runtime: VigilRuntime) async -> (PageLink?, Response?) {
        guard let key = await runtime.notifier.linkKey else {
            return (nil, answer(action, lines: [], problem: "Vigil is still starting; try again in a moment.", status: .serviceUnavailable, runtime: runtime))
        }
        do {
            let link = try PageLink.verify(token, key: key, now: runtime.clock.now)
            guard link.action == action else {
                return (
                    nil, answer(action, lines: [], problem: "This is not a link to \(words(action).verb.lowercased()).", status: .notFound, runtime: runtime)
                )
            }
            return (link, nil)
        } catch {
            let status: HTTPResponse.Status =
                switch error {
                case .expired: .gone
                case .badSignature: .forbidden
                case .malformed: .notFound
                }
            return (
                nil,
                answer(
                    action, lines: [], problem: "\(error.description.prefix(1).uppercased())\(error.description.dropFirst()).", status: status, runtime: runtime
                )
            )
        }
    }

    static func answer(_ action: PageLink.Action, lines: [String], problem: String, status: HTTPResponse.Status, runtime: VigilRuntime) -> Response {
        DashboardRoutes.html(
            DashboardRoutes.dashboard.render(
                PageLinkPage(heading: "Could not \(words(action).verb.lowercased())", lines: lines, outcome: nil, problem: problem, now: runtime.clock.now)),
            status: status)
    }

    static func who(_ link: PageLink) -> String { link.person ?? "page link" }

    static func describe(_ escalation: Escalation, link: PageLink) -> [String] {
        var lines = escalation.summaries
        lines.append("Escalation \(escalation.id) (policy \(escalation.policy)), started \(RFC3339.format(escalation.startedAt)).")
        if let person = link.person { lines.append("Paged: \(person).") }
        return lines
    }

    static func closed(_ escalation: Escalation) -> String {
        switch escalation.status {
        case .acknowledged:
            "Already acknowledged by \(escalation.acknowledgedBy ?? "someone") at \(escalation.acknowledgedAt.map(RFC3339.format) ?? "?")."
        case .resolved: "Already resolved\(escalation.resolvedBy.map { " by \($0)" } ?? ""): nothing is paging."
        case .active, .exhausted: "This page is still open, but could not be changed; try again."
        }
    }
}
