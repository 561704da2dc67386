import Fluent
import MEDKCore
import Vapor

struct AuthController {
    /// Logins are at most 64 characters (`UserImport.isValidLogin`); no password is longer than this.
    static let maxLoginLength = 64
    static let maxPasswordBytes = 1024

    struct LoginForm: Content {
        var login: String?
        var password: String?
        var next: String?
    }

    func loginPage(_ req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: SiteURL.home.path) }
        let next = try? req.query.get(String.self, at: "next")
        return AuthViews.login(PageContext(req), login: "", next: next, error: nil, demo: req.settings.isDemo)
    }

    func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let login = form.login ?? ""
        let page = { (error: String, status: HTTPStatus) in
            AuthViews.login(PageContext(req), login: login, next: form.next, error: error, demo: req.settings.isDemo,
                            status: status)
        }
        guard !login.isEmpty, let password = form.password, !password.isEmpty else {
            return page(Strings.Login.empty, .unprocessableEntity)
        }
        // Refused before anything is written: a failed sign-in keeps its login twice (throttle, journal), and a
        // 9 MB "login" from anyone would grow the database by megabytes a request.
        guard login.count <= Self.maxLoginLength, password.utf8.count <= Self.maxPasswordBytes else {
            return page(Strings.Login.tooLong, .unprocessableEntity)
        }
        switch try await SignIn.attempt(login: login, password: password, on: req) {
        case .locked:
            return page(Strings.Login.locked, .tooManyRequests)
        case .wrong:
            try await AuditLog.record(.signInFailed, by: nil, object: "login", id: nil,
                                      "\(Strings.Audit.signInFailed): \(login.lowercased())", at: req.now, on: req.db)
            return page(Strings.Login.wrong, .unauthorized)
        case .success(let user):
            let token = try await Sessions.open(for: user, replacing: req.cookies[Cookies.session]?.string, on: req)
            try await AuditLog.record(.signIn, by: user.id, object: "user", id: user.id, Strings.Audit.signIn,
                                      at: req.now, on: req.db)
            let response = req.redirect(to: Self.safeNext(form.next) ?? SiteURL.home.path)
            response.cookies[Cookies.session] = Cookies.value(token, secure: req.settings.secureCookies,
                                                              maxAge: Int(req.settings.sessionLifetime))
            return response
        }
    }

    func logout(_ req: Request) async throws -> Response {
        if let principal = req.principal {
            try await Sessions.close(principal, on: req.db)
            try await AuditLog.record(.signOut, by: principal.userID, object: "user", id: principal.userID,
                                      Strings.Audit.signOut, at: req.now, on: req.db)
        }
        let response = req.redirect(to: SiteURL.login.path, flash: Flash(kind: .success, text: Strings.Login.signedOut))
        response.cookies[Cookies.session] = Cookies.expired(secure: req.settings.secureCookies)
        return response
    }

    func switchRole(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let grantID = (try? req.content.get(String.self, at: "grant")).uuid
        guard let grant = principal.grants.first(where: { $0.id == grantID }) else { throw Abort(.badRequest) }
        principal.session.activeGrantID = grant.id
        try await principal.session.save(on: req.db)
        return req.redirect(to: .home, success: Strings.Roles.switched)
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var repeated: String?
    }

    func passwordPage(_ req: Request) async throws -> Response {
        _ = try req.requirePrincipal()
        return AuthViews.password(PageContext(req), errors: [:])
    }

    func changePassword(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(PasswordForm.self)
        var errors: [String: String] = [:]
        let new = form.new ?? ""
        if !(try await req.password.async.verify(form.current ?? "", created: principal.user.passwordHash)) {
            errors["current"] = Strings.Password.wrongCurrent
        }
        if new.count < UserImport.minimumPasswordLength { errors["new"] = Strings.Password.tooShort }
        else if new != form.repeated { errors["repeated"] = Strings.Password.mismatch }
        guard errors.isEmpty else {
            return AuthViews.password(PageContext(req), errors: errors, status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(new)
        let sessionID = try principal.session.requireID()
        try await req.db.writeTransaction { db in
            principal.user.passwordHash = hash
            try await principal.user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == principal.userID).filter(\.$id != sessionID).delete()
            try await AuditLog.record(.passwordChanged, by: principal.userID, object: "user", id: principal.userID,
                                      Strings.Audit.passwordChanged, at: req.now, on: db)
        }
        return req.redirect(to: .home, success: Strings.Password.changed)
    }

    /// Only a path on this site may follow sign-in: never another host, never a header of the attacker's.
    static func safeNext(_ next: String?) -> String? { LocalPath.validated(next) }
}

enum AuthViews {
    static func login(_ context: PageContext, login: String, next: String?, error: String?, demo: Bool,
                      status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: Strings.Login.title, status: status,
            .p(.class("lead"), .text(Strings.Login.intro)),
            .unwrap(error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .form(
                .class("narrow"), .method(.post), .action(SiteURL.login.path),
                Components.csrfField(context.csrf),
                .unwrap(AuthController.safeNext(next)) {
                    .input(.type(.hidden), .name("next"), .value($0))
                },
                .div(.class("stack"),
                     Components.field(Strings.Login.login, name: "login", value: login, required: true,
                                      autocomplete: "username"),
                     Components.field(Strings.Login.password, name: "password", type: "password", required: true,
                                      autocomplete: "current-password"),
                     Components.submit(Strings.Login.submit))
            ),
            .p(.a(.href(SiteURL.forgotPassword.path), .text(Strings.Password.forgot))),
            .if(demo, DemoViews.accountsHint())
        )
    }

    static func password(_ context: PageContext, errors: [String: String], status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: Strings.Password.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Password.title)],
            status: status,
            Components.errorSummary(errors),
            .form(
                .class("narrow"), .method(.post), .action(SiteURL.password.path),
                Components.csrfField(context.csrf),
                .div(.class("stack"),
                     Components.field(Strings.Password.current, name: "current", type: "password", required: true,
                                      error: errors["current"], autocomplete: "current-password"),
                     Components.field(Strings.Password.new, name: "new", type: "password", required: true,
                                      hint: Strings.Password.hint, error: errors["new"], autocomplete: "new-password"),
                     Components.field(Strings.Password.repeatNew, name: "repeated", type: "password", required: true,
                                      error: errors["repeated"], autocomplete: "new-password"),
                     Components.submit(Strings.Common.save))
            )
        )
    }
}
