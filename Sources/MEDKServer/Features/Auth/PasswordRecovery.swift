import Fluent
import Foundation
import MEDKCore
import SQLKit
import Vapor

/// «Забыли пароль?»: a single-use link valid an hour, sent by e-mail. The request page answers the same whether or
/// not the login or address exists; requests are throttled like sign-in; setting the new password ends every session.
struct PasswordRecovery {
    static let lifetime: TimeInterval = 3600
    /// Only the hash of a link's token is kept, keyed like session tokens.
    static func hash(_ token: String, on req: Request) -> String { SessionTokens.hash("reset|" + token, secret: req.settings.sessionSecret) }

    func requestPage(_ req: Request) async throws -> Response {
        PasswordRecoveryViews.request(PageContext(req), sent: false)
    }

    func request(_ req: Request) async throws -> Response {
        let identifier = ((try? req.content.get(String.self, at: "login")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .lowercased()
        guard !identifier.isEmpty, identifier.count <= 254 else {
            return PasswordRecoveryViews.request(PageContext(req), sent: false, error: Strings.Password.recoveryEmpty,
                                                 status: .unprocessableEntity)
        }
        let key = "reset:" + identifier
        let now = req.now
        if !(try await SignIn.isLocked(key, at: now, on: req.db)) {
            // Every request counts: the sixth within a quarter of an hour sends nothing, like a sixth wrong password.
            try await SignIn.recordFailure(login: key, now: now, on: req.db)
            let user = try await User.query(on: req.db).group(.or) { $0.filter(\.$login == identifier).filter(\.$email == identifier) }
                .filter(\.$isActive == true).filter(\.$email != "").first()
            if let user {
                let token = SessionTokens.random()
                let letter = req.application.mailComposer.passwordReset(name: user.fullName, link: SiteURL.resetPassword(.value(token)).path)
                try await req.db.writeTransaction { db in
                    try await PasswordReset(tokenHash: Self.hash(token, on: req), userID: user.requireID(), at: now,
                                            lifetime: Self.lifetime).create(on: db)
                    try await OutgoingMail(userID: user.id, kind: "password_reset", to: user.email, letter: letter,
                                           messageID: req.application.mailComposer.messageID(), at: now).create(on: db)
                    try await AuditLog.record(.passwordResetRequested, by: user.id, object: "user", id: user.id,
                                              Strings.Audit.action(.passwordResetRequested), at: now, on: db)
                }
            }
        }
        return PasswordRecoveryViews.request(PageContext(req), sent: true)
    }

    func resetPage(_ req: Request) async throws -> Response {
        guard try await valid(req) != nil else { return PasswordRecoveryViews.invalid(PageContext(req)) }
        return PasswordRecoveryViews.reset(PageContext(req), token: req.parameters.get("token") ?? "", errors: [:])
    }

    func reset(_ req: Request) async throws -> Response {
        guard let reset = try await valid(req) else { return PasswordRecoveryViews.invalid(PageContext(req)) }
        let token = req.parameters.get("token") ?? ""
        let new = (try? req.content.get(String.self, at: "new")) ?? ""
        let repeated = (try? req.content.get(String.self, at: "repeated")) ?? ""
        var errors: [String: String] = [:]
        if new.count < UserImport.minimumPasswordLength { errors["new"] = Strings.Password.tooShort }
        else if new.utf8.count > AuthController.maxPasswordBytes { errors["new"] = Strings.Password.tooLong }
        else if new != repeated { errors["repeated"] = Strings.Password.mismatch }
        guard errors.isEmpty else {
            return PasswordRecoveryViews.reset(PageContext(req), token: token, errors: errors, status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(new)
        let now = req.now
        let used = try await req.db.writeTransaction { db -> Bool in
            // Taken by one conditional UPDATE: two clicks at once set the password once.
            let taken = try await (db as! SQLDatabase).update(PasswordReset.schema).set("used_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(reset.id!)).where("used_at", .is, SQLLiteral.null).returning("id").all()
            guard !taken.isEmpty, let user = try await User.find(reset.userID, on: db) else { return false }
            user.passwordHash = hash
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == reset.userID).delete()
            try await LoginThrottle.query(on: db).filter(\.$login == user.login).delete()
            try await AuditLog.record(.passwordReset, by: reset.userID, object: "user", id: reset.userID,
                                      Strings.Audit.action(.passwordReset), at: now, on: db)
            return true
        }
        guard used else { return PasswordRecoveryViews.invalid(PageContext(req)) }
        return req.redirect(to: .login, success: Strings.Password.recovered)
    }

    /// The link's record while it is unused and within its hour.
    private func valid(_ req: Request) async throws -> PasswordReset? {
        guard let token = req.parameters.get("token"), !token.isEmpty, token.count <= 100 else { return nil }
        guard let reset = try await PasswordReset.query(on: req.db).filter(\.$tokenHash == Self.hash(token, on: req)).first(),
              reset.usedAt == nil, reset.expiresAt > req.now else { return nil }
        return reset
    }
}

enum PasswordRecoveryViews {
    typealias P = Strings.Password

    static func request(_ context: PageContext, sent: Bool, error: String? = nil, status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: P.recoveryTitle, status: status,
            sent
                ? .p(.class("flash flash-success"), .attribute(named: "role", value: "status"), .text(P.recoverySent))
                : .group(
                    .p(.class("lead"), .text(P.recoveryLead)),
                    .form(
                        .class("narrow"), .method(.post), .action(SiteURL.forgotPassword.path),
                        Components.csrfField(context.csrf),
                        Components.field(P.recoveryLogin, name: "login", required: true, error: error, autocomplete: "username"),
                        Components.submit(P.recoverySend)
                    )
                ),
            .p(.a(.href(SiteURL.login.path), .text(P.backToLogin)))
        )
    }

    static func reset(_ context: PageContext, token: String, errors: [String: String], status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: P.resetTitle, status: status,
            Components.errorSummary(errors),
            .form(
                .class("narrow"), .method(.post), .action(SiteURL.resetPassword(.value(token)).path),
                Components.csrfField(context.csrf),
                Components.field(P.new, name: "new", type: "password", required: true, hint: P.hint,
                                 error: errors["new"], autocomplete: "new-password"),
                Components.field(P.repeatNew, name: "repeated", type: "password", required: true,
                                 error: errors["repeated"], autocomplete: "new-password"),
                Components.submit(P.resetSave)
            )
        )
    }

    static func invalid(_ context: PageContext) -> Response {
        Layout.render(
            context, title: P.resetTitle, status: .gone,
            .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text(P.linkInvalid)),
            .p(.a(.href(SiteURL.forgotPassword.path), .text(P.recoveryAgain)))
        )
    }
}
