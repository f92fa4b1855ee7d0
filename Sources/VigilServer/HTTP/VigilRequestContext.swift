import Hummingbird
import Logging
import NIOCore

/// The context every request of `vigil serve` carries: Hummingbird's core storage plus the
/// address of the peer that opened the connection, which keys the failed-sign-in throttle
/// (``SignInThrottle``) and which the tracing middleware records.
///
/// The peer is the TCP client: behind a reverse proxy it is the proxy, so every client
/// behind it shares one throttle record (docs/server.md says what that means).
public struct VigilRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer; `nil` where the channel has none (in-process tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The throttle's key for this request's client: the peer's IP address without its
    /// port (a client opens a new port per connection), or `"local"` without one.
    var clientKey: String {
        remoteAddress?.ipAddress ?? "local"
    }
}
