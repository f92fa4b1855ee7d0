// swift-tools-version: 6.1
// Benchmarks live in their own package so CI's debug build of Vigil never builds them;
// scripts/bench-*.sh build them in release mode.
import PackageDescription

let package = Package(
    name: "vigil-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "vigil", path: "..")],
    targets: [
        // What the benchmarks share: a monotonic clock and deterministic noise.
        .target(name: "BenchSupport", swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]),
        .executableTarget(
            name: "core-bench",
            dependencies: ["BenchSupport", .product(name: "VigilCore", package: "vigil")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "ingest-bench",
            dependencies: [.product(name: "VigilCore", package: "vigil"), .product(name: "VigilIngest", package: "vigil")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "prometheus-bench",
            dependencies: [
                "BenchSupport", .product(name: "VigilCore", package: "vigil"), .product(name: "VigilConfig", package: "vigil"),
                .product(name: "VigilRules", package: "vigil"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
    ]
)
