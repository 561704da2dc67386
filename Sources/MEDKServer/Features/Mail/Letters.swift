import Foundation
import MEDKMail
import Plot
import Vapor

/// An e-mail's words: subject, plain text and the same in HTML, and the link that stops this kind of letter.
struct Letter: Sendable, Equatable {
    let subject: String
    let text: String
    let html: String
    let unsubscribeURL: String?
}

/// Everything a letter needs from the installation: where links lead, whose they are, how unsubscribing is signed.
struct MailComposer: Sendable {
    let settings: MailSettings
    let secret: String

    typealias M = Strings.Mail

    /// A notification, at once: what happened, the comment or message whole, a link to the object.
    func notification(_ item: NotificationRecord, kind: NotificationKind, to user: UUID) -> Letter {
        let link = settings.link(item.link)
        let unsubscribe = unsubscribeURL(user: user, kind: kind)
        let title = Strings.Notifications.kindTitle(kind)
        var lines = [item.summary]
        if !item.detail.isEmpty { lines += ["", item.detail] }
        lines += ["", M.openLink + ": " + link]
        return Letter(
            subject: M.subject(title),
            text: M.text(lines, unsubscribe: unsubscribe),
            html: Self.html(title: title, .p(.text(item.summary)),
                            .if(!item.detail.isEmpty, .blockquote(.text(item.detail))),
                            .p(.a(.href(link), .text(M.openLink))),
                            Self.footer(unsubscribe)),
            unsubscribeURL: unsubscribe)
    }

    /// A day's notifications of one kind-set in one letter; unsubscribing from it stops digests altogether.
    func digest(_ items: [(kind: NotificationKind, record: NotificationRecord)], to user: UUID) -> Letter {
        let unsubscribe = unsubscribeURL(user: user, kind: nil)
        var lines: [String] = []
        for item in items {
            lines += ["— " + Strings.Notifications.kindTitle(item.kind) + ": " + item.record.summary]
            if !item.record.detail.isEmpty { lines += ["  " + item.record.detail] }
            lines += ["  " + settings.link(item.record.link), ""]
        }
        return Letter(
            subject: M.digestSubject(items.count),
            text: M.text([M.digestLead] + [""] + lines, unsubscribe: unsubscribe),
            html: Self.html(title: M.digestLead,
                            .ul(.forEach(items) { item in
                                .li(.strong(.text(Strings.Notifications.kindTitle(item.kind) + ": ")),
                                    .a(.href(settings.link(item.record.link)), .text(item.record.summary)),
                                    .if(!item.record.detail.isEmpty, .blockquote(.text(item.record.detail))))
                            }),
                            Self.footer(unsubscribe)),
            unsubscribeURL: unsubscribe)
    }

    func passwordReset(name: String, link path: String) -> Letter {
        let link = settings.link(path)
        return Letter(
            subject: M.resetSubject,
            text: ([M.greeting(name), "", M.resetText, "", link, "", M.resetIgnore]).joined(separator: "\n"),
            html: Self.html(title: M.resetSubject, .p(.text(M.greeting(name))), .p(.text(M.resetText)),
                            .p(.a(.href(link), .text(M.resetButton))), .p(.text(M.resetIgnore))),
            unsubscribeURL: nil)
    }

    func test() -> Letter {
        Letter(subject: M.testSubject, text: M.testText + "\n" + settings.publicURL,
               html: Self.html(title: M.testSubject, .p(.text(M.testText)), .p(.a(.href(settings.publicURL), .text(settings.publicURL)))),
               unsubscribeURL: nil)
    }

    /// A fresh Message-ID in the sender's domain, fixed when the letter is written so that a retry is the same message.
    func messageID() -> String { MailMessage.generateMessageID(domain: settings.from.domain) }

    // MARK: unsubscribing (RFC 8058)

    /// A link that stops e-mail of `kind` (all digests, when nil) for `user`, without signing in.
    func unsubscribeURL(user: UUID, kind: NotificationKind?) -> String {
        let what = kind?.rawValue ?? MailUnsubscribe.digestKind
        return settings.link(SiteURL.unsubscribe.path(query: [("u", user.uuidString), ("k", what),
                                                              ("s", signature(user: user, kind: what))]))
    }

    func signature(user: UUID, kind: String) -> String {
        SessionTokens.hash("unsubscribe|\(user.uuidString)|\(kind)", secret: secret)
    }

    // MARK: HTML

    private static func html(title: String, _ content: Node<HTML.BodyContext>...) -> String {
        HTML(.lang(.russian),
             .head(.meta(.charset(.utf8)), .element(named: "title", text: title)),
             .body(.h1(.text(title)), .group(content))).render()
    }

    private static func footer(_ unsubscribe: String) -> Node<HTML.BodyContext> {
        .p(.small(.text(M.footer + " "), .a(.href(unsubscribe), .text(M.unsubscribeLink))))
    }
}

extension Strings.Mail {
    static func text(_ lines: [String], unsubscribe: String) -> String {
        (lines + ["", "--", footer, unsubscribeLink + ": " + unsubscribe]).joined(separator: "\n")
    }
}

extension Application {
    var mailComposer: MailComposer { MailComposer(settings: settings.mail, secret: settings.sessionSecret) }
}
