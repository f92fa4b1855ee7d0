import CryptoExtras
import Foundation
import VigilConfig

extension ScryptHash {
    /// A new salted hash of `token` with the default parameters and a random 16-byte
    /// salt, as `vigil token new` writes it.
    public static func new(for token: String) throws -> ScryptHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = try derive(token, salt: salt, logCost: defaultLogCost, blockSize: defaultBlockSize, parallelism: defaultParallelism, length: 32)
        return ScryptHash(logCost: defaultLogCost, blockSize: defaultBlockSize, parallelism: defaultParallelism, salt: salt, key: key)
    }

    /// Whether `token`, derived with this hash's salt and parameters, gives its key
    /// (compared in constant time).
    public func matches(_ token: String) -> Bool {
        guard
            let derived = try? Self.derive(
                token, salt: salt, logCost: logCost, blockSize: blockSize, parallelism: parallelism, length: key.count)
        else { return false }
        return TokenVerifier.constantTimeEqual(derived, key)
    }

    /// scrypt (RFC 7914) of a token's UTF-8 bytes.
    public static func derive(_ token: String, salt: [UInt8], logCost: Int, blockSize: Int, parallelism: Int, length: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(token.utf8), salt: salt, outputByteCount: length, rounds: 1 << logCost, blockSize: blockSize,
            parallelism: parallelism, maxMemory: maximumMemory + 1_048_576)
        return key.withUnsafeBytes { Array($0) }
    }
}
