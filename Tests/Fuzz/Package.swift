// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Feder's input decoders, outside the product's build. Built by
// `make fuzz` with `-sanitize=fuzzer,address -parse-as-library` into `.build-fuzz`; each
// executable is a libFuzzer binary whose entry point is `LLVMFuzzerTestOneInput`.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "FederFuzz",
    dependencies: [.package(name: "Feder", path: "../..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Blog", package: "Feder")], swiftSettings: strict),
        .executableTarget(name: "FuzzHTTPParser", dependencies: [
            "FuzzSupport", .product(name: "HTTPServer", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzCommentForm", dependencies: [
            "FuzzSupport", .product(name: "HTTPServer", package: "Feder"), .product(name: "Blog", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzJSONComment", dependencies: [
            "FuzzSupport", .product(name: "BlogAPI", package: "Feder"), .product(name: "Blog", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzArticleImport", dependencies: [
            "FuzzSupport", .product(name: "Blog", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzSessionCookie", dependencies: [
            "FuzzSupport", .product(name: "HTTPServer", package: "Feder"), .product(name: "Blog", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzImportedContent", dependencies: [
            "FuzzSupport", .product(name: "Blog", package: "Feder"), .product(name: "Imports", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzMailMessage", dependencies: [
            "FuzzSupport", .product(name: "Mail", package: "Feder"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzStaticPath", dependencies: [
            "FuzzSupport", .product(name: "HTTPServer", package: "Feder"), .product(name: "Routes", package: "Feder"),
        ], swiftSettings: strict),
    ]
)
