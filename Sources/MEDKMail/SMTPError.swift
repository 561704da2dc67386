import Foundation

/// Every failure of `SMTPClient.send`, classified so that an outbox knows whether
/// to retry (`isTransient`) or to give up (`isPermanent`).
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The server answered with a negative reply; see `reply`.
        case rejected
        /// TCP connect failed (refused, unreachable, DNS).
        case connectionFailed
        /// The peer closed or reset the connection before the dialogue finished.
        case connectionClosed
        /// Connect or a reply took longer than configured.
        case timeout
        /// Handshake or certificate verification failed, or TLS broke mid-session.
        case tls
        /// The server sent something that is not an SMTP reply, or an unexpected one.
        case protocolViolation
        /// The server lacks something this configuration or message needs
        /// (STARTTLS, an AUTH mechanism, SMTPUTF8, enough SIZE).
        case unsupported
        /// The configuration forbids the next step (credentials without TLS).
        case configuration
        /// The message cannot be rendered.
        case invalidMessage
    }

    public let kind: Kind
    /// The negative reply for `.rejected`; sometimes present for other kinds too.
    public let reply: SMTPReply?
    /// The command that was being answered, with secrets redacted.
    public let command: String?
    public let detail: String
    /// The dialogue up to the failure, as in `SMTPDelivery.transcript`.
    public internal(set) var transcript: [String]

    public init(kind: Kind, detail: String, reply: SMTPReply? = nil, command: String? = nil, transcript: [String] = []) {
        self.kind = kind
        self.detail = detail
        self.reply = reply
        self.command = command
        self.transcript = transcript
    }

    public var code: Int? { reply?.code }
    public var serverText: String? { reply?.text }

    /// 5xx replies and problems that a retry cannot fix.
    public var isPermanent: Bool {
        switch kind {
        case .rejected: return reply.map { $0.code >= 500 } ?? false
        case .unsupported, .configuration, .invalidMessage: return true
        case .connectionFailed, .connectionClosed, .timeout, .tls, .protocolViolation: return false
        }
    }

    /// 4xx replies and network, timeout, TLS and protocol trouble: retry later.
    public var isTransient: Bool { !isPermanent }

    public var description: String {
        var text = "SMTP \(isPermanent ? "permanent" : "transient") error (\(kind.rawValue)): \(detail)"
        if let command { text += " [after \(command)]" }
        if let reply { text += " — server said: \(reply.description.replacingOccurrences(of: "\n", with: " | "))" }
        return text
    }
}
