import Foundation

/// The bytes of a message ready for SMTP DATA, plus the identifiers used in it.
public struct RenderedMessage: Sendable {
    public let messageID: String
    /// CRLF line endings throughout; not yet dot-stuffed.
    public let bytes: [UInt8]

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

extension MailMessage {
    /// Renders the complete message (headers and MIME body) with CRLF line endings.
    ///
    /// - Parameters:
    ///   - now: used for `Date:` when the message has no date of its own.
    ///   - boundary: the multipart boundary; random when nil (tests pass a fixed one).
    public func render(now: Date = Date(), boundary: String? = nil) throws(MailMessageError) -> RenderedMessage {
        guard !recipients.isEmpty else { throw .noRecipients }
        let messageID = try resolvedMessageID()
        var head = ""
        head += HeaderField.render(name: "Date", tokens: [RFC5322Date.format(date ?? now)])
        head += HeaderField.addressList(name: "From", addresses: [from])
        if !to.isEmpty { head += HeaderField.addressList(name: "To", addresses: to) }
        if !cc.isEmpty { head += HeaderField.addressList(name: "Cc", addresses: cc) }
        if let replyTo { head += HeaderField.addressList(name: "Reply-To", addresses: [replyTo]) }
        head += HeaderField.unstructured(name: "Subject", value: subject)
        head += HeaderField.render(name: "Message-ID", tokens: [messageID])
        for header in headers {
            head += try Self.renderExtra(header)
        }
        head += "MIME-Version: 1.0\r\n"

        var body = ""
        if let htmlBody {
            let boundary = boundary ?? Self.makeBoundary()
            head += HeaderField.render(name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(boundary)\""])
            body += "This is a multi-part message in MIME format.\r\n"
            for (type, text) in [("text/plain", textBody), ("text/html", htmlBody)] {
                body += "\r\n--\(boundary)\r\n"
                body += "Content-Type: \(type); charset=utf-8\r\n"
                body += "Content-Transfer-Encoding: \(transferEncoding.rawValue)\r\n\r\n"
                body += transferEncoding.encode(text)
            }
            body += "\r\n--\(boundary)--\r\n"
        } else {
            head += "Content-Type: text/plain; charset=utf-8\r\n"
            head += "Content-Transfer-Encoding: \(transferEncoding.rawValue)\r\n"
            body = transferEncoding.encode(textBody)
        }
        return RenderedMessage(messageID: messageID, bytes: Array((head + "\r\n" + body).utf8))
    }

    private static func renderExtra(_ header: MailHeader) throws(MailMessageError) -> String {
        let nameIsValid = !header.name.isEmpty && header.name.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && $0 != ":"
        }
        guard nameIsValid else { throw .invalidHeaderName(header.name) }
        guard !reservedHeaders.contains(header.name.lowercased()) else { throw .reservedHeader(header.name) }
        // Structured values (List-Unsubscribe URLs) must stay verbatim, so line
        // breaks are refused instead of being encoded away.
        guard !header.value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            throw .invalidHeaderValue(header.name)
        }
        return HeaderField.unstructured(name: header.name, value: header.value)
    }

    /// Boundaries only need to be absent from the encoded parts; QP and base64
    /// output never contains "=_" followed by this prefix.
    static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        return "=_medk_" + String(generator.next() as UInt64, radix: 36) + String(generator.next() as UInt64, radix: 36)
    }
}
