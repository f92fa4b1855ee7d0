import Foundation
import Hummingbird

extension Parameters {
    /// A path parameter as the client meant it, percent-decoded (`checkout%2Dapi` is
    /// `checkout-api`): the router matches the raw path. Absent, or not valid
    /// percent-encoding, it is `""`, which names nothing.
    func decoded(_ key: String) -> String {
        guard let raw = get(key) else { return "" }
        return raw.removingPercentEncoding ?? ""
    }
}
