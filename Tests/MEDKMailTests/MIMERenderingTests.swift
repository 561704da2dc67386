@testable import MEDKTestSMTP
import Foundation
import Testing
@testable import MEDKMail

@Suite struct MIMERenderingTests {
    static let fixedDate = Date(timeIntervalSince1970: 1_751_360_700)  // 2025-07-01 09:05:00 UTC

    static func sampleMessage(encoding: TransferEncoding = .quotedPrintable, html: Bool = true) throws -> MailMessage {
        MailMessage(
            from: try EmailAddress("noreply@medk.example", displayName: "МЭДК"),
            to: [try EmailAddress("teacher@school.example", displayName: "Анна Петрова")],
            subject: "Документ возвращён на доработку",
            textBody: "Здравствуйте!\n\nДокумент возвращён.\n.hidden line\n",
            htmlBody: html ? "<p>Здравствуйте!</p>" : nil,
            headers: [
                MailHeader("List-Unsubscribe", "<https://medk.example/u?t=abc>, <mailto:u@medk.example>"),
                MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            messageID: "fixed-id@medk.example",
            date: fixedDate,
            transferEncoding: encoding
        )
    }

    static let golden = [
        "Date: Tue, 01 Jul 2025 09:05:00 +0000",
        "From: =?UTF-8?B?0JzQrdCU0Jo=?= <noreply@medk.example>",
        "To: =?UTF-8?B?0JDQvdC90LAg0J/QtdGC0YDQvtCy0LA=?= <teacher@school.example>",
        "Subject: =?UTF-8?B?0JTQvtC60YPQvNC10L3RgiDQstC+0LfQstGA0LDRidGR0L0g0L3QsCA=?=",
        " =?UTF-8?B?0LTQvtGA0LDQsdC+0YLQutGD?=",
        "Message-ID: <fixed-id@medk.example>",
        "List-Unsubscribe: <https://medk.example/u?t=abc>, <mailto:u@medk.example>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"BOUNDARY\"",
        "",
        "This is a multi-part message in MIME format.",
        "",
        "--BOUNDARY",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "=D0=97=D0=B4=D1=80=D0=B0=D0=B2=D1=81=D1=82=D0=B2=D1=83=D0=B9=D1=82=D0=B5!",
        "",
        "=D0=94=D0=BE=D0=BA=D1=83=D0=BC=D0=B5=D0=BD=D1=82 =D0=B2=D0=BE=D0=B7=D0=B2=",
        "=D1=80=D0=B0=D1=89=D1=91=D0=BD.",
        ".hidden line",
        "",
        "--BOUNDARY",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "<p>=D0=97=D0=B4=D1=80=D0=B0=D0=B2=D1=81=D1=82=D0=B2=D1=83=D0=B9=D1=82=D0=B5=",
        "!</p>",
        "",
        "--BOUNDARY--",
        "",
    ].joined(separator: "\r\n")

    @Test func goldenMultipartMessage() throws {
        let rendered = try Self.sampleMessage().render(boundary: "BOUNDARY")
        #expect(rendered.messageID == "<fixed-id@medk.example>")
        #expect(rendered.string == Self.golden)
    }

    @Test func everyLineEndsWithCRLFAndFitsLimits() throws {
        for encoding in TransferEncoding.allCases {
            var message = try Self.sampleMessage(encoding: encoding)
            message.textBody = String(repeating: "Длинная строка без переносов, чтобы проверить мягкие разрывы. ", count: 20)
                + "\r\nwindows line\rold mac line\nunix line  \n\ttab-led line with trailing tab\t"
            let text = try message.render().string
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
            #expect(text.hasSuffix("\r\n"))
            let lines = text.components(separatedBy: "\r\n")
            for line in lines { #expect(line.utf8.count <= 78, "too long: \(line)") }
            let part = try MIMETestDecoding.Part(text).parts()[0]
            for line in part.body.components(separatedBy: "\r\n") {
                #expect(line.utf8.count <= 76)
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing whitespace survives transport badly")
            }
            let expected = message.textBody.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
            #expect(try part.decodedBody() == expected, "\(encoding)")
        }
    }

    @Test func base64BodyLinesAreExactly76Characters() throws {
        let encoded = TransferEncoding.base64.encode(String(repeating: "ж", count: 500))
        let lines = encoded.withoutTrailingCRLF.components(separatedBy: "\r\n")
        for line in lines.dropLast() { #expect(line.count == 76) }
        #expect(lines.last!.count <= 76)
        #expect(try MIMETestDecoding.decodeBase64(encoded) == String(repeating: "ж", count: 500) + "\r\n")
    }

    @Test func quotedPrintableEscapesWhatItMust() throws {
        let encoded = TransferEncoding.quotedPrintable.encode("a=b tail \nплюс\n")
        #expect(encoded == "a=3Db tail=20\r\n=D0=BF=D0=BB=D1=8E=D1=81\r\n")
        let long = String(repeating: "ё", count: 100)
        let qp = TransferEncoding.quotedPrintable.encode(long)
        for line in qp.withoutTrailingCRLF.components(separatedBy: "\r\n") {
            #expect(line.count <= 76)
            // Soft breaks never cut an =XX escape in half.
            let withoutSoftBreak = line.hasSuffix("=") ? String(line.dropLast()) : line
            #expect(withoutSoftBreak.count % 3 == 0)
        }
        #expect(try MIMETestDecoding.decodeQuotedPrintable(qp) == long + "\r\n")
    }

    @Test func textOnlyMessageIsSinglePart() throws {
        let text = try Self.sampleMessage(html: false).render().string
        let part = try MIMETestDecoding.Part(text)
        #expect(part.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(part.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(try part.decodedBody() == "Здравствуйте!\r\n\r\nДокумент возвращён.\r\n.hidden line\r\n")
    }

    @Test func generatesMessageIDInSenderDomainAndCurrentDate() throws {
        var message = try Self.sampleMessage()
        message.messageID = nil
        message.date = nil
        let now = Date(timeIntervalSince1970: 0)
        let part = try MIMETestDecoding.Part(try message.render(now: now).string)
        let id = try #require(part.header("Message-ID"))
        #expect(id.hasPrefix("<") && id.hasSuffix("@medk.example>"))
        #expect(id.count > "<@medk.example>".count + 10)
        #expect(part.header("Date") == "Thu, 01 Jan 1970 00:00:00 +0000")
        let other = try MIMETestDecoding.Part(try message.render().string).header("Message-ID")
        #expect(other != id)
    }

    @Test func recipientsIncludeCcAndBccButHeadersDoNotShowBcc() throws {
        var message = try Self.sampleMessage()
        message.to.append(try EmailAddress("second@school.example"))
        message.cc = [try EmailAddress("cc@school.example")]
        message.bcc = [try EmailAddress("hidden@school.example"), try EmailAddress("SECOND@school.example")]
        #expect(message.recipients.map(\.address) == ["teacher@school.example", "second@school.example", "cc@school.example", "hidden@school.example"])
        let text = try message.render().string
        #expect(!text.contains("hidden@"))
        let part = try MIMETestDecoding.Part(text)
        #expect(part.header("Cc") == "cc@school.example")
        #expect(part.header("To")?.hasSuffix("<teacher@school.example>, second@school.example") == true)
    }

    @Test func refusesHeaderInjectionAndReservedHeaders() throws {
        var message = try Self.sampleMessage()
        message.headers = [MailHeader("X-Test", "a\r\nBcc: evil@example.org")]
        #expect(throws: MailMessageError.invalidHeaderValue("X-Test")) { try message.render() }
        message.headers = [MailHeader("Subject", "again")]
        #expect(throws: MailMessageError.reservedHeader("Subject")) { try message.render() }
        message.headers = [MailHeader("Bad Name", "x")]
        #expect(throws: MailMessageError.invalidHeaderName("Bad Name")) { try message.render() }
        message.headers = []
        message.messageID = "no at sign"
        #expect(throws: MailMessageError.invalidMessageID("no at sign")) { try message.render() }
        message.messageID = nil
        message.to = []
        #expect(throws: MailMessageError.noRecipients) { try message.render() }
    }

    @Test func subjectWithLineBreakCannotInjectHeaders() throws {
        var message = try Self.sampleMessage()
        message.subject = "Hi\r\nBcc: evil@example.org"
        let part = try MIMETestDecoding.Part(try message.render().string)
        #expect(part.headers(named: "Bcc").isEmpty)
        #expect(try MIMETestDecoding.decodeHeaderValue(part.header("Subject")!) == "Hi\r\nBcc: evil@example.org")
    }
}
