// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "medk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "medk", targets: ["medk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        // The JSON API (issue 18): its server code is generated from Sources/MEDKAPI/openapi.yaml at build time.
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.0"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/jpsim/Yams.git", "5.0.0"..<"7.0.0"),
        // Beyond one machine (issue 19): files in S3 (signed requests sent with AsyncHTTPClient) and /metrics.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        .target(name: "MEDKCore"),
        .target(name: "MEDKSheets", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // E-mail (issue 14): MIME messages and an SMTP client on SwiftNIO; no SMTP library exists among our packages.
        .target(name: "MEDKMail", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The API contract and the types and server protocol generated from it; the document is embedded too, so the
        // server publishes exactly what it was generated from.
        .target(
            name: "MEDKAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.embedInCode("openapi.yaml")],
            // The generator writes `public import` into files that use none of it: warnings about code no one
            // here writes or reads. The one hand-written file (APIDocument.swift) is a single line.
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "MEDKServer",
            dependencies: [
                "MEDKCore",
                "MEDKSheets",
                "MEDKMail",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                "MEDKAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            // Compiled into the binary: pages are styled wherever it is started from or copied to.
            resources: [.embedInCode("Public/css/medk.css"), .embedInCode("Public/js/medk.js"),
                        .embedInCode("Public/favicon.svg")]
        ),
        .executableTarget(name: "medk", dependencies: ["MEDKServer"]),
        .testTarget(name: "MEDKCoreTests", dependencies: ["MEDKCore"]),
        // A real SMTP server (aiosmtpd) for the mail client's and the server's tests.
        .target(name: "MEDKTestSMTP", dependencies: ["MEDKMail"], path: "Tests/Support/SMTP", exclude: ["smtp_server.py"]),
        .testTarget(name: "MEDKMailTests", dependencies: [
            "MEDKMail", "MEDKTestSMTP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "MEDKSheetsTests", dependencies: ["MEDKSheets", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "MEDKServerTests",
            dependencies: [
                "MEDKServer", "MEDKTestSMTP",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
