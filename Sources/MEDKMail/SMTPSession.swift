import NIOCore
import NIOSSL

/// One SMTP dialogue on a connected channel. Used by a single task only, so the
/// mutable transcript needs no synchronization.
final class SMTPSession {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPChannelHandler>
    private let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext?
    private let timeout: TimeAmount
    private(set) var transcript: [String] = []
    private(set) var usedTLS: Bool
    private var authenticationMechanism: String?

    init(channel: any Channel, handler: NIOLoopBound<SMTPChannelHandler>, configuration: SMTPConfiguration, tlsContext: NIOSSLContext?) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.timeout = TimeAmount(configuration.commandTimeout)
        self.usedTLS = configuration.security == .implicitTLS
    }

    /// Runs everything up to the accepted message; errors carry the transcript.
    func deliver(_ message: MailMessage, rendered: RenderedMessage) async throws -> SMTPDelivery {
        do {
            let greeting = try await exchange(payload: nil, label: "greeting")
            try expect(greeting, [220], label: "greeting")
            var extensions = try await hello()
            extensions = try await secure(extensions)
            if let credentials = configuration.credentials {
                try await authenticate(credentials, extensions: extensions)
            }
            let reply = try await transaction(message, rendered: rendered, extensions: extensions)
            return SMTPDelivery(
                reply: reply, messageID: rendered.messageID, recipients: message.recipients,
                usedTLS: usedTLS, authenticationMechanism: authenticationMechanism, transcript: transcript
            )
        } catch var error as SMTPError {
            error.transcript = transcript
            throw error
        }
    }

    /// Polite goodbye. The message is already accepted, so failures do not matter
    /// and a server that never answers QUIT must not delay the caller for long.
    func quit() async {
        _ = try? await command("QUIT", timeout: min(timeout, .seconds(5)))
    }

    private func hello() async throws -> SMTPExtensions {
        let ehlo = try await command("EHLO \(configuration.heloName)")
        if ehlo.code == 250 { return SMTPExtensions(ehloReply: ehlo) }
        // 5xx to EHLO means an RFC 821-only server; 4xx is a real refusal.
        guard ehlo.isPermanentFailure else {
            try expect(ehlo, [250], label: "EHLO")
            return SMTPExtensions()
        }
        let helo = try await command("HELO \(configuration.heloName)")
        try expect(helo, [250], label: "HELO")
        return SMTPExtensions()
    }

    private func secure(_ extensions: SMTPExtensions) async throws -> SMTPExtensions {
        guard case .startTLS(let required) = configuration.security, let tlsContext else { return extensions }
        guard extensions.supportsStartTLS else {
            if required {
                throw SMTPError(kind: .unsupported, detail: "STARTTLS is required but the server does not offer it", command: "EHLO")
            }
            return extensions
        }
        let reply = try await command("STARTTLS")
        guard reply.code == 220 else {
            if required { try expect(reply, [220], label: "STARTTLS") }
            // Opportunistic TLS: a refused upgrade still leaves a usable plain session.
            return extensions
        }
        let handler = self.handler
        let hostname = Self.sniHostname(configuration.host)
        do {
            try await channel.eventLoop.submit { try handler.value.startTLS(tlsContext, serverHostname: hostname) }.get()
        } catch {
            throw SMTPChannelHandler.map(error)
        }
        usedTLS = true
        transcript.append("   (TLS started)")
        // RFC 3207: everything learned before the upgrade must be discarded.
        return try await hello()
    }

    private func authenticate(_ credentials: SMTPConfiguration.Credentials, extensions: SMTPExtensions) async throws {
        guard usedTLS || configuration.allowsAuthenticationWithoutTLS else {
            throw SMTPError(kind: .configuration, detail: "refusing to send credentials without TLS; use starttls=required or smtps")
        }
        let mechanisms = extensions.authMechanisms
        if mechanisms.contains("PLAIN") {
            let token = SMTPAuth.plain(username: credentials.username, password: credentials.password)
            var reply = try await command("AUTH PLAIN \(token)", redacted: "AUTH PLAIN <redacted>")
            if reply.code == 334 {
                // Servers that do not take an initial response ask for it separately.
                reply = try await command(token, redacted: "<redacted>")
            }
            try expect(reply, [235], label: "AUTH PLAIN")
            authenticationMechanism = "PLAIN"
        } else if mechanisms.contains("LOGIN") {
            var reply = try await command("AUTH LOGIN")
            try expect(reply, [334], label: "AUTH LOGIN")
            reply = try await command(SMTPAuth.login(credentials.username), redacted: "<redacted username>")
            try expect(reply, [334], label: "AUTH LOGIN")
            reply = try await command(SMTPAuth.login(credentials.password), redacted: "<redacted password>")
            try expect(reply, [235], label: "AUTH LOGIN")
            authenticationMechanism = "LOGIN"
        } else if mechanisms.isEmpty {
            throw SMTPError(kind: .unsupported, detail: "credentials are configured but the server does not offer AUTH")
        } else {
            throw SMTPError(kind: .unsupported, detail: "no supported AUTH mechanism among \(mechanisms.sorted().joined(separator: ", "))")
        }
    }

    private func transaction(_ message: MailMessage, rendered: RenderedMessage, extensions: SMTPExtensions) async throws -> SMTPReply {
        let recipients = message.recipients
        let payload = SMTPData.encode(rendered.bytes)
        var parameters = ""
        if extensions.supports("SIZE") {
            if let limit = extensions.maximumMessageSize, payload.count > limit {
                throw SMTPError(kind: .unsupported, detail: "message of \(payload.count) bytes exceeds the server limit of \(limit)")
            }
            parameters += " SIZE=\(payload.count)"
        }
        if message.from.requiresSMTPUTF8 || recipients.contains(where: \.requiresSMTPUTF8) {
            guard extensions.supportsSMTPUTF8 else {
                throw SMTPError(kind: .unsupported, detail: "non-ASCII addresses need SMTPUTF8, which the server does not offer")
            }
            parameters += " SMTPUTF8"
        }
        let mail = try await command("MAIL FROM:<\(message.from.address)>\(parameters)")
        try expect(mail, [250], label: "MAIL FROM")
        for recipient in recipients {
            let rcpt = try await command("RCPT TO:<\(recipient.address)>")
            try expect(rcpt, [250, 251], label: "RCPT TO:<\(recipient.address)>")
        }
        let data = try await command("DATA")
        try expect(data, [354], label: "DATA")
        transcript.append("C: <message \(rendered.messageID), \(payload.count) bytes>")
        let final = try await exchange(payload: channel.allocator.buffer(bytes: payload), label: "message data")
        try expect(final, [250], label: "message data")
        return final
    }

    private func command(_ line: String, redacted: String? = nil, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        let shown = redacted ?? line
        transcript.append("C: \(shown)")
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeString("\r\n")
        return try await exchange(payload: buffer, label: shown, timeout: timeout)
    }

    private func exchange(payload: ByteBuffer?, label: String, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let (handler, timeout) = (self.handler, timeout ?? self.timeout)
        channel.eventLoop.execute {
            handler.value.request(payload: payload, reply: promise, timeout: timeout)
        }
        // The handler always completes the promise; this only guards against a bug
        // there turning into a hang.
        let safetyNet = channel.eventLoop.scheduleTask(in: timeout + .seconds(1)) {
            promise.fail(SMTPError(kind: .timeout, detail: "no reply within \(SMTPChannelHandler.format(timeout))"))
        }
        defer { safetyNet.cancel() }
        do {
            let reply = try await promise.futureResult.get()
            transcript.append("S: \(Self.summary(reply))")
            return reply
        } catch let error as SMTPError {
            transcript.append("!  \(error.kind.rawValue): \(error.detail)")
            throw SMTPError(kind: error.kind, detail: error.detail, reply: error.reply, command: label)
        }
    }

    private func expect(_ reply: SMTPReply, _ accepted: Set<Int>, label: String) throws {
        if accepted.contains(reply.code) { return }
        if reply.isTransientFailure || reply.isPermanentFailure {
            throw SMTPError(kind: .rejected, detail: "server rejected \(label)", reply: reply, command: label)
        }
        throw SMTPError(kind: .protocolViolation, detail: "unexpected reply \(reply.code) to \(label)", reply: reply, command: label)
    }

    private static func summary(_ reply: SMTPReply) -> String {
        let first = reply.lines.first ?? ""
        let more = reply.lines.count > 1 ? " (+\(reply.lines.count - 1) lines)" : ""
        return "\(reply.code) \(first)\(more)"
    }

    /// SNI must be a host name; IP literals are rejected by the TLS stack.
    static func sniHostname(_ host: String) -> String? {
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }
}
