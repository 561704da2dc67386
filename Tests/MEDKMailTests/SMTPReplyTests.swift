import Testing
@testable import MEDKMail

@Suite struct SMTPReplyTests {
    @Test func parsesSingleLineReply() throws {
        let reply = try SMTPReplyParser.parse("250 2.0.0 Ok: queued as 4F2B1\r\n")
        #expect(reply.code == 250)
        #expect(reply.lines == ["2.0.0 Ok: queued as 4F2B1"])
        #expect(reply.isPositive)
    }

    @Test func parsesCodeOnlyReply() throws {
        let reply = try SMTPReplyParser.parse("354\r\n")
        #expect(reply.code == 354)
        #expect(reply.lines == [""])
    }

    @Test func parsesMultiLineReplyAndExtensions() throws {
        let reply = try SMTPReplyParser.parse(
            "250-mail.example.org Hello client\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250-STARTTLS\r\n"
                + "250-AUTH PLAIN LOGIN\r\n250-AUTH=LOGIN\r\n250 SMTPUTF8\r\n")
        #expect(reply.code == 250)
        #expect(reply.lines.count == 7)
        let extensions = SMTPExtensions(ehloReply: reply)
        #expect(extensions.supportsStartTLS)
        #expect(extensions.supports8BitMIME)
        #expect(extensions.supportsSMTPUTF8)
        #expect(extensions.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(extensions.maximumMessageSize == 10_240_000)
        #expect(!extensions.supports("PIPELINING"))
        #expect(!extensions.supports("MAIL.EXAMPLE.ORG"))
    }

    @Test func classifiesCodes() {
        #expect(SMTPReply(code: 421, lines: ["busy"]).isTransientFailure)
        #expect(SMTPReply(code: 550, lines: ["no"]).isPermanentFailure)
        #expect(SMTPReply(code: 334, lines: [""]).isPositive)
        #expect(SMTPReply(code: 250, lines: ["a", "b"]).description == "250-a\n250 b")
    }

    @Test(arguments: [
        "HTTP/1.1 400 Bad Request",
        "hello",
        "25",
        "2500 too many digits",
        "250_bad separator",
        "650 code out of range",
        "199 code out of range",
        "",
    ])
    func refusesGarbage(_ line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.ParseError.self) { try parser.feed(line) }
    }

    @Test func refusesCodeChangeInsideMultiLineReply() {
        #expect(throws: SMTPReplyParser.ParseError.self) { try SMTPReplyParser.parse("250-a\r\n251 b\r\n") }
        #expect(throws: SMTPReplyParser.ParseError.self) { try SMTPReplyParser.parse("250-a\r\n250-b\r\n") }
    }

    @Test func parserKeepsStateAcrossFeeds() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("220-first") == nil)
        #expect(!parser.isIdle)
        let reply = try #require(try parser.feed("220 second"))
        #expect(reply.lines == ["first", "second"])
        #expect(parser.isIdle)
    }
}
