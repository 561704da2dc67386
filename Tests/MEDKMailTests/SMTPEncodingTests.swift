import Foundation
import Testing
@testable import MEDKMail

@Suite struct SMTPEncodingTests {
    private func data(_ text: String) -> String {
        String(decoding: SMTPData.encode(Array(text.utf8)), as: UTF8.self)
    }

    @Test func dotStuffsLinesStartingWithADot() {
        #expect(data("a\r\n.b\r\n..c\r\n.\r\nd\r\n") == "a\r\n..b\r\n...c\r\n..\r\nd\r\n.\r\n")
        #expect(data(".first") == "..first\r\n.\r\n")
        #expect(data("no.dot.at.start\r\n") == "no.dot.at.start\r\n.\r\n")
    }

    @Test func normalizesLineEndingsAndTerminates() {
        #expect(data("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n.\r\n")
        #expect(data("x\n.y") == "x\r\n..y\r\n.\r\n")
        #expect(data("") == ".\r\n")
    }

    @Test func authPlainEncodesNulSeparatedCredentials() {
        #expect(SMTPAuth.plain(username: "medk", password: "secret") == "AG1lZGsAc2VjcmV0")
        let decoded = Data(base64Encoded: SMTPAuth.plain(username: "юзер", password: "p@ss:word"))!
        #expect(Array(decoded) == [0] + Array("юзер".utf8) + [0] + Array("p@ss:word".utf8))
    }

    @Test func authLoginEncodesEachValue() {
        #expect(SMTPAuth.login("medk") == "bWVkaw==")
        #expect(SMTPAuth.login("secret") == "c2VjcmV0")
    }
}
