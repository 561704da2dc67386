import NIOCore
import NIOSSL

/// Frames reply lines, pairs replies with waiting requests, and turns every way a
/// connection can go wrong into an `SMTPError` for whoever is waiting.
///
/// The dialogue code holds this handler directly (through `NIOLoopBound`) rather
/// than talking to it through the pipeline: NIO removes handlers once the channel
/// closes, and the replies and the failure seen before that must stay readable
/// (a server that sends "421" and hangs up, or garbage before the greeting).
/// Once a failure happened, every later request fails with it at once.
final class SMTPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// RFC 5321 allows 512 octets per reply line; leave room for sloppy servers.
    static let maximumLineLength = 4096

    private struct Waiter {
        let promise: EventLoopPromise<SMTPReply>
        let timeout: Scheduled<Void>
    }

    private var context: ChannelHandlerContext?
    private var inbound = ByteBuffer()
    private var parser = SMTPReplyParser()
    private var unclaimedReplies: [SMTPReply] = []
    private var waiters: [Waiter] = []
    private var failure: SMTPError?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        fail(SMTPError(kind: .connectionClosed, detail: "connection closed"))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        inbound.writeBuffer(&bytes)
        processLines()
    }

    private func processLines() {
        while failure == nil, let newline = inbound.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - inbound.readableBytesView.startIndex
            var line = inbound.readString(length: length) ?? ""
            inbound.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            do {
                if let reply = try parser.feed(line) { deliver(reply) }
            } catch {
                fail(SMTPError(kind: .protocolViolation, detail: "\(error.reason): \(Self.excerpt(error.line))"))
            }
        }
        if failure == nil && inbound.readableBytes > Self.maximumLineLength {
            fail(SMTPError(kind: .protocolViolation, detail: "reply line longer than \(Self.maximumLineLength) bytes"))
        }
        inbound.discardReadBytes()
    }

    private func deliver(_ reply: SMTPReply) {
        if waiters.isEmpty {
            unclaimedReplies.append(reply)
        } else {
            let waiter = waiters.removeFirst()
            waiter.timeout.cancel()
            waiter.promise.succeed(reply)
        }
    }

    /// Sends `payload` (if any) and completes `reply` with the next reply; a nil
    /// payload waits for an unsolicited reply such as the greeting.
    func request(payload: ByteBuffer?, reply: EventLoopPromise<SMTPReply>, timeout: TimeAmount) {
        if !unclaimedReplies.isEmpty {
            // Replies that arrived before the question (the greeting, or a 421
            // sent before the server hung up) answer the next request.
            reply.succeed(unclaimedReplies.removeFirst())
        } else if let failure {
            reply.fail(failure)
            return
        } else {
            let scheduled = reply.futureResult.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.fail(SMTPError(kind: .timeout, detail: "no reply within \(Self.format(timeout))"))
            }
            waiters.append(Waiter(promise: reply, timeout: scheduled))
        }
        guard let payload, let context else { return }
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenFailure { error in
            self.fail(Self.map(error))
        }
        context.writeAndFlush(wrapOutboundOut(payload), promise: written)
    }

    /// Puts TLS underneath this handler after the server's `220` to STARTTLS.
    func startTLS(_ sslContext: NIOSSLContext, serverHostname: String?) throws(SMTPError) {
        if let failure { throw failure }
        // Bytes already buffered were sent in plain text after the STARTTLS reply;
        // accepting them would allow command injection (CVE-2011-0411 and kin).
        guard inbound.readableBytes == 0, unclaimedReplies.isEmpty, parser.isIdle, let context else {
            let error = SMTPError(kind: .protocolViolation, detail: "server sent data after its STARTTLS reply")
            fail(error)
            throw error
        }
        do {
            let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
            try context.pipeline.syncOperations.addHandler(tls, position: .first)
        } catch {
            let smtpError = Self.map(error)
            fail(smtpError)
            throw smtpError
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.map(error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(kind: .connectionClosed, detail: "server closed the connection"))
        context.fireChannelInactive()
    }

    /// Records the first failure, fails every waiter with it and closes the channel.
    private func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        let pending = waiters
        waiters.removeAll()
        for waiter in pending {
            waiter.timeout.cancel()
            waiter.promise.fail(failure!)
        }
        if let context, context.channel.isActive { context.close(promise: nil) }
    }

    static func map(_ error: any Error) -> SMTPError {
        switch error {
        case let error as SMTPError:
            return error
        case NIOSSLError.uncleanShutdown:
            return SMTPError(kind: .connectionClosed, detail: "server closed the TLS connection abruptly")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return SMTPError(kind: .tls, detail: "TLS failure: \(error)")
        case let error as IOError:
            return SMTPError(kind: .connectionClosed, detail: "connection error: \(error)")
        default:
            return SMTPError(kind: .connectionClosed, detail: "connection error: \(error)")
        }
    }

    static func excerpt(_ line: String) -> String {
        let printable = String(line.unicodeScalars.prefix(80).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return "\"\(printable)\(line.unicodeScalars.count > 80 ? "…" : "")\""
    }

    static func format(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
