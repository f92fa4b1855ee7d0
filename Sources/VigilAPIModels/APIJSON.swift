import Foundation
import VigilCore

/// The JSON conventions of Vigil's REST API, shared by the server that writes it and the
/// CLI that reads it: snake_case keys (from the models' camelCase names), RFC 3339
/// times, sorted keys.
///
/// The models in this module are the API: the server encodes them and the CLI decodes
/// them, so a field renamed on one side fails to compile on the other. Two measured hot
/// paths write their JSON by hand instead (`EventScanner` reading event batches and
/// `JSONWriter` writing SLO lists); a test checks each against its model here.
public enum APIJSON {
    /// For answers: compact, keys sorted so the output is stable.
    public static let encoder = makeEncoder(pretty: false)

    /// For people (`--output json`): indented, keys sorted.
    public static let prettyEncoder = makeEncoder(pretty: true)

    /// Reads what ``encoder`` writes; times with or without fractional seconds.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an RFC 3339 time, found '\(text)'")
            }
            return date
        }
        return decoder
    }()

    /// Encoders are configured once and never changed afterwards, so concurrent requests
    /// may share them.
    private static func makeEncoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // RFC 3339 in the proleptic Gregorian calendar, whole seconds: Foundation's
        // `.iso8601` switches to the Julian calendar before 1582 (writing the year 1000's
        // first day as 0999-12-27), and this module's decoder reads what this writes.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down))))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
