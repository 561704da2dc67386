@testable import MEDKTestSMTP
import Foundation
import Testing
@testable import MEDKMail

@Suite struct EmailAddressTests {
    @Test(arguments: [
        "user@example.org", "first.last+tag@sub.example.co.uk", "o'brien@example.ie",
        "x@a.io", "user_name-1@xn--80ak6aa92e.com", "иван@пример.рф",
    ])
    func acceptsPlausibleAddresses(_ address: String) throws {
        let parsed = try EmailAddress(address)
        #expect(parsed.address == address)
    }

    @Test(arguments: [
        ("", EmailAddressError.empty),
        ("user.example.org", .missingAt),
        ("user @example.org", .invalidCharacter),
        ("user@exa mple.org", .invalidCharacter),
        ("user@example.org\r\nRCPT TO:<x@y.z>", .invalidCharacter),
        ("user\n@example.org", .invalidCharacter),
        ("us\u{0}er@example.org", .invalidCharacter),
        ("user@localhost", .invalidDomain),
        ("user@", .invalidDomain),
        ("@example.org", .invalidLocalPart),
        ("user@example..org", .invalidDomain),
        ("user@-example.org", .invalidDomain),
        ("user@example.123", .invalidDomain),
        (".user@example.org", .invalidLocalPart),
        ("us..er@example.org", .invalidLocalPart),
        ("a@b@example.org", .invalidCharacter),
        ("<user@example.org>", .invalidCharacter),
        ("\"quoted\"@example.org", .invalidCharacter),
    ])
    func refusesBadAddresses(_ address: String, _ expected: EmailAddressError) {
        #expect(throws: expected) { try EmailAddress(address) }
        #expect(!EmailAddress.isValid(address))
    }

    @Test func refusesOverlongAddresses() {
        let local = String(repeating: "a", count: 64)
        let domain = (0..<4).map { _ in String(repeating: "b", count: 60) }.joined(separator: ".") + ".org"
        #expect(throws: EmailAddressError.tooLong) { try EmailAddress("\(local)@\(domain)") }
        #expect(throws: EmailAddressError.invalidLocalPart) { try EmailAddress(String(repeating: "a", count: 65) + "@example.org") }
    }

    @Test func refusesLineBreaksInDisplayName() {
        #expect(throws: EmailAddressError.invalidDisplayName) {
            try EmailAddress("a@example.org", displayName: "Evil\r\nBcc: victim@example.org")
        }
    }

    @Test func rendersHeaderValues() throws {
        #expect(try EmailAddress("a@example.org").headerValue == "a@example.org")
        #expect(try EmailAddress("a@example.org", displayName: "Jane Doe").headerValue == "Jane Doe <a@example.org>")
        #expect(try EmailAddress("a@example.org", displayName: "Doe, \"JD\" Jane").headerValue
            == #""Doe, \"JD\" Jane" <a@example.org>"#)
        let cyrillic = try EmailAddress("school@example.org", displayName: "Школа №5")
        #expect(cyrillic.headerValue == "=?UTF-8?B?0KjQutC+0LvQsCDihJY1?= <school@example.org>")
        #expect(try MIMETestDecoding.decodeWord(String(cyrillic.headerValue.split(separator: " ")[0])) == "Школа №5")
    }

    @Test func exposesParts() throws {
        let address = try EmailAddress("user@mail.example.org")
        #expect(address.localPart == "user")
        #expect(address.domain == "mail.example.org")
        #expect(!address.requiresSMTPUTF8)
        #expect(try EmailAddress("иван@пример.рф").requiresSMTPUTF8)
    }
}
