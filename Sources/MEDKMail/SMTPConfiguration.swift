import Foundation

public enum SMTPConfigurationError: Error, Sendable, Equatable {
    case invalidURL(String)
    case unsupportedScheme(String)
    case missingHost
    case invalidPort(String)
    case invalidParameter(String)
}

/// Where and how to deliver: server, transport security, credentials and timeouts.
public struct SMTPConfiguration: Sendable {
    public enum Security: Sendable, Hashable {
        /// No TLS at all, even when the server offers STARTTLS.
        case plain
        /// Upgrade with STARTTLS; with `required: false`, fall back to plain text
        /// when the server does not offer it.
        case startTLS(required: Bool)
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicitTLS
    }

    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// Keeps the password out of logs that print configurations.
        public var description: String { "\(username):<redacted>" }
    }

    public enum CertificateVerification: Sendable, Hashable {
        /// System trust roots and host name check.
        case full
        /// System trust roots plus the PEM certificates in `paths` (a private CA or
        /// a self-signed server certificate), host name still checked.
        case trusting(certificateFiles: [String])
        /// Accepts any certificate: only for tests and self-signed servers reached
        /// over a network you trust, since it gives no protection against interception.
        case noVerification
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    /// The name sent with EHLO/HELO; should be this machine's public host name.
    public var heloName: String
    public var connectTimeout: Duration
    /// Limit for each reply, including the one after the message data.
    public var commandTimeout: Duration
    public var certificateVerification: CertificateVerification
    /// AUTH over an unencrypted connection exposes the password; refused unless set.
    public var allowsAuthenticationWithoutTLS: Bool

    public static let defaultTimeout: Duration = .seconds(30)

    public init(
        host: String,
        port: Int? = nil,
        security: Security = .startTLS(required: false),
        credentials: Credentials? = nil,
        heloName: String = "localhost",
        connectTimeout: Duration = defaultTimeout,
        commandTimeout: Duration = defaultTimeout,
        certificateVerification: CertificateVerification = .full,
        allowsAuthenticationWithoutTLS: Bool = false
    ) {
        self.host = host
        self.port = port ?? (security == .implicitTLS ? 465 : 25)
        self.security = security
        self.credentials = credentials
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.certificateVerification = certificateVerification
        self.allowsAuthenticationWithoutTLS = allowsAuthenticationWithoutTLS
    }

    /// Parses `smtp://[user:pass@]host[:port][?starttls=required|never]` (STARTTLS
    /// when offered, port 25) or `smtps://[user:pass@]host[:port]` (implicit TLS,
    /// port 465). User and password are percent-decoded. Other settings keep their
    /// defaults and can be changed on the result.
    public init(url string: String) throws(SMTPConfigurationError) {
        guard let components = URLComponents(string: string), let rawScheme = components.scheme else {
            throw .invalidURL(Self.redacted(string))
        }
        let scheme = rawScheme.lowercased()
        var security: Security
        switch scheme {
        case "smtp": security = .startTLS(required: false)
        case "smtps": security = .implicitTLS
        default: throw .unsupportedScheme(rawScheme)
        }
        guard var host = components.percentEncodedHost, !host.isEmpty else { throw .missingHost }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        host = host.removingPercentEncoding ?? host

        if let path = components.percentEncodedPath.nilIfEmpty, path != "/" {
            throw .invalidURL(Self.redacted(string))
        }
        if components.fragment != nil { throw .invalidURL(Self.redacted(string)) }

        for item in components.queryItems ?? [] {
            guard scheme == "smtp", item.name.lowercased() == "starttls" else {
                throw .invalidParameter(item.name)
            }
            switch item.value?.lowercased() {
            case "required": security = .startTLS(required: true)
            case "never": security = .plain
            case "optional", "opportunistic": security = .startTLS(required: false)
            default: throw .invalidParameter("starttls=\(item.value ?? "")")
            }
        }

        var credentials: Credentials?
        if let user = components.percentEncodedUser {
            guard let username = user.removingPercentEncoding,
                  let password = (components.percentEncodedPassword ?? "").removingPercentEncoding
            else { throw .invalidURL(Self.redacted(string)) }
            credentials = Credentials(username: username, password: password)
        }

        // URLComponents accepts "host:" and ports beyond 65535; both are typos here.
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalidPort(String(port))
        }
        self.init(host: host, port: components.port, security: security, credentials: credentials)
    }

    /// URLs are echoed in errors; the password must not be.
    private static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
        return url[..<schemeEnd.upperBound] + "<redacted>" + url[at...]
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
