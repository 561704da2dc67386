@testable import MEDKTestSMTP
import Foundation
import Testing
@testable import MEDKMail

/// Against aiosmtpd, a real SMTP server (`pip install aiosmtpd`).
@Suite struct SMTPIntegrationTests {
    static let textBody = """
        Здравствуйте!

        Документ «Концепция развития школы» возвращён на доработку.
        .this line starts with a dot
        ..and this one with two
        .
        The line above is a lone dot, which would end DATA if not stuffed.
        """

    static func message(encoding: TransferEncoding = .quotedPrintable) throws -> MailMessage {
        MailMessage(
            from: try EmailAddress("noreply@medk.example", displayName: "МЭДК Портал"),
            to: [try EmailAddress("anna@school.example", displayName: "Анна Петрова"), try EmailAddress("boss@school.example")],
            bcc: [try EmailAddress("archive@medk.example")],
            subject: EncodedWordTests.cyrillicSubject,
            textBody: textBody,
            htmlBody: "<p>Документ <b>возвращён</b>.</p>\n<p>.dot</p>",
            headers: [
                MailHeader("List-Unsubscribe", "<https://medk.example/unsubscribe?token=abc123>"),
                MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            transferEncoding: encoding
        )
    }

    private static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    }

    @Test(arguments: TransferEncoding.allCases)
    func deliversToPlainServer(_ encoding: TransferEncoding) async throws {
        let server = try await TestSMTPServer.start("plain")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: false)))
        let delivery = try await client.send(try Self.message(encoding: encoding))

        #expect(delivery.reply.code == 250)
        #expect(delivery.queuedAs.contains("queued as MEDK0001"))
        #expect(!delivery.usedTLS)
        #expect(delivery.authenticationMechanism == nil)
        #expect(delivery.transcript.first?.hasPrefix("S: 220 medk.test") == true)
        #expect(delivery.transcript.contains("C: EHLO client.medk.test"))
        #expect(delivery.transcript.contains { $0.hasPrefix("C: MAIL FROM:<noreply@medk.example>") })
        #expect(delivery.transcript.contains("C: QUIT") == false, "QUIT happens after the transcript is taken")

        let received = try server.received()
        try #require(received.count == 1)
        let mail = received[0]
        #expect(mail.mailFrom == "noreply@medk.example")
        #expect(mail.recipients == ["anna@school.example", "boss@school.example", "archive@medk.example"])
        let message = try mail.message
        #expect(try MIMETestDecoding.decodeHeaderValue(message.header("Subject")!) == EncodedWordTests.cyrillicSubject)
        #expect(try MIMETestDecoding.decodeHeaderValue(message.header("From")!) == "МЭДК Портал <noreply@medk.example>")
        #expect(try MIMETestDecoding.decodeHeaderValue(message.header("To")!) == "Анна Петрова <anna@school.example>, boss@school.example")
        #expect(message.header("Message-ID") == delivery.messageID)
        #expect(message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(message.header("List-Unsubscribe") == "<https://medk.example/unsubscribe?token=abc123>")
        #expect(message.header("MIME-Version") == "1.0")
        #expect(message.headers(named: "Bcc").isEmpty)
        #expect(!mail.raw.contains("archive@"))
        for line in message.rawHeader.components(separatedBy: "\r\n") { #expect(line.count <= 78) }

        let parts = try message.parts()
        try #require(parts.count == 2)
        #expect(parts[0].header("Content-Type") == "text/plain; charset=utf-8")
        #expect(parts[1].header("Content-Type") == "text/html; charset=utf-8")
        #expect(parts[0].header("Content-Transfer-Encoding") == encoding.rawValue)
        #expect(try parts[0].decodedBody() == Self.crlf(Self.textBody))
        #expect(try parts[1].decodedBody() == Self.crlf("<p>Документ <b>возвращён</b>.</p>\n<p>.dot</p>"))
        if encoding == .quotedPrintable {
            // The server removed the stuffing dots again.
            #expect(parts[0].body.contains("\r\n.this line starts with a dot\r\n..and this one with two\r\n.\r\n"))
        }
    }

    @Test func upgradesWithSTARTTLSWithoutVerification() async throws {
        let server = try await TestSMTPServer.start("starttls")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: true)))
        let delivery = try await client.send(try Self.message())
        #expect(delivery.usedTLS)
        #expect(delivery.transcript.contains("C: STARTTLS"))
        #expect(delivery.transcript.filter { $0.hasPrefix("C: EHLO") }.count == 2)
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.envelope["tls"] as? Bool == true)
    }

    @Test func opportunisticSTARTTLSUpgradesWhenOffered() async throws {
        let server = try await TestSMTPServer.start("starttls")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: false)))
        #expect(try await client.send(try Self.message()).usedTLS)
    }

    @Test func verifiesServerCertificateAgainstTrustedFile() async throws {
        let server = try await TestSMTPServer.start("starttls")
        defer { server.stop() }
        let certificate = try #require(server.certificatePath)
        let client = SMTPClient(configuration: server.configuration(
            host: "localhost", security: .startTLS(required: true), verification: .trusting(certificateFiles: [certificate])))
        let delivery = try await client.send(try Self.message())
        #expect(delivery.usedTLS)
    }

    @Test func untrustedCertificateIsATransientTLSError() async throws {
        let server = try await TestSMTPServer.start("starttls")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(
            host: "localhost", security: .startTLS(required: true), verification: .full))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.kind == .tls)
        #expect(error.isTransient)
        #expect(try server.received().isEmpty)
    }

    @Test func deliversOverImplicitTLS() async throws {
        let server = try await TestSMTPServer.start("smtps")
        defer { server.stop() }
        let certificate = try #require(server.certificatePath)
        var configuration = try SMTPConfiguration(url: "smtps://localhost:\(server.port)")
        configuration.certificateVerification = .trusting(certificateFiles: [certificate])
        configuration.commandTimeout = .seconds(5)
        let delivery = try await SMTPClient(configuration: configuration).send(try Self.message())
        #expect(delivery.usedTLS)
        #expect(!delivery.transcript.contains("C: STARTTLS"))
        #expect(try server.received().count == 1)
    }

    @Test func plainModeNeverStartsTLS() async throws {
        let server = try await TestSMTPServer.start("starttls")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .plain))
        let delivery = try await client.send(try Self.message())
        #expect(!delivery.usedTLS)
        #expect(!delivery.transcript.contains("C: STARTTLS"))
    }

    @Test func requiredSTARTTLSMissingIsPermanent() async throws {
        let server = try await TestSMTPServer.start("plain")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: true)))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.kind == .unsupported)
        #expect(error.isPermanent)
        #expect(error.transcript.contains("C: EHLO client.medk.test"))
    }

    @Test func authenticatesWithPLAINByDefault() async throws {
        let server = try await TestSMTPServer.start("auth")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(
            security: .startTLS(required: true), credentials: .init(username: "medk", password: "secret")))
        let delivery = try await client.send(try Self.message())
        #expect(delivery.authenticationMechanism == "PLAIN")
        #expect(delivery.transcript.contains("C: AUTH PLAIN <redacted>"))
        let transcript = delivery.transcript.joined(separator: "\n")
        #expect(!transcript.contains("secret"))
        #expect(!transcript.contains(SMTPAuth.plain(username: "medk", password: "secret")))
        let received = try server.received()
        #expect(received.first?.envelope["authenticated"] as? Bool == true)
        #expect(received.first?.envelope["auth_mechanism"] as? String == "PLAIN")
    }

    @Test func authenticatesWithLOGINWhenPLAINIsNotOffered() async throws {
        let server = try await TestSMTPServer.start("auth-login")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(
            security: .startTLS(required: true), credentials: .init(username: "medk", password: "secret")))
        let delivery = try await client.send(try Self.message())
        #expect(delivery.authenticationMechanism == "LOGIN")
        let transcript = delivery.transcript.joined(separator: "\n")
        #expect(!transcript.contains(SMTPAuth.login("secret")))
        #expect(!transcript.contains(SMTPAuth.login("medk")))
        #expect(try server.received().first?.envelope["auth_mechanism"] as? String == "LOGIN")
    }

    @Test func configuresFromURL() async throws {
        let server = try await TestSMTPServer.start("auth")
        defer { server.stop() }
        var configuration = try SMTPConfiguration(url: "smtp://medk:secret@127.0.0.1:\(server.port)?starttls=required")
        configuration.certificateVerification = .noVerification
        configuration.commandTimeout = .seconds(5)
        let delivery = try await SMTPClient(configuration: configuration).send(try Self.message())
        #expect(delivery.usedTLS)
        #expect(delivery.authenticationMechanism == "PLAIN")
    }

    @Test func wrongPasswordIsPermanent() async throws {
        let server = try await TestSMTPServer.start("auth")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(
            security: .startTLS(required: true), credentials: .init(username: "medk", password: "wrong")))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.kind == .rejected)
        #expect(error.code == 535)
        #expect(error.isPermanent)
        #expect(error.command == "AUTH PLAIN")
        #expect(!"\(error)".contains("wrong"))
    }

    @Test func missingCredentialsWhereAuthIsRequiredIsPermanent() async throws {
        let server = try await TestSMTPServer.start("auth")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: true)))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.kind == .rejected)
        #expect(error.code == 530)
        #expect(error.isPermanent)
        #expect(!error.transcript.contains { $0.contains("AUTH") })
    }

    @Test func refusesCredentialsOverPlainText() async throws {
        let server = try await TestSMTPServer.start("plain")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(
            security: .startTLS(required: false), credentials: .init(username: "medk", password: "secret")))
        let error = try await #require(throws: SMTPError.self) { try await client.send(try Self.message()) }
        #expect(error.kind == .configuration)
        #expect(error.isPermanent)
    }

    @Test func deliversManyMessagesConcurrently() async throws {
        let server = try await TestSMTPServer.start("starttls")
        defer { server.stop() }
        let client = SMTPClient(configuration: server.configuration(security: .startTLS(required: true)))
        let message = try Self.message()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask { _ = try await client.send(message) }
            }
            try await group.waitForAll()
        }
        let received = try server.received()
        #expect(received.count == 5)
        #expect(Set(try received.map { try $0.message.header("Message-ID") }).count == 5)
    }
}
