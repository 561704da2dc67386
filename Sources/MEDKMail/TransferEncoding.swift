import Foundation

/// Content-Transfer-Encoding for the text parts. Both keep the message 7-bit clean,
/// so no server extension (8BITMIME) is needed.
public enum TransferEncoding: String, Sendable, CaseIterable {
    /// Readable in raw form and small for mostly-ASCII text; the default.
    case quotedPrintable = "quoted-printable"
    case base64 = "base64"

    /// Encodes `text` with CRLF line breaks, every line at most 76 characters,
    /// ending with CRLF.
    func encode(_ text: String) -> String {
        switch self {
        case .quotedPrintable: return QuotedPrintable.encode(text)
        case .base64:
            // Text parts are canonical CRLF text before encoding (RFC 2046 §4.1.1).
            let canonical = QuotedPrintable.normalizedLines(text).map { $0 + "\r\n" }.joined()
            return Base64Lines.encode(Array(canonical.utf8))
        }
    }
}

enum Base64Lines {
    static let lineLength = 76

    static func encode(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: lineLength, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[start..<end])
            start = end
        }
        return lines.map { $0 + "\r\n" }.joined()
    }
}

/// Quoted-printable (RFC 2045 §6.7) over the UTF-8 bytes of text.
enum QuotedPrintable {
    static let lineLength = 76

    static func encode(_ text: String) -> String {
        var output = ""
        for line in normalizedLines(text) {
            output += encodeLine(Array(line.utf8))
        }
        return output
    }

    /// Splits on CRLF, LF or CR alike: the encoded form must carry CRLF only.
    static func normalizedLines(_ text: String) -> [Substring] {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = unified.split(separator: "\n", omittingEmptySubsequences: false)
        if unified.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                // Trailing whitespace would be stripped by transports, so it is escaped.
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            if literal {
                tokens.append(String(UnicodeScalar(byte)))
            } else {
                tokens.append(String(decoding: [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self))
            }
        }
        // Soft breaks go between tokens so that an =XX escape is never split;
        // 75 leaves room for the trailing "=".
        var output = ""
        var current = ""
        for token in tokens {
            if current.utf8.count + token.utf8.count > lineLength - 1 {
                output += current + "=\r\n"
                current = ""
            }
            current += token
        }
        return output + current + "\r\n"
    }
}
