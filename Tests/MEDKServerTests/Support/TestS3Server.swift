import Foundation
import MEDKTestSMTP
@testable import MEDKServer

/// One moto S3 server for the whole test process (`Tests/Support/S3/s3_server.py`), started on first use; every test
/// makes its own bucket. It stops when this process ends (its stdin closes).
final class TestS3Server: @unchecked Sendable {
    struct StartError: Error, CustomStringConvertible { let description: String }

    let port: Int
    private let process: Process
    private let stdin: Pipe

    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Support/S3/s3_server.py").path

    private static let started = Result { try TestS3Server() }

    static func shared() throws -> TestS3Server { try started.get() }

    /// A new, empty bucket's location on the shared server — or, with MEDK_TEST_S3_ENDPOINT (and
    /// MEDK_TEST_S3_ACCESS_KEY, MEDK_TEST_S3_SECRET_KEY, MEDK_TEST_S3_REGION), on an S3 service of the operator's
    /// own (MinIO, Yandex Object Storage): the same suite, against it.
    static func freshLocation() async throws -> S3FileStore.Location {
        let variables = ProcessInfo.processInfo.environment
        if let endpoint = variables["MEDK_TEST_S3_ENDPOINT"], !endpoint.isEmpty {
            let location = S3FileStore.Location(endpoint: endpoint, region: variables["MEDK_TEST_S3_REGION"] ?? "us-east-1",
                                                bucket: "medk-test-" + UUID().uuidString.lowercased().prefix(13), prefix: "files",
                                                accessKey: variables["MEDK_TEST_S3_ACCESS_KEY"] ?? "",
                                                secretKey: variables["MEDK_TEST_S3_SECRET_KEY"] ?? "")
            try await S3FileStore(location, temporaries: FileManager.default.temporaryDirectory.appendingPathComponent("medk-s3-test")).createBucket()
            return location
        }
        let server = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try shared() }) }
        }
        let bucket = "medk-test-" + UUID().uuidString.lowercased().prefix(13)
        let location = S3FileStore.Location(endpoint: "http://127.0.0.1:\(server.port)", region: "us-east-1", bucket: String(bucket),
                                            prefix: "files", accessKey: "test", secretKey: "test")
        try await S3FileStore(location, temporaries: FileManager.default.temporaryDirectory.appendingPathComponent("medk-s3-test")).createBucket()
        return location
    }

    private init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["MEDK_PYTHON"] ?? "python3", Self.scriptPath]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let line = firstLine(of: stdout)
        let fields = line.split(separator: " ")
        guard fields.count == 2, fields[0] == "READY", let port = Int(fields[1]) else {
            process.waitUntilExit()
            let hint = process.terminationStatus == 3 ? "The S3 tests need moto: run `pip install \"moto[server]\"`. " : ""
            throw StartError(description: "\(hint)s3_server.py did not start (status \(process.terminationStatus)): \(line)")
        }
        self.port = port
    }
}
