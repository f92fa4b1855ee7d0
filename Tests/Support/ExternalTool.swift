import Foundation
import Testing

/// A program from outside the package that a test runs for real (Debian's Prometheus,
/// Alertmanager, Chromium, PostgreSQL, a Python relay). Where it is missing on a developer
/// machine the test is reported *skipped* with the reason and the package to install,
/// never passed; `.ci/run` installs every one and fails a run that skipped any.
public struct ExternalTool: Sendable {
    /// Why the tool cannot run here, or `nil` when it can.
    public let missingReason: String?

    public init(missingReason: String?) {
        self.missingReason = missingReason
    }

    /// An executable at the first of `paths` that exists, from the Debian `package`.
    public static func executable(_ paths: String..., package: String) -> ExternalTool {
        let found = paths.contains { FileManager.default.isExecutableFile(atPath: $0) }
        return ExternalTool(missingReason: found ? nil : "\(paths[0]) is not installed (apt-get install \(package))")
    }

    public static let promtool = executable("/usr/bin/promtool", package: "prometheus")
    public static let prometheus = executable("/usr/bin/prometheus", package: "prometheus")
    public static let alertmanager = executable("/usr/bin/prometheus-alertmanager", package: "prometheus-alertmanager")
    public static let chromium = executable("/usr/bin/chromium", "/usr/bin/chromium-browser", package: "chromium")
    public static let postgres = ExternalTool(missingReason: TestPostgres.unavailableReason)
    /// The SMTP relay the email test delivers to (scripts/smtp-sink.py, on Debian's Python).
    public static let smtpRelay = python(SMTPSink.python, modules: ["aiosmtpd"], install: "apt-get install python3-aiosmtpd")
    /// The OpenAPI checker (scripts/check-openapi.py) and its Python packages, on the
    /// `python3` first on the PATH (where `pip install` puts them).
    public static let openAPIChecker = python(
        "/usr/bin/env", modules: ["yaml", "openapi_spec_validator", "openapi_schema_validator"],
        install: "pip install openapi-spec-validator openapi-schema-validator pyyaml")

    /// Python's own scrypt (`hashlib.scrypt`, OpenSSL's), an independent check of Vigil's.
    public static let pythonScrypt = python("/usr/bin/env", modules: ["hashlib"], install: "apt-get install python3")

    /// A Python that imports every one of `modules`: `interpreter` is its path, or
    /// `/usr/bin/env` for the `python3` on the PATH.
    public static func python(_ interpreter: String, modules: [String], install: String) -> ExternalTool {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: interpreter)
        check.arguments = (interpreter == "/usr/bin/env" ? ["python3"] : []) + ["-c", modules.map { "import \($0)" }.joined(separator: "; ")]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return ExternalTool(missingReason: "\(interpreter) cannot start python3 (apt-get install python3)") }
        check.waitUntilExit()
        return ExternalTool(missingReason: check.terminationStatus == 0 ? nil : "Python lacks \(modules.joined(separator: ", ")) (\(install))")
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where `tool` is available; elsewhere it is skipped with the reason.
    public static func requires(_ tool: ExternalTool) -> Self {
        .enabled(if: tool.missingReason == nil, Comment(rawValue: tool.missingReason ?? ""))
    }
}
