import Foundation

/// Independent decoders, so tests check the encoders against RFC rules rather
/// than against themselves.
enum MIMETestDecoding {
    struct DecodingError: Error, CustomStringConvertible {
        let description: String
    }

    /// Decodes one `=?UTF-8?B?...?=` word; fails if its bytes are not valid UTF-8
    /// on their own (a character split across words).
    static func decodeWord(_ word: String) throws -> String {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else {
            throw DecodingError(description: "not an encoded word: \(word)")
        }
        let payload = String(word.dropFirst(10).dropLast(2))
        guard let data = Data(base64Encoded: payload) else { throw DecodingError(description: "bad base64 in \(word)") }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw DecodingError(description: "word is not valid UTF-8 on its own: \(word)")
        }
        return text
    }

    /// Decodes an unfolded header value; whitespace between adjacent encoded
    /// words is dropped (RFC 2047 §6.2), other text kept.
    static func decodeHeaderValue(_ value: String) throws -> String {
        let tokens = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var result = ""
        var previousWasEncoded = false
        for (index, token) in tokens.enumerated() {
            let isEncoded = token.hasPrefix("=?") && token.hasSuffix("?=")
            if index > 0 && !(isEncoded && previousWasEncoded) { result += " " }
            result += isEncoded ? try decodeWord(token) : token
            previousWasEncoded = isEncoded
        }
        return result
    }

    static func decodeQuotedPrintable(_ text: String) throws -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if index + 1 < input.count, input[index + 1] == UInt8(ascii: "\r") {
                    index += 3  // soft line break "=\r\n"
                    continue
                }
                guard index + 2 < input.count, let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16) else {
                    throw DecodingError(description: "bad QP escape at \(index)")
                }
                bytes.append(value)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw DecodingError(description: "QP is not UTF-8") }
        return decoded
    }

    static func decodeBase64(_ text: String) throws -> String {
        guard let data = Data(base64Encoded: text.replacingOccurrences(of: "\r\n", with: "")),
              let decoded = String(validating: Array(data), as: UTF8.self)
        else { throw DecodingError(description: "bad base64 body") }
        return decoded
    }

    /// A parsed RFC 5322 message or MIME part.
    struct Part {
        /// Unfolded headers in order, names as written.
        let headers: [(name: String, value: String)]
        /// Raw header block, still folded, for line-length checks.
        let rawHeader: String
        let body: String

        init(_ raw: String) throws {
            guard let split = raw.range(of: "\r\n\r\n") else { throw DecodingError(description: "no header/body separator") }
            rawHeader = String(raw[..<split.lowerBound])
            body = String(raw[split.upperBound...])
            var headers: [(String, String)] = []
            let unfolded = rawHeader.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: "\t")
            for line in unfolded.components(separatedBy: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { throw DecodingError(description: "bad header line \(line)") }
                var value = line[line.index(after: colon)...]
                if value.first == " " { value.removeFirst() }
                headers.append((String(line[..<colon]), String(value)))
            }
            self.headers = headers
        }

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        func headers(named name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        var boundary: String? {
            guard let type = header("Content-Type"), let range = type.range(of: "boundary=\"") else { return nil }
            return String(type[range.upperBound...].prefix { $0 != "\"" })
        }

        /// The parts of a multipart body, in order.
        func parts() throws -> [Part] {
            guard let boundary else { throw DecodingError(description: "not multipart") }
            let delimiter = "\r\n--" + boundary
            let pieces = ("\r\n" + body).components(separatedBy: delimiter)
            // pieces[0] is the preamble; the last starts with "--" (close delimiter).
            guard pieces.count >= 3, pieces.last!.hasPrefix("--") else { throw DecodingError(description: "bad multipart structure") }
            return try pieces.dropFirst().dropLast().map { piece in
                guard piece.hasPrefix("\r\n") else { throw DecodingError(description: "bad delimiter line") }
                return try Part(String(piece.dropFirst()))  // "\r\n" is one Character
            }
        }

        /// The body decoded per its Content-Transfer-Encoding.
        func decodedBody() throws -> String {
            switch header("Content-Transfer-Encoding")?.lowercased() {
            case "quoted-printable": return try decodeQuotedPrintable(body)
            case "base64": return try decodeBase64(body)
            default: return body
            }
        }
    }
}

extension StringProtocol {
    /// Drops one final CRLF; note `dropLast(2)` would also eat a character,
    /// since "\r\n" is a single Character in Swift.
    var withoutTrailingCRLF: String { hasSuffix("\r\n") ? String(dropLast()) : String(self) }
}
