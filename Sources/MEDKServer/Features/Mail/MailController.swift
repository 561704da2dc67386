import Fluent
import Foundation
import MEDKCore
import MEDKMail
import SQLKit
import Vapor

/// The person's e-mail settings, unsubscribing from a letter without signing in, and the administrator's «Почта».
struct MailController {
    static let adminPageSize = 100

    // MARK: the account's e-mail settings

    func preferences(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        return MailViews.preferences(PageContext(req), email: principal.user.email,
                                     modes: try await MailPreferences.modes(of: principal.user, on: req.db), errors: [:])
    }

    /// Saves the address and the mode of every kind at once; a wrong address changes nothing.
    func savePreferences(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmingCharacters(in: .whitespaces)
        // A kind the form does not name (or names wrongly) keeps its mode.
        let modes = try await MailPreferences.modes(of: principal.user, on: req.db).map { kind, mode in
            (kind, (try? req.content.get(String.self, at: "mode_\(kind.rawValue)")).flatMap(MailMode.init(rawValue:)) ?? mode)
        }
        guard email.isEmpty || EmailAddress.isValid(email) else {
            return MailViews.preferences(PageContext(req), email: email, modes: modes,
                                         errors: ["email": Strings.Mail.badAddress(email)], status: .unprocessableEntity)
        }
        let user = principal.user, chosen = modes
        try await req.db.writeTransaction { db in
            user.email = email
            try await user.save(on: db)
            for (kind, mode) in chosen { try await MailPreferences.set(mode, for: kind, user: user.requireID(), on: db) }
            try await AuditLog.record(.mailPreferencesChanged, by: user.id, object: "user", id: user.id,
                                      Strings.Audit.action(.mailPreferencesChanged), at: req.now, on: db)
        }
        return req.redirect(to: .mailPreferences, success: Strings.Mail.saved)
    }

    // MARK: unsubscribing (RFC 8058)

    /// The link in a letter: a page with one button, so that a mail scanner following links changes nothing.
    func unsubscribePage(_ req: Request) async throws -> Response {
        let target = try verified(req)
        return MailViews.unsubscribe(PageContext(req), kind: target.kind, query: req.url.query ?? "", done: false)
    }

    /// The button, or the mail program's one-click POST (`List-Unsubscribe=One-Click`): signed, no session needed.
    func unsubscribe(_ req: Request) async throws -> Response {
        let target = try verified(req)
        try await req.db.writeTransaction { db in
            guard let user = try await User.find(target.user, on: db) else { return }
            if let kind = target.kind {
                try await MailPreferences.set(.off, for: kind, user: target.user, on: db)
            } else {
                // A digest's link: no more digests, whichever kinds they carried.
                for (kind, mode) in try await MailPreferences.modes(of: user, on: db) where mode == .digest {
                    try await MailPreferences.set(.off, for: kind, user: target.user, on: db)
                }
            }
        }
        return MailViews.unsubscribe(PageContext(req), kind: target.kind, query: "", done: true)
    }

    private func verified(_ req: Request) throws -> (user: UUID, kind: NotificationKind?) {
        let user = (try? req.query.get(String.self, at: "u")).flatMap(UUID.init(uuidString:))
        let kindText = (try? req.query.get(String.self, at: "k")) ?? ""
        let signature = (try? req.query.get(String.self, at: "s")) ?? ""
        let kind = NotificationKind(rawValue: kindText)
        guard let user, kind != nil || kindText == MailUnsubscribe.digestKind,
              SessionTokens.constantTimeEqual(signature, req.application.mailComposer.signature(user: user, kind: kindText))
        else { throw Abort(.badRequest, reason: Strings.Mail.badUnsubscribe) }
        return (user, kind)
    }

    // MARK: administration

    func admin(_ req: Request) async throws -> Response {
        _ = try req.authorize(.manageMail, .country)
        let page = req.pageNumber
        let status = (try? req.query.get(String.self, at: "status")).flatMap(MailStatus.init(rawValue:))
        let counts = try await OutboxWorker.counts(on: req.db)
        let query = OutgoingMail.query(on: req.db)
        if let status { query.filter(\.$statusCode == status.rawValue) }
        let messages = try await query.sort(\.$createdAt, .descending).sort(\.$id)
            .range(lower: (page - 1) * Self.adminPageSize, upper: page * Self.adminPageSize + 1).all()
        return MailViews.admin(PageContext(req), counts: counts, messages: Array(messages.prefix(Self.adminPageSize)),
                               configured: req.settings.mail.smtp != nil, status: status, page: page,
                               hasMore: messages.count > Self.adminPageSize)
    }

    func resendAll(_ req: Request) async throws -> Response {
        let principal = try req.authorize(.manageMail, .country)
        try await req.db.writeTransaction { db in
            try await OutboxWorker.resend(at: req.now, on: db)
            try await AuditLog.record(.mailResent, by: principal.userID, object: "mail", id: nil, Strings.Mail.resentAll, at: req.now, on: db)
        }
        return req.redirect(to: .mail, success: Strings.Mail.resentAll)
    }

    func resendOne(_ req: Request) async throws -> Response {
        let principal = try req.authorize(.manageMail, .country)
        guard let id = req.parameters.get("mailID", as: UUID.self),
              try await OutgoingMail.find(id, on: req.db) != nil else { throw Abort(.notFound) }
        try await req.db.writeTransaction { db in
            try await OutboxWorker.resend(id, at: req.now, on: db)
            try await AuditLog.record(.mailResent, by: principal.userID, object: "mail", id: id, Strings.Mail.resentOne, at: req.now, on: db)
        }
        return req.redirect(to: .mail, success: Strings.Mail.resentOne)
    }
}

enum MailUnsubscribe {
    /// The `k` of a digest's unsubscribe link.
    static let digestKind = "digest"
}
