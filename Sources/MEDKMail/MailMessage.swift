import Foundation

/// An extra header field such as `List-Unsubscribe`.
public struct MailHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public enum MailMessageError: Error, Sendable, Equatable {
    case noRecipients
    case invalidHeaderName(String)
    /// The header is produced by the renderer itself and cannot be overridden.
    case reservedHeader(String)
    /// CR or LF in a value that is not encoded would allow header injection.
    case invalidHeaderValue(String)
    case invalidMessageID(String)
}

/// A text e-mail, optionally with an HTML alternative.
public struct MailMessage: Sendable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    /// Envelope-only recipients: never rendered into the headers.
    public var bcc: [EmailAddress]
    public var replyTo: EmailAddress?
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    public var headers: [MailHeader]
    /// `<id@domain>` or `id@domain`; generated from the sender's domain when nil.
    public var messageID: String?
    /// The `Date:` header; the time of rendering when nil.
    public var date: Date?
    public var transferEncoding: TransferEncoding

    public init(
        from: EmailAddress,
        to: [EmailAddress],
        cc: [EmailAddress] = [],
        bcc: [EmailAddress] = [],
        replyTo: EmailAddress? = nil,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        headers: [MailHeader] = [],
        messageID: String? = nil,
        date: Date? = nil,
        transferEncoding: TransferEncoding = .quotedPrintable
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.messageID = messageID
        self.date = date
        self.transferEncoding = transferEncoding
    }

    /// Everyone the envelope delivers to, without duplicates, in header order.
    public var recipients: [EmailAddress] {
        var seen = Set<String>()
        return (to + cc + bcc).filter { seen.insert($0.address.lowercased()).inserted }
    }

    static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id",
        "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// Generates a Message-ID in the sender's domain, as receiving filters expect.
    public static func generateMessageID(domain: some StringProtocol) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: ".")
        return "<\(random)@\(domain)>"
    }

    /// The Message-ID the rendered message carries, normalized to angle brackets.
    func resolvedMessageID() throws(MailMessageError) -> String {
        guard let messageID else { return Self.generateMessageID(domain: from.domain) }
        let bare = messageID.hasPrefix("<") && messageID.hasSuffix(">") ? String(messageID.dropFirst().dropLast()) : messageID
        let valid = !bare.isEmpty && bare.contains("@")
            && bare.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
        guard valid else { throw .invalidMessageID(messageID) }
        return "<\(bare)>"
    }
}
