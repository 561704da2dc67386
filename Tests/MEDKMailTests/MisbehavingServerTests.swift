@testable import MEDKTestSMTP
import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import MEDKMail

/// Servers that break the protocol in the ways real networks do; the client must
/// classify each failure correctly, never crash and never hang.
@Suite struct MisbehavingServerTests {
    static func message() throws -> MailMessage {
        MailMessage(
            from: try EmailAddress("noreply@medk.example"),
            to: [try EmailAddress("anna@school.example")],
            subject: "Test",
            textBody: String(repeating: "A line of the body that is long enough to matter.\n", count: 2000)
        )
    }

    private func sendExpectingError(
        mode: String, commandTimeout: Duration = .seconds(5)
    ) async throws -> (SMTPError, Duration) {
        let server = try await TestSMTPServer.start(mode)
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: false), commandTimeout: commandTimeout))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        return (error, clock.now - start)
    }

    @Test func silentServerTimesOutQuickly() async throws {
        let (error, elapsed) = try await sendExpectingError(mode: "silent", commandTimeout: .milliseconds(400))
        #expect(error.kind == .timeout)
        #expect(error.isTransient)
        #expect(error.command == "greeting")
        // The configured 0.4 s, not the 30 s default nor for ever; the margin is for a loaded CI machine.
        #expect(elapsed < .seconds(20))
    }

    @Test func garbageIsATransientProtocolViolation() async throws {
        let (error, _) = try await sendExpectingError(mode: "garbage")
        #expect(error.kind == .protocolViolation)
        #expect(error.isTransient)
        #expect(error.detail.contains("HTTP/1.1"))
    }

    @Test func endlessLineIsAProtocolViolation() async throws {
        let (error, _) = try await sendExpectingError(mode: "endless-line")
        #expect(error.kind == .protocolViolation)
        #expect(error.isTransient)
    }

    @Test func plainTextInjectedAfterSTARTTLSIsRefused() async throws {
        let server = try await TestSMTPServer.start("starttls-injection")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: true)))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.kind == .protocolViolation)
        #expect(error.detail.contains("after its STARTTLS reply"))
    }

    @Test func droppedConnectionDuringDataIsTransient() async throws {
        // A long timeout: the drop must be noticed when it happens, not when the timeout runs out.
        let (error, elapsed) = try await sendExpectingError(mode: "drop-data", commandTimeout: .seconds(120))
        #expect(error.kind == .connectionClosed)
        #expect(error.isTransient)
        #expect(error.command == "message data")
        #expect(elapsed < .seconds(60))
    }

    @Test func reply421IsTransientWithServerText() async throws {
        let (error, _) = try await sendExpectingError(mode: "reply-421")
        #expect(error.kind == .rejected)
        #expect(error.code == 421)
        #expect(error.serverText == "4.3.2 Service shutting down")
        #expect(error.isTransient)
        #expect(error.transcript.last == "S: 421 4.3.2 Service shutting down")
    }

    @Test func rejectedRecipientIsPermanent() async throws {
        let (error, _) = try await sendExpectingError(mode: "reject-rcpt")
        #expect(error.kind == .rejected)
        #expect(error.code == 550)
        #expect(error.isPermanent)
        #expect(error.command == "RCPT TO:<anna@school.example>")
        #expect("\(error)".contains("550 5.1.1 No such user here"))
    }

    @Test func fallsBackToHELO() async throws {
        let server = try await TestSMTPServer.start("helo-only")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: false)))
        let delivery = try await client.send(try Self.message())
        #expect(delivery.transcript.contains("C: HELO client.medk.test"))
        #expect(delivery.queuedAs == "2.0.0 Ok: queued as SCRIPTED")
    }

    @Test func refusedConnectionIsTransient() async throws {
        // Bind and close a listener to find a port where nothing listens.
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = listener.localAddress!.port!
        try await listener.close()
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, connectTimeout: .seconds(2), commandTimeout: .seconds(2))
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(try Self.message())
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.isTransient)
    }

    @Test func cancellationClosesTheConnectionPromptly() async throws {
        let server = try await TestSMTPServer.start("silent")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .plain, commandTimeout: .seconds(30)))
        let message = try Self.message()
        let task = Task { try await client.send(message) }
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Well before the 30 s timeout would end it: the cancellation closed it.
        #expect(clock.now - start < .seconds(15))
    }
}
