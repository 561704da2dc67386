import NIOCore
import NIOPosix
import NIOSSL

/// Sends messages over SMTP, one connection per message.
///
/// A connection per message keeps failure handling simple (no half-broken pooled
/// sessions) and is cheap at the volumes an application outbox produces.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    public let eventLoopGroup: any EventLoopGroup

    public init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
    }

    /// Delivers `message` to all its recipients (To, Cc and Bcc).
    ///
    /// - Throws: `SMTPError` (check `isTransient`/`isPermanent`), or
    ///   `CancellationError` when the task was cancelled. The connection is closed
    ///   in every case.
    public func send(_ message: MailMessage) async throws -> SMTPDelivery {
        let rendered: RenderedMessage
        do {
            rendered = try message.render()
        } catch {
            throw SMTPError(kind: .invalidMessage, detail: "cannot render message: \(error)")
        }
        try validateHeloName()
        let tlsContext = try makeTLSContext()
        try Task.checkCancellation()
        let (channel, handler) = try await connect(tlsContext: tlsContext)
        let session = SMTPSession(channel: channel, handler: handler, configuration: configuration, tlsContext: tlsContext)
        do {
            let delivery = try await withTaskCancellationHandler {
                let delivery = try await session.deliver(message, rendered: rendered)
                await session.quit()
                return delivery
            } onCancel: {
                channel.close(promise: nil)
            }
            try? await channel.close()
            return delivery
        } catch {
            try? await channel.close()
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// The name goes verbatim into a command line; CR/LF would inject commands.
    private func validateHeloName() throws {
        let name = configuration.heloName
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }
        guard valid else {
            throw SMTPError(kind: .configuration, detail: "invalid HELO name \(SMTPChannelHandler.excerpt(name))")
        }
    }

    private func connect(tlsContext: NIOSSLContext?) async throws -> (any Channel, NIOLoopBound<SMTPChannelHandler>) {
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let hostname = SMTPSession.sniHostname(configuration.host)
        // The handler is created before the channel so that the session keeps it
        // even if the server hangs up before the pipeline could be queried.
        let eventLoop = eventLoopGroup.next()
        let handler = try await eventLoop.submit { NIOLoopBound(SMTPChannelHandler(), eventLoop: eventLoop) }.get()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                }
            }
        do {
            return (try await bootstrap.connect(host: configuration.host, port: configuration.port).get(), handler)
        } catch ChannelError.connectTimeout(let amount) {
            throw SMTPError(kind: .timeout, detail: "no connection to \(configuration.host):\(configuration.port) within \(SMTPChannelHandler.format(amount))")
        } catch {
            throw SMTPError(kind: .connectionFailed, detail: "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard configuration.security != .plain else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            switch configuration.certificateVerification {
            case .full:
                break
            case .trusting(let files):
                let certificates = try files.flatMap { try NIOSSLCertificate.fromPEMFile($0) }
                tls.additionalTrustRoots = [.certificates(certificates)]
            case .noVerification:
                tls.certificateVerification = .none
            }
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(kind: .configuration, detail: "cannot set up TLS: \(error)")
        }
    }
}
