// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PeerServer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .executableTarget(
            name: "PeerServer",
            dependencies: [
                "CSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ]
)
