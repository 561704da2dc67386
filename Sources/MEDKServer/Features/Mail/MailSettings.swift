import Foundation
import MEDKMail

/// How MEDK sends e-mail, from `MEDK_SMTP_URL`, `MEDK_MAIL_FROM`, `MEDK_PUBLIC_URL` (and `MEDK_SMTP_CA`, a PEM file
/// to trust for a server with a private or self-signed certificate). Without an SMTP server the messages stay in
/// the outbox, shown to the admin as not sent: never dropped.
public struct MailSettings: Sendable {
    public var smtp: SMTPConfiguration?
    public var from: EmailAddress
    /// The site's address as people reach it: links in e-mails lead there.
    public var publicURL: String
    /// How long a worker holds a message it is sending (`MEDK_MAIL_LEASE_SECONDS`): a crashed worker's messages are
    /// sent again after it. Longer than any SMTP dialogue can take with its timeouts.
    public var lease: TimeInterval = 120

    public init(smtp: SMTPConfiguration? = nil, from: EmailAddress = MailSettings.defaultFrom,
                publicURL: String = "http://localhost:8080") {
        self.smtp = smtp
        self.from = from
        self.publicURL = publicURL
    }

    public static let defaultFrom = try! EmailAddress("noreply@medk.local", displayName: "ИС МЭДК")

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    static func load(_ variables: [String: String]) throws -> MailSettings {
        var settings = MailSettings()
        if let url = variables["MEDK_PUBLIC_URL"], !url.isEmpty {
            settings.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let text = variables["MEDK_MAIL_LEASE_SECONDS"], !text.isEmpty {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw Invalid(description: "MEDK_MAIL_LEASE_SECONDS: «\(text)» — нужно целое число секунд от 1 до 3600.")
            }
            settings.lease = TimeInterval(seconds)
        }
        if let from = variables["MEDK_MAIL_FROM"], !from.isEmpty {
            do { settings.from = try EmailAddress(from, displayName: "ИС МЭДК") } catch {
                throw Invalid(description: Strings.Mail.badFrom(from))
            }
        }
        if let url = variables["MEDK_SMTP_URL"], !url.isEmpty {
            do {
                var smtp = try SMTPConfiguration(url: url)
                if let host = URL(string: settings.publicURL)?.host { smtp.heloName = host }
                smtp.connectTimeout = .seconds(10)
                smtp.commandTimeout = .seconds(30)
                if let ca = variables["MEDK_SMTP_CA"], !ca.isEmpty {
                    smtp.certificateVerification = .trusting(certificateFiles: [ca])
                }
                settings.smtp = smtp
            } catch {
                throw Invalid(description: Strings.Mail.badSMTPURL(String(describing: error)))
            }
        }
        return settings
    }

    /// An absolute link to a path of this site.
    func link(_ path: String) -> String { publicURL + path }
}
