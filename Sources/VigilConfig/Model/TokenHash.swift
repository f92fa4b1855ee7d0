import Foundation

/// How the configuration keeps a token's secret: never the token itself, only a hash
/// that checks a presented token.
public enum TokenHash: Hashable, Sendable {
    /// The first form, `sha256: <64 hex digits>`: unsalted and fast, still accepted. Safe
    /// for the 256-bit random tokens `vigil token new` makes (no table or guess reaches
    /// them); weak for a hand-made secret if the config leaks.
    case sha256([UInt8])
    /// `hash: $scrypt$ln=…,r=…,p=…$<salt>$<key>`: salted and memory-hard (RFC 7914), what
    /// `vigil token new` writes. A leaked config then costs a guesser ~16 MiB and tens of
    /// milliseconds per guess per token.
    case scrypt(ScryptHash)
}

/// A token's scrypt hash in the PHC string format that passlib and others write:
/// `$scrypt$ln=14,r=8,p=1$<salt>$<key>`, where `ln` is log₂ of the cost N, and salt and
/// key are base64 without padding.
public struct ScryptHash: Hashable, Sendable, CustomStringConvertible {
    /// log₂ N, the CPU/memory cost.
    public var logCost: Int
    /// r, the block size.
    public var blockSize: Int
    /// p, the parallelism.
    public var parallelism: Int
    public var salt: [UInt8]
    /// The derived key the presented token must reproduce.
    public var key: [UInt8]

    /// The parameters `vigil token new` uses: N = 2^14, r = 8, p = 1 (RFC 7914's
    /// interactive figures: 16 MiB and ~40 ms here, once per token per server start,
    /// since the server remembers tokens it has checked).
    public static let defaultLogCost = 14
    public static let defaultBlockSize = 8
    public static let defaultParallelism = 1

    /// Bounds a configuration may use: a cost a server can pay on a sign-in (memory
    /// 128·r·N bytes ≤ 256 MiB), a salt of at least 16 bytes and a key of at least 16.
    public static let logCostRange = 10...20
    public static let blockSizeRange = 1...32
    public static let parallelismRange = 1...16
    public static let maximumMemory = 256 * 1024 * 1024

    public init(logCost: Int, blockSize: Int, parallelism: Int, salt: [UInt8], key: [UInt8]) {
        self.logCost = logCost
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
        self.key = key
    }

    /// Bytes scrypt needs for these parameters (128 · r · N, plus 128 · r · p).
    public var memory: Int { 128 * blockSize * (1 << logCost) + 128 * blockSize * parallelism }

    /// The PHC string.
    public var description: String {
        "$scrypt$ln=\(logCost),r=\(blockSize),p=\(parallelism)$\(Self.base64(salt))$\(Self.base64(key))"
    }

    /// Reads a PHC string; the error says what is wrong, in words a config reader can act on.
    public static func parse(_ text: String) -> Result<ScryptHash, ScryptHashError> {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else {
            return .failure(ScryptHashError("expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key> (see `vigil token new`)"))
        }
        var parameters: [Substring: Int] = [:]
        for pair in fields[2].split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, ["ln", "r", "p"].contains(parts[0]), parameters[parts[0]] == nil,
                parts[1].allSatisfy(\.isASCII), let number = Int(parts[1]), !parts[1].hasPrefix("+")
            else {
                return .failure(ScryptHashError("the parameters must be ln=<log2 N>,r=<r>,p=<p> with whole numbers, each once; got '\(fields[2])'"))
            }
            parameters[parts[0]] = number
        }
        guard let logCost = parameters["ln"], let blockSize = parameters["r"], let parallelism = parameters["p"] else {
            return .failure(ScryptHashError("give all of ln, r and p; got '\(fields[2])'"))
        }
        guard logCostRange.contains(logCost), blockSizeRange.contains(blockSize), parallelismRange.contains(parallelism) else {
            return .failure(
                ScryptHashError(
                    "ln must be \(logCostRange.lowerBound)–\(logCostRange.upperBound), r \(blockSizeRange.lowerBound)–\(blockSizeRange.upperBound), p \(parallelismRange.lowerBound)–\(parallelismRange.upperBound); got ln=\(logCost), r=\(blockSize), p=\(parallelism)"
                ))
        }
        guard let salt = bytes(fields[3]), salt.count >= 16 else {
            return .failure(ScryptHashError("the salt must be at least 16 bytes of unpadded base64"))
        }
        guard let key = bytes(fields[4]), key.count >= 16, key.count <= 64 else {
            return .failure(ScryptHashError("the key must be 16 to 64 bytes of unpadded base64"))
        }
        let hash = ScryptHash(logCost: logCost, blockSize: blockSize, parallelism: parallelism, salt: salt, key: key)
        guard hash.memory <= maximumMemory else {
            return .failure(ScryptHashError("these parameters need \(hash.memory / 1_048_576) MiB per check; at most \(maximumMemory / 1_048_576) MiB"))
        }
        return .success(hash)
    }

    /// Unpadded standard base64, as PHC strings write it.
    static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes unpadded (or padded) base64; `nil` for anything else.
    static func bytes(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=") }) else { return nil }
        var padded = String(text)
        while padded.count % 4 != 0 { padded.append("=") }
        return Data(base64Encoded: padded).map(Array.init)
    }
}

/// Why a `hash:` value is not an scrypt PHC string Vigil accepts.
public struct ScryptHashError: Error, Hashable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
