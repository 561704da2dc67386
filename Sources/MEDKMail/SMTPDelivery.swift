/// The outcome of a successful `SMTPClient.send`.
public struct SMTPDelivery: Sendable {
    /// The server's reply to the end of DATA, typically "250 2.0.0 Ok: queued as …".
    public let reply: SMTPReply
    public let messageID: String
    public let recipients: [EmailAddress]
    public let usedTLS: Bool
    /// The AUTH mechanism used, nil when the session was not authenticated.
    public let authenticationMechanism: String?
    /// `C: …` commands and `S: …` replies (first line and code), with AUTH
    /// secrets redacted and the message data summarized, for `mail test` output.
    public let transcript: [String]

    /// The line that identifies the message in the server's logs.
    public var queuedAs: String { reply.lines.last ?? "" }
}
