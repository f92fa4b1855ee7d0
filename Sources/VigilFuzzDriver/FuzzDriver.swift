import Foundation
import VigilFuzzing

/// The target `LLVMFuzzerTestOneInput` runs: `VIGIL_FUZZ_TARGET`, read once.
let fuzzedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["VIGIL_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("VIGIL_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's entry point. A finding traps, so libFuzzer keeps the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        try fuzzedTarget.run(input)
    } catch {
        fatalError("\(error)")
    }
    return 0
}

#if FUZZING
    /// libFuzzer's driver, which parses its flags and runs the target.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// The entry point under libFuzzer. SwiftPM links an executable's `main` to
    /// `<product>_main`, so that is the name libFuzzer's driver is started from.
    @_cdecl("vigil_fuzz_main")
    func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { bytes, size in fuzzTestOneInput(bytes, size) }
    }
#else
    /// Without libFuzzer (an ordinary build), `vigil-fuzz TARGET PATH…` replays inputs: each
    /// file, or each file in a directory, through the target; exits 1 on a finding.
    @main enum Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
                print("usage: vigil-fuzz TARGET PATH…  (TARGET: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
                print("fuzzing needs the libFuzzer build: scripts/fuzz.sh TARGET SECONDS")
                exit(2)
            }
            var replayed = 0
            var findings = 0
            for path in arguments.dropFirst() {
                for file in files(at: path) {
                    replayed += 1
                    do {
                        try target.run(try Data(contentsOf: file))
                    } catch {
                        findings += 1
                        print("\(file.path): \(error)")
                    }
                }
            }
            print("\(target.rawValue): \(replayed) inputs replayed, \(findings) findings")
            exit(findings == 0 ? 0 : 1)
        }

        /// `path` itself, or the regular files directly inside it.
        static func files(at path: String) -> [URL] {
            let url = URL(fileURLWithPath: path)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [url] }
            return names.sorted().map { url.appendingPathComponent($0) }.filter { !$0.hasDirectoryPath }
        }
    }
#endif
