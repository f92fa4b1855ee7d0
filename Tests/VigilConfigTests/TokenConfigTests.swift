import Foundation
import Testing
import VigilConfig

/// `server.tokens`: the salted `hash:` form, the older `sha256:` form, and what is wrong
/// with a token entry, at its line.
@Suite struct TokenConfigTests {
    static let salted = "$scrypt$ln=14,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$YTBhMWEyYTNhNGE1YTZhN2E4YTlhYWFiYWNhZGFlYWY"
    static let sha256 = String(repeating: "ab", count: 32)

    static func load(_ entries: String) -> Result<VigilConfiguration, ConfigurationErrors> {
        ConfigLoader.load(yaml: "services: [{name: api}]\nserver:\n  tokens:\n\(entries)", file: "inline.yaml")
    }

    static func errors(_ entries: String) -> [String] {
        guard case .failure(let errors) = load(entries) else { return ["loaded"] }
        return errors.diagnostics.map(\.description)
    }

    @Test func bothFormsRead() throws {
        let configuration = try Self.load(
            """
                - {name: new, hash: "\(Self.salted)", scopes: [write]}
                - {name: old, sha256: \(Self.sha256), scopes: [ingest]}
            """
        ).get()
        let tokens = configuration.server.tokens
        guard case .scrypt(let hash) = tokens[0].hash else {
            Issue.record("expected an scrypt hash, got \(tokens[0].hash)")
            return
        }
        #expect(hash.logCost == 14 && hash.blockSize == 8 && hash.parallelism == 1)
        #expect(hash.salt == Array("saltsaltsaltsalt".utf8))
        #expect(hash.key.count == 32)
        #expect(hash.description == Self.salted, "written back as read")
        #expect(tokens[1].hash == .sha256(Array(repeating: 0xab, count: 32)))
    }

    @Test func badEntriesSayWhatIsWrongWhere() {
        #expect(
            Self.errors(
                """
                    - {name: both, hash: "\(Self.salted)", sha256: \(Self.sha256), scopes: [write]}
                    - {name: neither, scopes: [write]}
                    - {name: md5, hash: "$md5$abc", scopes: [write]}
                    - {name: costly, hash: "$scrypt$ln=24,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$YTBhMWEyYTNhNGE1YTZhN2E4YTlhYWFiYWNhZGFlYWY", scopes: [write]}
                    - {name: short, hash: "$scrypt$ln=14,r=8,p=1$c2FsdA$YTBhMWEyYTNhNGE1YTZhN2E4YTlhYWFiYWNhZGFlYWY", scopes: [write]}
                    - {name: twice, hash: "$scrypt$ln=14,ln=14,r=8$c2FsdHNhbHRzYWx0c2FsdA$YTBhMWEyYTNhNGE1YTZhN2E4YTlhYWFiYWNhZGFlYWY", scopes: [write]}
                    - {name: hex, sha256: abc, scopes: [write]}
                """) == [
                    "inline.yaml:4:126: error: server.tokens[0].sha256: give the token's hash once: `hash:` (from `vigil token new`) or the older `sha256:`, not both",
                    "inline.yaml:5:7: error: server.tokens[1]: missing required field 'hash' (the token's salted hash from `vigil token new`; the older `sha256:` is also read)",
                    "inline.yaml:6:25: error: server.tokens[2].hash: not a token hash Vigil reads: expected $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key> (see `vigil token new`)",
                    "inline.yaml:7:28: error: server.tokens[3].hash: not a token hash Vigil reads: ln must be 10–20, r 1–32, p 1–16; got ln=24, r=8, p=1",
                    "inline.yaml:8:27: error: server.tokens[4].hash: not a token hash Vigil reads: the salt must be at least 16 bytes of unpadded base64",
                    "inline.yaml:9:27: error: server.tokens[5].hash: not a token hash Vigil reads: the parameters must be ln=<log2 N>,r=<r>,p=<p> with whole numbers, each once; got 'ln=14,ln=14,r=8'",
                    "inline.yaml:10:27: error: server.tokens[6].sha256: expected the token's SHA-256 as 64 hex digits (or a salted `hash:` from `vigil token new`)",
                ])
    }
}
