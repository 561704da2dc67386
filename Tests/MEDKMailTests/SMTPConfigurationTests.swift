import Testing
@testable import MEDKMail

@Suite struct SMTPConfigurationTests {
    @Test func plainSMTPURLDefaultsToOpportunisticSTARTTLSOnPort25() throws {
        let config = try SMTPConfiguration(url: "smtp://mail.example.org")
        #expect(config.host == "mail.example.org")
        #expect(config.port == 25)
        #expect(config.security == .startTLS(required: false))
        #expect(config.credentials == nil)
        #expect(config.commandTimeout == .seconds(30))
        #expect(config.connectTimeout == .seconds(30))
        #expect(config.certificateVerification == .full)
    }

    @Test func submissionURLWithCredentialsAndRequiredSTARTTLS() throws {
        let config = try SMTPConfiguration(url: "smtp://medk:s%40cr%3At%2F%25@smtp.example.org:587?starttls=required")
        #expect(config.port == 587)
        #expect(config.security == .startTLS(required: true))
        #expect(config.credentials == .init(username: "medk", password: "s@cr:t/%"))
        #expect(!config.credentials!.description.contains("s@cr"))
    }

    @Test func starttlsNeverMeansPlain() throws {
        let config = try SMTPConfiguration(url: "smtp://localhost:2525?starttls=never")
        #expect(config.security == .plain)
        #expect(config.port == 2525)
    }

    @Test func smtpsURLUsesImplicitTLSOnPort465() throws {
        let config = try SMTPConfiguration(url: "SMTPS://user%2Bme%40example.org:pa%20ss@smtp.example.org")
        #expect(config.security == .implicitTLS)
        #expect(config.port == 465)
        #expect(config.credentials == .init(username: "user+me@example.org", password: "pa ss"))
        #expect(try SMTPConfiguration(url: "smtps://smtp.example.org:2465").port == 2465)
    }

    @Test func userWithoutPasswordGetsEmptyPassword() throws {
        let config = try SMTPConfiguration(url: "smtp://apikey@smtp.example.org")
        #expect(config.credentials == .init(username: "apikey", password: ""))
    }

    @Test func ipv6Host() throws {
        let config = try SMTPConfiguration(url: "smtp://[::1]:2525")
        #expect(config.host == "::1")
        #expect(SMTPSession.sniHostname(config.host) == nil)
        #expect(SMTPSession.sniHostname("127.0.0.1") == nil)
        #expect(SMTPSession.sniHostname("smtp.example.org") == "smtp.example.org")
    }

    @Test(arguments: [
        ("http://mail.example.org", SMTPConfigurationError.unsupportedScheme("http")),
        ("mailto:user@example.org", .unsupportedScheme("mailto")),
        ("smtp://", .missingHost),
        ("smtp:///path", .missingHost),
        ("smtp://mail.example.org?starttls=sometimes", .invalidParameter("starttls=sometimes")),
        ("smtp://mail.example.org?tls=yes", .invalidParameter("tls")),
        ("smtps://mail.example.org?starttls=required", .invalidParameter("starttls")),
        ("smtp://mail.example.org:99999", .invalidPort("99999")),
        ("smtp://mail.example.org/inbox", .invalidURL("smtp://mail.example.org/inbox")),
    ])
    func refusesBadURLs(_ url: String, _ expected: SMTPConfigurationError) {
        #expect(throws: expected) { try SMTPConfiguration(url: url) }
    }

    @Test func refusesNonURLsWithoutLeakingPasswords() {
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: "not a url") }
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: "") }
        do {
            _ = try SMTPConfiguration(url: "smtp://u:topsecret@mail.example.org/x")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("topsecret"))
        }
    }
}
