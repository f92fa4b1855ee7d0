// swift-tools-version: 6.1
import PackageDescription

/// Settings every Vigil target shares: Swift 6 language mode (strict concurrency) plus
/// the upcoming features the project follows (see the Hummingbird 2 sources).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .library(name: "VigilConfig", targets: ["VigilConfig"]),
        .library(name: "VigilIngest", targets: ["VigilIngest"]),
        .library(name: "VigilRules", targets: ["VigilRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The binary's version and the git commit it was built from (written at build time
        // by BuildInfoPlugin), for `vigil --version` and the vigil_build_info metric.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        .target(name: "VigilBuildInfo", swiftSettings: strictSettings, plugins: ["BuildInfoPlugin"]),
        // The REST API's request and response documents, shared by the server and the CLI.
        .target(name: "VigilAPIModels", dependencies: ["VigilCore", "VigilConfig", "VigilReports"], swiftSettings: strictSettings),
        .testTarget(name: "VigilAPIModelsTests", dependencies: ["VigilAPIModels", "VigilReports", "VigilConfig", "VigilCore"], swiftSettings: strictSettings),
        // Pure domain: SLO math, windows, burn-rate policy. Foundation at most, no I/O.
        .target(name: "VigilCore", swiftSettings: strictSettings),
        // YAML (Yams) → Core values, with file:line:column diagnostics; Sloth / OpenSLO import.
        .target(
            name: "VigilConfig",
            dependencies: ["VigilCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // Event decoding (NDJSON, JSON array, CSV) shared by the CLI and, later, the server.
        .target(name: "VigilIngest", dependencies: ["VigilCore"], swiftSettings: strictSettings),
        // Text and JSON renderings of reports.
        .target(name: "VigilReports", dependencies: ["VigilCore", "VigilConfig"], swiftSettings: strictSettings),
        // The web dashboard's pages: view values built from reports, rendered with Mustache
        // templates compiled into the binary (docs/dashboard.md).
        .target(
            name: "VigilDashboard",
            dependencies: ["VigilCore", "VigilConfig", "VigilReports", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "VigilDashboardTests", dependencies: ["VigilDashboard", "VigilReports", "VigilConfig", "VigilCore"], swiftSettings: strictSettings),
        // SLOs as rules for other systems: Prometheus recording and alerting rules (Sloth's shape).
        .target(
            name: "VigilRules",
            dependencies: ["VigilCore", "VigilConfig", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilRulesTests", dependencies: ["VigilRules", "VigilConfig", "VigilCore", "VigilTestSupport"], exclude: ["Golden"],
            swiftSettings: strictSettings),
        // The durable store: protocols, SQLite through GRDB (WAL, migrations) for one machine,
        // PostgreSQL through postgres-nio for several replicas (docs/scaling.md).
        .target(
            name: "VigilStore",
            dependencies: [
                "VigilCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilStoreTests",
            dependencies: ["VigilStore", "VigilCore", "VigilTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        // Black-box probes: HTTP (AsyncHTTPClient), TCP, TLS and DNS (SwiftNIO) runners that
        // turn a probe into a ProbeObservation judged by Core's conditions.
        .target(
            name: "VigilProbes",
            dependencies: [
                "VigilCore", "VigilConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // `vigil serve`: Hummingbird app, ingestion writer, hot state, evaluator, REST API.
        .target(
            name: "VigilServer",
            dependencies: [
                "VigilCore", "VigilConfig", "VigilIngest", "VigilReports", "VigilStore", "VigilProbes", "VigilNotify", "VigilDashboard", "VigilBuildInfo",
                "VigilAPIModels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilCore", "VigilConfig", "VigilIngest", "VigilReports", "VigilServer", "VigilProbes", "VigilLoad", "VigilRules", "VigilStore",
                "VigilBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Notifications: payloads (Vigil webhook, Slack, Alertmanager v4) and their delivery.
        .target(
            name: "VigilNotify",
            dependencies: [
                "VigilCore", "VigilConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // `vigil load`: the load generator, on SwiftNIO directly (docs/load.md).
        .target(
            name: "VigilLoad",
            dependencies: [
                "VigilCore",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilLoadTests",
            dependencies: [
                "VigilLoad", "VigilCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // Fuzz targets: each parser that reads outside input, with what must hold for any
        // input; `vigil-fuzz` runs one under libFuzzer (scripts/fuzz.sh, docs/fuzzing.md)
        // or, in an ordinary build, replays files through it.
        .target(name: "VigilFuzzing", dependencies: ["VigilCore", "VigilConfig", "VigilIngest"], swiftSettings: strictSettings),
        .executableTarget(name: "vigil-fuzz", dependencies: ["VigilFuzzing"], path: "Sources/VigilFuzzDriver", swiftSettings: strictSettings),
        .testTarget(name: "VigilFuzzingTests", dependencies: ["VigilFuzzing", "VigilConfig"], swiftSettings: strictSettings),
        // Helpers several test targets share (a webhook receiver for notification tests).
        .target(name: "VigilTestSupport", dependencies: ["VigilCore"], path: "Tests/Support", swiftSettings: strictSettings),
        .testTarget(name: "VigilNotifyTests", dependencies: ["VigilNotify", "VigilCore", "VigilConfig", "VigilTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilTestSupport"], exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(
            name: "VigilReportsTests", dependencies: ["VigilReports", "VigilCore", "VigilTestSupport"], exclude: ["Golden"], swiftSettings: strictSettings),
        .testTarget(name: "VigilIngestTests", dependencies: ["VigilIngest", "VigilCore", "VigilTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "VigilConfigTests",
            dependencies: ["VigilConfig", "VigilCore"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilServerTests",
            dependencies: [
                "VigilServer", "VigilStore", "VigilConfig", "VigilCore", "VigilIngest", "VigilReports", "VigilProbes", "VigilTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilProbesTests",
            dependencies: [
                "VigilProbes", "VigilCore", "VigilConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilCLITests",
            dependencies: ["vigil", "VigilAPIModels", "VigilCore", "VigilStore", "VigilTestSupport"],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
