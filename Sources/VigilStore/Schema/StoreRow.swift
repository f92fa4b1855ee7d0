import Foundation
import GRDB
import PostgresNIO

/// A row either database answered, read by column position, so each record is mapped
/// from its columns once for both stores (`init(storeRow:)` beside its table).
///
/// A value that does not fit the column's declared kind, or a NULL where none belongs,
/// throws ``StoreError/corrupt(_:)`` rather than reading as something else.
protocol StoreRow {
    func isNull(_ column: Int) -> Bool
    func text(_ column: Int) throws -> String
    func integer(_ column: Int) throws -> Int64
    func real(_ column: Int) throws -> Double
    func boolean(_ column: Int) throws -> Bool
    func blob(_ column: Int) throws -> Data
}

extension StoreRow {
    /// `read(column)`, or `nil` where the column is NULL.
    func optional<Value>(_ column: Int, _ read: (Int) throws -> Value) throws -> Value? {
        isNull(column) ? nil : try read(column)
    }

    /// A time stored as epoch seconds.
    func date(_ column: Int) throws -> Date { Date(timeIntervalSince1970: try real(column)) }

    /// A duration stored as (fractional) milliseconds, to the microsecond.
    func milliseconds(_ column: Int) throws -> Duration { .microseconds(Int64((try real(column) * 1000).rounded())) }

    /// A JSON document stored as text; `what` names it in the error if it cannot be read.
    func document<Value: Decodable>(_ type: Value.Type, _ column: Int, what: String) throws -> Value {
        try StoredValue.decode(type, try text(column), what: what)
    }

    /// A raw value of a `RawRepresentable` enum stored as text; one this Vigil does not
    /// know is corrupt (never quietly a default).
    func known<Value: RawRepresentable>(_ type: Value.Type, _ column: Int, what: @autoclosure () -> String) throws -> Value where Value.RawValue == String {
        let raw = try text(column)
        guard let value = Value(rawValue: raw) else { throw StoreError.corrupt("\(what()) '\(raw)'") }
        return value
    }
}

extension Row: StoreRow {
    func isNull(_ column: Int) -> Bool { (self[column] as DatabaseValue).isNull }
    func text(_ column: Int) throws -> String { try converted(column) }
    func integer(_ column: Int) throws -> Int64 { try converted(column) }
    func real(_ column: Int) throws -> Double { try converted(column) }
    func boolean(_ column: Int) throws -> Bool { try converted(column) }
    func blob(_ column: Int) throws -> Data { try converted(column) }

    /// GRDB's subscript would trap on a value it cannot convert; this throws instead.
    private func converted<Value: DatabaseValueConvertible>(_ column: Int) throws -> Value {
        let value: DatabaseValue = self[column]
        guard let converted = Value.fromDatabaseValue(value) else {
            throw StoreError.corrupt("column \(Array(columnNames)[column]): \(value) where \(Value.self) belongs")
        }
        return converted
    }
}

extension PostgresRandomAccessRow: StoreRow {
    func isNull(_ column: Int) -> Bool { self[column].bytes == nil }
    func text(_ column: Int) throws -> String { try self[column].decode(String.self) }
    func integer(_ column: Int) throws -> Int64 { try self[column].decode(Int64.self) }
    func real(_ column: Int) throws -> Double { try self[column].decode(Double.self) }
    func boolean(_ column: Int) throws -> Bool { try self[column].decode(Bool.self) }
    func blob(_ column: Int) throws -> Data { try self[column].decode(Data.self) }
}
