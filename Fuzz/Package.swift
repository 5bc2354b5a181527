// swift-tools-version:6.1
import Foundation
import PackageDescription

// libFuzzer targets for the advisor, kept out of the main package so that `swift build` and
// `swift test` at the root never build them. Build and run them with `scripts/fuzz.sh`
// (which passes -sanitize=fuzzer,address); see Docs/bad-input.md.
//
// The root package is a path dependency; SwiftPM names it after its folder, whatever that is.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let package = Package(
    name: "advisor-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        // The CEL parser, checker and evaluator, on any text.
        .executableTarget(name: "FuzzExpression", dependencies: [.product(name: "AdvisorKit", package: rootIdentity)]),
        // Profiles (YAML fast and full paths, JSON Lines, CSV rows) and rule books, on any bytes.
        .executableTarget(name: "FuzzLoading", dependencies: [.product(name: "AdvisorKit", package: rootIdentity)]),
    ]
)
