// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: AdvisorDiagnostics <- AdvisorCEL <- AdvisorEngine <- {AdvisorLoading, AdvisorReports}
// <- {AdvisorBatch, AdvisorInterview} <- advisor.
// Only AdvisorLoading touches files and YAML; only the `advisor` executable touches the terminal;
// only AdvisorWeb touches the network.
let package = Package(
    name: "advisor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "advisor", targets: ["advisor"]),
        // `swift run -c release advisor-bench`: the batch benchmark (figures in the README).
        .executable(name: "advisor-bench", targets: ["advisor-bench"]),
        // The library another Swift program embeds: load a rule book, score a profile, read the explanation.
        .library(name: "AdvisorKit", targets: ["AdvisorDiagnostics", "AdvisorCEL", "AdvisorEngine", "AdvisorLoading", "AdvisorReports", "AdvisorBatch", "AdvisorInterview"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // HTML reports: the Markdown report, rendered to HTML (small, pure Swift, no dependencies).
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // advisor serve: the web interview's HTTP server (see the README for why Hummingbird);
        // swift-http-types and swift-log are its own dependencies, named for the types WebServer uses.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Tests only: property-based tests of the engine (Tests/AdvisorLoadingTests/EnginePropertyTests.swift).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Source locations and diagnostics, which every module reports with. No dependencies.
        .target(name: "AdvisorDiagnostics"),
        // The CEL subset: lexer, parser, type checker, evaluator with unknowns. No I/O.
        .target(name: "AdvisorCEL", dependencies: ["AdvisorDiagnostics"]),
        // The rule book as values, compilation, scoring, the search core and its uses, authoring. Pure.
        .target(name: "AdvisorEngine", dependencies: ["AdvisorDiagnostics", "AdvisorCEL"]),
        // YAML / JSON files -> engine values, keeping file, line and column.
        .target(
            name: "AdvisorLoading",
            dependencies: [
                "AdvisorDiagnostics", "AdvisorEngine", "AdvisorCEL", .product(name: "Yams", package: "Yams"),
            ]),
        // Text, JSON renderings and diagnostics formatting. Returns strings; prints nothing.
        .target(
            name: "AdvisorReports",
            dependencies: ["AdvisorDiagnostics", "AdvisorEngine", "AdvisorCEL", .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
            ]),
        // Batch scoring: streams of profiles scored on every core in input order, batch output
        // formats, the cohort report.
        .target(name: "AdvisorBatch", dependencies: ["AdvisorDiagnostics", "AdvisorEngine", "AdvisorLoading", "AdvisorReports"]),
        // The interview's words and what it leaves (answers to check, profile, report input), shared
        // by the terminal (`advisor ask`) and the web (`advisor serve`).
        .target(name: "AdvisorInterview", dependencies: ["AdvisorCEL", "AdvisorEngine", "AdvisorLoading", "AdvisorReports"]),
        // The web interview (`advisor serve`): routes, form reading, pages. Only WebServer.swift
        // knows Hummingbird; the rest is tested without a socket.
        .target(
            name: "AdvisorWeb",
            dependencies: [
                "AdvisorDiagnostics", "AdvisorCEL", "AdvisorEngine", "AdvisorLoading", "AdvisorReports", "AdvisorInterview",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "advisor",
            dependencies: [
                "AdvisorDiagnostics", "AdvisorCEL", "AdvisorEngine", "AdvisorLoading", "AdvisorReports", "AdvisorBatch", "AdvisorInterview", "AdvisorWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "advisor-bench",
            dependencies: ["AdvisorDiagnostics", "AdvisorCEL", "AdvisorEngine", "AdvisorLoading", "AdvisorReports", "AdvisorBatch"]
        ),
        .testTarget(name: "AdvisorCELTests", dependencies: ["AdvisorDiagnostics", "AdvisorCEL"]),
        .testTarget(name: "AdvisorEngineTests", dependencies: ["AdvisorDiagnostics", "AdvisorEngine", "AdvisorCEL"]),
        .testTarget(
            name: "AdvisorLoadingTests",
            dependencies: [
                "AdvisorDiagnostics", "AdvisorLoading", "AdvisorEngine", "AdvisorCEL", "AdvisorReports", "AdvisorBatch", .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "AdvisorReportsTests", dependencies: ["AdvisorDiagnostics", "AdvisorReports", "AdvisorLoading", "AdvisorEngine", "AdvisorCEL"]),
        .testTarget(name: "AdvisorCLITests", dependencies: ["advisor", "AdvisorDiagnostics", "AdvisorEngine", "AdvisorLoading", "AdvisorInterview"]),
        .testTarget(name: "AdvisorWebTests", dependencies: ["AdvisorWeb", "AdvisorEngine", "AdvisorLoading", "AdvisorReports"]),
    ]
)
