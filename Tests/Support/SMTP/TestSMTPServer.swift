import Foundation
import MEDKMail

/// One `smtp_server.py` process for one test; stopped by `stop()` or, should the
/// test process die, by the script itself when its stdin closes.
///
/// Immutable after start, hence the unchecked Sendable.
final class TestSMTPServer: @unchecked Sendable {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    let certificatePath: String?
    let maildir: URL
    private let process: Process
    private let stdin: Pipe

    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("smtp_server.py").path

    /// Starts the server off the cooperative thread pool: waiting for Python blocks
    /// a thread, and with two cores blocking the pool would stall every other test.
    static func start(_ mode: String) async throws -> TestSMTPServer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try TestSMTPServer(mode: mode) })
            }
        }
    }

    private init(mode: String) throws {
        maildir = FileManager.default.temporaryDirectory
            .appendingPathComponent("medk-smtp-maildir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: maildir, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["MEDK_PYTHON"] ?? "python3"
        process.arguments = [python, Self.scriptPath, mode, maildir.path]
        // The server stops when this process goes away (its stdin closes); the lifetime is only a backstop, long
        // enough for a test on a machine busy with the whole suite.
        var environment = ProcessInfo.processInfo.environment
        environment["MEDK_SMTP_LIFETIME"] = environment["MEDK_SMTP_LIFETIME"] ?? "900"
        process.environment = environment
        stdin = Pipe()
        let stdout = Pipe()
        // A file rather than a pipe: nobody drains the pipe, and a chatty server
        // would block once its buffer filled. With MEDK_SMTP_LOG set, the server
        // logs to the test's own stderr instead.
        let logURL = maildir.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        process.standardInput = stdin
        process.standardOutput = stdout
        if ProcessInfo.processInfo.environment["MEDK_SMTP_LOG"] == nil {
            process.standardError = log
        }
        try process.run()

        // Python either prints READY or exits; reading stops at EOF in both cases.
        let line = firstLine(of: stdout)
        let fields = line.split(separator: " ")
        guard fields.count == 3, fields[0] == "READY", let port = Int(fields[1]) else {
            process.terminate()
            process.waitUntilExit()
            let errors = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: maildir)
            let hint = errors.contains("aiosmtpd") || process.terminationStatus == 3
                ? "The integration tests need aiosmtpd: run `pip install aiosmtpd`. " : ""
            throw StartError(description: "\(hint)smtp_server.py \(mode) did not start (status \(process.terminationStatus)): \(line) \(errors)")
        }
        self.port = port
        certificatePath = fields[2] == "-" ? nil : String(fields[2])
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        if let certificatePath {
            try? FileManager.default.removeItem(atPath: (certificatePath as NSString).deletingLastPathComponent)
        }
        try? FileManager.default.removeItem(at: maildir)
    }

    struct Received {
        let raw: String
        let envelope: [String: Any]
        var message: MIMETestDecoding.Part { get throws { try MIMETestDecoding.Part(raw) } }
        var recipients: [String] { envelope["rcpt_tos"] as? [String] ?? [] }
        var mailFrom: String? { envelope["mail_from"] as? String }
    }

    /// The messages the server stored, in arrival order.
    func received() throws -> [Received] {
        let files = try FileManager.default.contentsOfDirectory(atPath: maildir.path)
            .filter { $0.hasSuffix(".eml") }
            .sorted { Int($0.dropLast(4))! < Int($1.dropLast(4))! }
        return try files.map { name in
            let eml = maildir.appendingPathComponent(name)
            let json = eml.deletingPathExtension().appendingPathExtension("json")
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
            return Received(raw: String(decoding: try Data(contentsOf: eml), as: UTF8.self), envelope: envelope)
        }
    }

    func configuration(
        host: String = "127.0.0.1",
        security: SMTPConfiguration.Security,
        credentials: SMTPConfiguration.Credentials? = nil,
        verification: SMTPConfiguration.CertificateVerification = .noVerification,
        commandTimeout: Duration = .seconds(5)
    ) -> SMTPConfiguration {
        SMTPConfiguration(
            host: host, port: port, security: security, credentials: credentials,
            heloName: "client.medk.test", connectTimeout: .seconds(5), commandTimeout: commandTimeout,
            certificateVerification: verification
        )
    }
}
