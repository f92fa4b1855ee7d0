import Foundation
import VigilCore
import Yams

/// The formats a configuration document can be written in.
public enum ConfigFormat: String, Sendable, CaseIterable {
    /// Vigil's own YAML.
    case vigil
    /// Sloth `version: prometheus/v1`.
    case sloth
    /// OpenSLO `apiVersion: openslo/v1`.
    case openSLO = "openslo"
    /// A Gatus configuration (its `endpoints:` become probes).
    case gatus

    var documentFormat: ConfigLoader.DocumentFormat {
        switch self {
        case .vigil: .native
        case .sloth: .sloth
        case .openSLO: .openSLO
        case .gatus: .gatus
        }
    }

    var description: String { documentFormat.description }
}

/// Loads a configuration from files and directories of YAML. Every document may be a
/// native Vigil document, a Sloth `prometheus/v1` spec or an OpenSLO v1 object; all of
/// them resolve into one ``VigilConfiguration``. Every error is reported, not the first.
public enum ConfigLoader {
    /// Loads every `.yaml`/`.yml` file under `paths` (directories are searched
    /// recursively, files in name order).
    /// With `only`, every document must be in that format (what `vigil import` wants).
    public static func load(paths: [String], only: ConfigFormat? = nil) -> Result<VigilConfiguration, ConfigurationErrors> {
        let log = DiagnosticLog()
        var declarations = Declarations()
        for file in expand(paths, log: log) {
            guard let data = FileManager.default.contents(atPath: file) else {
                log.error("cannot read file", at: SourceLocation(file: file, line: 1, column: 1), path: "")
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                log.error("file is not UTF-8 text", at: SourceLocation(file: file, line: 1, column: 1), path: "")
                continue
            }
            declarations.append(parse(yaml: text, file: file, log: log, only: only))
        }
        return finish(declarations, log: log)
    }

    /// Loads one YAML text as if it were the file `file`.
    public static func load(yaml: String, file: String) -> Result<VigilConfiguration, ConfigurationErrors> {
        let log = DiagnosticLog()
        return finish(parse(yaml: yaml, file: file, log: log), log: log)
    }

    private static func finish(_ declarations: Declarations, log: DiagnosticLog) -> Result<VigilConfiguration, ConfigurationErrors> {
        let configuration = Resolver.resolve(declarations, log: log)
        return log.isEmpty ? .success(configuration) : .failure(ConfigurationErrors(log.sorted))
    }

    /// The YAML files named by `paths`, directories expanded.
    static func expand(_ paths: [String], log: DiagnosticLog) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                log.error("no such file or directory", at: SourceLocation(file: path, line: 1, column: 1), path: "")
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            if found.isEmpty {
                log.error("directory holds no .yaml or .yml files", at: SourceLocation(file: path, line: 1, column: 1), path: "")
            }
            files += found
        }
        return files
    }

    /// Parses every document of one YAML text.
    static func parse(yaml: String, file: String, log: DiagnosticLog, only: ConfigFormat? = nil) -> Declarations {
        var declarations = Declarations()
        do {
            let parser = try Parser(yaml: yaml)
            var openSLO: [ConfigValue] = []
            while let node = try parser.nextRoot() {
                let document = ConfigValue(node: node, path: "", file: file, log: log)
                let format = format(of: node)
                if let only, format.isSupported, format != only.documentFormat {
                    document.error("expected \(only.description), found \(format.description)")
                    continue
                }
                switch format {
                case .native: declarations.append(NativeParser.parse(document))
                case .sloth: declarations.append(SlothImporter.parse(document))
                case .gatus: declarations.append(GatusImporter.parse(document))
                case .openSLO: openSLO.append(document)
                case .unsupported(let message): document.error(message)
                }
            }
            if !openSLO.isEmpty { declarations.append(OpenSLOImporter.parse(openSLO)) }
        } catch let error as YamlError {
            log.error(message(of: error), at: location(of: error, file: file), path: "")
        } catch {
            log.error("cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1), path: "")
        }
        return declarations
    }

    enum DocumentFormat: Equatable {
        case native, sloth, openSLO, gatus
        case unsupported(String)

        var isSupported: Bool {
            if case .unsupported = self { false } else { true }
        }

        var description: String {
            switch self {
            case .native: "a Vigil document"
            case .sloth: "a Sloth prometheus/v1 spec"
            case .openSLO: "an OpenSLO v1 object"
            case .gatus: "a Gatus configuration"
            case .unsupported: "an unsupported document"
            }
        }
    }

    /// Which format a document is in, from its `version` or `apiVersion`, or Gatus'
    /// `endpoints`.
    static func format(of node: Node) -> DocumentFormat {
        guard case .mapping(let mapping) = node else { return .native }
        if let version = mapping["version"]?.string {
            return version == "prometheus/v1" ? .sloth : .unsupported("unsupported Sloth spec version '\(version)'; expected prometheus/v1")
        }
        if let apiVersion = mapping["apiVersion"]?.string {
            return apiVersion == "openslo/v1" ? .openSLO : .unsupported("unsupported apiVersion '\(apiVersion)'; expected openslo/v1")
        }
        // Gatus keeps its checks under `endpoints:`, a key Vigil does not use.
        if mapping["endpoints"] != nil { return .gatus }
        return .native
    }

    static func message(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            let suffix = context.map { " (\($0.text) that starts at \($0.mark.line):\($0.mark.column))" } ?? ""
            return "invalid YAML: \(problem)\(suffix)"
        case .reader(let problem, _, _, _): return "invalid YAML: \(problem)"
        default: return "invalid YAML: \(error)"
        }
    }

    static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            SourceLocation(file: file, line: mark.line, column: mark.column)
        default: SourceLocation(file: file, line: 1, column: 1)
        }
    }
}
