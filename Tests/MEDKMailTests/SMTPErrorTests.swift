import Foundation
import Testing
@testable import MEDKMail

@Suite struct SMTPErrorTests {
    @Test func classifiesByKindAndReplyCode() {
        func error(_ kind: SMTPError.Kind, _ code: Int? = nil) -> SMTPError {
            SMTPError(kind: kind, detail: "x", reply: code.map { SMTPReply(code: $0, lines: ["text"]) })
        }
        #expect(error(.rejected, 421).isTransient)
        #expect(error(.rejected, 452).isTransient)
        #expect(error(.rejected, 550).isPermanent)
        #expect(error(.rejected, 554).isPermanent)
        for kind in [SMTPError.Kind.connectionFailed, .connectionClosed, .timeout, .tls, .protocolViolation] {
            #expect(error(kind).isTransient)
        }
        for kind in [SMTPError.Kind.unsupported, .configuration, .invalidMessage] {
            #expect(error(kind).isPermanent)
        }
        #expect(error(.rejected, 550).code == 550)
        #expect(error(.rejected, 550).serverText == "text")
        #expect("\(error(.rejected, 550))".contains("permanent"))
    }

    @Test func refusesInjectableHeloNameBeforeConnecting() async throws {
        // Port 9 on loopback: nothing is contacted because validation comes first.
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: 9, security: .plain, heloName: "x\r\nRCPT TO:<a@b.cd>")
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(try MisbehavingServerTests.message())
        }
        #expect(error.kind == .configuration)
    }

    @Test func unrenderableMessageIsPermanent() async throws {
        var message = try MisbehavingServerTests.message()
        message.headers = [MailHeader("X-Bad", "a\nb")]
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: 9, security: .plain)
        let error = try await #require(throws: SMTPError.self) { try await SMTPClient(configuration: configuration).send(message) }
        #expect(error.kind == .invalidMessage)
        #expect(error.isPermanent)
    }

    @Test func missingTrustFileIsAConfigurationError() async throws {
        let configuration = SMTPConfiguration(
            host: "127.0.0.1", port: 9, security: .implicitTLS,
            certificateVerification: .trusting(certificateFiles: ["/nonexistent/mail-helper-ca.pem"]))
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(try MisbehavingServerTests.message())
        }
        #expect(error.kind == .configuration)
    }
}
