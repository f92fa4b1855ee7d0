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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
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
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilCore", "VigilConfig", "VigilIngest", "VigilReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "VigilConfigTests",
            dependencies: ["VigilConfig", "VigilCore"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VigilCLITests",
            dependencies: ["vigil", "VigilIngest", "VigilCore"],
            swiftSettings: strictSettings
        ),
    ]
)
