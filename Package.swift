// swift-tools-version:6.0
import PackageDescription

// Dependency direction (never a cycle):
//   CSQLite <- SQLite <- Blog <- BlogWeb, BlogAPI, AdminWeb <- Site <- FederApp <- feder
//   BlogWeb, BlogAPI <- AdminWeb (the desk reuses the theme's assets and dates, and the API's
//   personal-data document)
//   HTTPServer <- Routes (every URL, parsed and printed) <- BlogWeb, BlogAPI, Site
//   Site: pages and API bound into one responder with its middleware (no config, no sockets)
//   Mustache (templates compiled for typed models) <- BlogWeb
//   JSON (a deterministic writer) <- BlogWeb, BlogAPI, FederApp
//   CCurl <- Mail (messages and SMTP delivery; knows nothing of blogs)
//   Blog, Routes <- Imports (other engines' exports read, planned as the domain's values, their
//   old addresses pointed at the new ones) <- FederApp
// HTTPServer knows nothing of blogs; SQLite knows nothing of HTTP; Blog knows neither.
//
// Linux only: the server waits on epoll and calls Glibc directly (Debian 12 is the reference).
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Feder",
    products: [
        .executable(name: "feder", targets: ["feder"]),
        // For the fuzz package in Tests/Fuzz only (it depends on this package by path).
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "Blog", targets: ["Blog"]),
        .library(name: "BlogAPI", targets: ["BlogAPI"]),
        .library(name: "Routes", targets: ["Routes"]),
        .library(name: "Imports", targets: ["Imports"]),
        .library(name: "Mail", targets: ["Mail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CEpoll"),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        .target(name: "Locking", swiftSettings: strict),
        .target(name: "Mustache", swiftSettings: strict),
        .target(name: "JSON", swiftSettings: strict),
        // Mail as bytes (RFC 5322, MIME) and its delivery to a relay over SMTP (libcurl).
        .target(name: "Mail", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "SQLite", dependencies: ["CSQLite", "Locking"], swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: [
            "CZlib", "CEpoll", "Locking",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Blog", dependencies: [
            "SQLite", "CCmarkGFM", "Locking",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "Routes", dependencies: ["Blog", "HTTPServer"], swiftSettings: strict),
        // Moving in from other engines (WordPress, Ghost, Disqus): reads their files and plans them
        // as the domain's values; Routes prints the new addresses, HTTPServer names the image types
        // its media folder serves.
        .target(name: "Imports", dependencies: ["Blog", "HTTPServer", "Routes"], swiftSettings: strict),
        .target(name: "BlogWeb", dependencies: ["Blog", "HTTPServer", "Locking", "Mustache", "JSON", "Routes"],
                swiftSettings: strict),
        .target(name: "BlogAPI", dependencies: ["Blog", "HTTPServer", "JSON", "Routes"], swiftSettings: strict),
        .target(name: "AdminWeb", dependencies: [
            "Blog", "BlogWeb", "BlogAPI", "HTTPServer", "Mustache", "Routes", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Site", dependencies: [
            "Blog", "BlogWeb", "BlogAPI", "AdminWeb", "HTTPServer", "Routes", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "FederApp", dependencies: [
            "Blog", "BlogWeb", "BlogAPI", "HTTPServer", "SQLite", "Locking", "JSON", "Routes", "Site", "Imports", "Mail",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .executableTarget(name: "feder", dependencies: [
            "FederApp", "Blog",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // Calling a responder as the server does, without sockets.
        .target(name: "HTTPTestSupport", dependencies: ["HTTPServer", "Locking"], path: "Tests/HTTPTestSupport",
                swiftSettings: strict),
        // A real SMTP server (scripts/smtp-sink, aiosmtpd) started by the tests that send mail.
        .target(name: "MailTestSupport", path: "Tests/MailTestSupport", swiftSettings: strict),
        // A temporary site (database, pages, API) for the web and API library tests.
        .target(name: "SiteTestSupport", dependencies: [
            "Site", "Blog", "Routes", "SQLite", "HTTPServer", "HTTPTestSupport", "Locking", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/SiteTestSupport", swiftSettings: strict),
        // A temporary installation (configuration, application, server) for the app tests.
        .target(name: "FederTestSupport", dependencies: [
            "FederApp", "SiteTestSupport", "HTTPTestSupport", "Locking", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/FederTestSupport", swiftSettings: strict),
        .testTarget(name: "LockingTests", dependencies: ["Locking"], swiftSettings: strict),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"], swiftSettings: strict),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: strict),
        .testTarget(name: "MailTests", dependencies: ["Mail", "MailTestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: [
            "HTTPServer", "HTTPTestSupport", "Locking", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .testTarget(name: "BlogTests", dependencies: ["Blog", "Locking"], swiftSettings: strict),
        .testTarget(name: "RoutesTests", dependencies: ["Routes", "HTTPServer"], swiftSettings: strict),
        .testTarget(name: "ImportsTests", dependencies: ["Imports", "Blog", "Routes", "SQLite"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "BlogWebTests", dependencies: ["BlogWeb", "Blog", "Site", "SiteTestSupport", "HTTPTestSupport", "Routes"],
                    swiftSettings: strict),
        .testTarget(name: "BlogAPITests", dependencies: ["BlogAPI", "Blog", "Site", "SiteTestSupport", "HTTPTestSupport", "Routes"],
                    swiftSettings: strict),
        .testTarget(name: "AdminWebTests", dependencies: ["AdminWeb", "Blog", "Site", "SiteTestSupport", "HTTPTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "FederAppTests", dependencies: ["FederApp", "FederTestSupport", "SiteTestSupport", "HTTPTestSupport",
                                                          "Mail", "MailTestSupport"],
                    swiftSettings: strict),
    ]
)
