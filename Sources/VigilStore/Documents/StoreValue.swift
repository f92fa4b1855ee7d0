import Foundation

/// A value bound to a statement of either store, in the kinds a ``StoreTable`` column
/// declares.
public enum StoreValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case blob(Data)

    /// Text, or NULL for `nil`.
    static func text(_ value: String?) -> StoreValue { value.map { .text($0) } ?? .null }
    /// Epoch seconds, as every time column keeps them.
    static func time(_ value: Date) -> StoreValue { .real(value.timeIntervalSince1970) }
}
