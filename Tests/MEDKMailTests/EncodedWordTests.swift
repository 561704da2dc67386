@testable import MEDKTestSMTP
import Foundation
import Testing
@testable import MEDKMail

@Suite struct EncodedWordTests {
    static let cyrillicSubject = "Документ возвращён на доработку: Концепция развития школы"

    @Test func cyrillicSubjectRoundTrips() throws {
        let words = EncodedWord.encode(Self.cyrillicSubject)
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)
            _ = try MIMETestDecoding.decodeWord(word)  // throws if a character was split
        }
        let decoded = try words.map(MIMETestDecoding.decodeWord).joined()
        #expect(decoded == Self.cyrillicSubject)
    }

    @Test func subjectHeaderIsFoldedWithinLineLimits() throws {
        let field = HeaderField.unstructured(name: "Subject", value: Self.cyrillicSubject)
        #expect(field.hasSuffix("\r\n"))
        let lines = field.withoutTrailingCRLF.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines[0].hasPrefix("Subject: =?UTF-8?B?"))
        for line in lines {
            #expect(line.count <= 78, "line too long: \(line)")
        }
        for line in lines.dropFirst() { #expect(line.hasPrefix(" =?UTF-8?B?")) }
        let unfolded = field.withoutTrailingCRLF.replacingOccurrences(of: "\r\n ", with: " ")
        let value = String(unfolded.dropFirst("Subject: ".count))
        #expect(try MIMETestDecoding.decodeHeaderValue(value) == Self.cyrillicSubject)
    }

    @Test(arguments: [
        "ё", "a", String(repeating: "я", count: 200), "emoji 👨‍👩‍👧‍👦 family and 🇺🇦 flag " + String(repeating: "🙂", count: 40),
        "e\u{301}" + String(repeating: "\u{301}", count: 60),  // a grapheme longer than one word
        "mixed ASCII and кириллица with  double  spaces ",
        "line\nbreak and\ttab",
    ])
    func arbitraryTextRoundTrips(_ text: String) throws {
        let words = EncodedWord.encode(text, firstWordLimit: 60)
        #expect(words[0].count <= 60)
        for word in words { #expect(word.count <= 75) }
        #expect(try words.map(MIMETestDecoding.decodeWord).joined() == text)
    }

    @Test func plainASCIIIsNotEncoded() {
        #expect(!EncodedWord.needsEncoding("Password reset for your account"))
        #expect(EncodedWord.needsEncoding("Привет"))
        #expect(EncodedWord.needsEncoding("looks like =?an?encoded?= word"))
        #expect(EncodedWord.needsEncoding("bell\u{7}"))
        #expect(HeaderField.unstructured(name: "Subject", value: "Hello") == "Subject: Hello\r\n")
    }

    @Test func longASCIIHeaderFoldsAtSpacesAndUnfoldsExactly() {
        let value = (0..<30).map { "word\($0)" }.joined(separator: " ") + "  two  spaces"
        let field = HeaderField.unstructured(name: "X-Long", value: value)
        let lines = field.withoutTrailingCRLF.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for line in lines {
            #expect(line.count <= 78)
            #expect(!line.trimmingCharacters(in: .whitespaces).isEmpty)
        }
        #expect(String(field.withoutTrailingCRLF.replacingOccurrences(of: "\r\n", with: "").dropFirst("X-Long: ".count)) == value)
    }

    @Test func emptySubjectEncodesToNothingSpecial() {
        #expect(HeaderField.unstructured(name: "Subject", value: "") == "Subject: \r\n")
    }
}
