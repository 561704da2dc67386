import Fluent
import MEDKCore
import Plot
import Vapor

/// «Токены API» on the account: a person makes tokens for their own roles, sees each once, lists and revokes them;
/// the admin opens anyone's list (`?user=`) and revokes from it.
struct TokenController {
    typealias A = Strings.Api
    /// Live tokens one person may hold at once.
    static let perUser = 20
    static let longest: TimeInterval = 366 * 24 * 3600

    struct Form: Content {
        var name: String?
        var grant: String?
        var scope: String?
        var expires: String?
    }

    func page(_ req: Request) async throws -> Response {
        let (principal, owner) = try await subject(req)
        return try await render(req, principal, owner: owner, form: Form(), errors: [:], shown: nil)
    }

    func create(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(Form.self)
        var errors: [String: String] = [:]
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors["name"] = A.nameRequired } else if name.count > 100 { errors["name"] = A.nameTooLong }
        let grant = principal.grants.first { $0.id?.uuidString == form.grant }
        if grant == nil { errors["grant"] = A.badRole }
        let scope = ApiTokenScope(rawValue: form.scope ?? "")
        if scope == nil { errors["scope"] = A.badScope }
        let now = req.now
        let expiry = CalendarDate(form.expires ?? "").flatMap(Self.endOfDay)
        if let expiry, expiry > now.addingTimeInterval(3600), expiry <= now.addingTimeInterval(Self.longest) {} else { errors["expires"] = A.badExpiry }
        guard errors.isEmpty, let grant, let scope, let expiry else {
            return try await render(req, principal, owner: principal.user, form: form, errors: errors, shown: nil, status: .unprocessableEntity)
        }
        let secret = "medk_" + SessionTokens.random()
        let token = ApiToken(userID: principal.userID, grantID: grant.id!, name: name,
                             tokenHash: SessionTokens.hash(secret, secret: req.settings.sessionSecret), scope: scope,
                             createdAt: now, expiresAt: expiry)
        let made = try await req.db.writeTransaction { db -> Bool in
            let live = try await ApiToken.query(on: db).filter(\.$user.$id == principal.userID).filter(\.$revokedAt == nil)
                .filter(\.$expiresAt > now).count()
            guard live < Self.perUser else { return false }
            try await token.create(on: db)
            try await AuditLog.record(.apiTokenCreated, by: principal.userID, object: "api_token", id: token.id,
                                      "\(name) — \(A.scopeTitle(scope))", at: now, on: db)
            return true
        }
        guard made else {
            return try await render(req, principal, owner: principal.user, form: form, errors: ["name": A.tooMany], shown: nil,
                                    status: .unprocessableEntity)
        }
        // The one answer that carries the token: nothing on the way may keep a copy.
        let response = try await render(req, principal, owner: principal.user, form: Form(), errors: [:], shown: secret, status: .created)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func revoke(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("tokenID", as: UUID.self), let token = try await ApiToken.find(id, on: req.db),
              token.$user.id == principal.userID || principal.role == .admin else { throw Abort(.notFound) }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await ApiToken.query(on: db).filter(\.$id == id).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: now).set(\.$revokedBy, to: principal.userID).update()
            try await AuditLog.record(.apiTokenRevoked, by: principal.userID, object: "api_token", id: id, token.name, at: now, on: db)
        }
        let back = token.$user.id == principal.userID ? SiteURL.apiTokens.path
            : SiteURL.apiTokens.path(query: [("user", token.$user.id.uuidString)])
        return req.redirect(to: back, flash: Flash(kind: .success, text: A.revokedDone))
    }

    static let zone = TimeZone(identifier: "Europe/Moscow")!

    /// A token chosen to last «до 31.12.2026» works through that day, Moscow time.
    static func endOfDay(_ day: CalendarDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day + 1))
    }

    /// Whose tokens the page shows: one's own, or (the admin only) the user named by `?user=`.
    private func subject(_ req: Request) async throws -> (Principal, User) {
        let principal = try req.requirePrincipal()
        guard let text = try? req.query.get(String.self, at: "user"), !text.isEmpty else { return (principal, principal.user) }
        guard principal.role == .admin, let id = UUID(uuidString: text), let user = try await User.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return (principal, user)
    }

    private func render(_ req: Request, _ principal: Principal, owner: User, form: Form, errors: [String: String],
                        shown: String?, status: HTTPStatus = .ok) async throws -> Response {
        let ownerID = try owner.requireID()
        let tokens = try await ApiToken.query(on: req.db).filter(\.$user.$id == ownerID).sort(\.$createdAt, .descending).all()
        let grants = ownerID == principal.userID ? principal.grants
            : try await RoleGrant.query(on: req.db).filter(\.$user.$id == ownerID).with(\.$region).with(\.$municipality).with(\.$school).all()
        return TokenViews.page(PageContext(req), owner: owner, own: ownerID == principal.userID, tokens: tokens,
                               grants: grants, form: form, errors: errors, shown: shown, now: req.now, status: status)
    }
}

enum TokenViews {
    typealias A = Strings.Api

    static func page(_ context: PageContext, owner: User, own: Bool, tokens: [ApiToken], grants: [RoleGrant],
                     form: TokenController.Form, errors: [String: String], shown: String?, now: Date,
                     status: HTTPStatus) -> Response {
        let grantLabel = Dictionary(grants.compactMap { grant in grant.id.map { ($0, GrantLabel.text(grant)) } }) { a, _ in a }
        let day = { (date: Date) in CalendarDate(date, in: TokenController.zone).russian }
        let defaultExpiry = CalendarDate(now.addingTimeInterval(90 * 24 * 3600), in: TokenController.zone).iso
        return Layout.render(
            context, title: own ? A.tokensTitle : "\(A.tokensTitle): \(owner.fullName)",
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(A.tokensTitle)], status: status,
            .p(.class("lead"), .text(A.tokensLead), .text(" "), .a(.href(SiteURL.apiReference.path), .text(A.reference))),
            .unwrap(shown) { secret in
                .section(.class("notice success"), .attribute(named: "role", value: "status"),
                         .h2(.text(A.yourToken)), .p(.code(.id("new-token"), .text(secret))), .p(.text(A.shownOnce)))
            },
            .if(own, .group(
                Components.errorSummary(errors),
                .form(
                    .class("narrow"), .method(.post), .action(SiteURL.apiTokens.path),
                    Components.csrfField(context.csrf),
                    .div(.class("stack"),
                         Components.field(A.name, name: "name", value: form.name ?? "", required: true, hint: A.nameHint,
                                          error: errors["name"]),
                         Components.select(A.role, name: "grant", options: grants.compactMap { grant in
                             grant.id.map { ($0.uuidString, GrantLabel.text(grant)) }
                         }, selected: form.grant ?? context.principal?.activeGrant.id?.uuidString, required: true, error: errors["grant"]),
                         Components.select(A.scope, name: "scope", options: ApiTokenScope.allCases.map { ($0.rawValue, A.scopeTitle($0)) },
                                           selected: form.scope ?? ApiTokenScope.read.rawValue, required: true, error: errors["scope"]),
                         Components.field(A.expires, name: "expires", value: form.expires ?? defaultExpiry, type: "date",
                                          required: true, hint: A.expiresHint, error: errors["expires"]),
                         Components.submit(A.create))
                )
            )),
            Components.table([A.name, A.role, A.scope, A.created, A.lastUsed, A.expires, A.state, ""], tokens.map { token in
                let state = token.revokedAt != nil ? A.revoked : token.expiresAt <= now ? A.expired : A.live
                return [
                    Components.cell(token.name), Components.cell(grantLabel[token.grantID] ?? "—"),
                    Components.cell(A.scopeTitle(token.scope)), Components.cell(day(token.createdAt)),
                    Components.cell(token.lastUsedAt.map(day) ?? A.never), Components.cell(day(token.expiresAt)),
                    Components.cell(state),
                    .td(.if(token.isLive(at: now), Components.postButton(SiteURL.apiTokenRevoke(.value(token.id!)).path,
                                                                         csrf: context.csrf, title: A.revoke, style: "link",
                                                                         confirm: A.revokeConfirm))),
                ]
            }, caption: A.tokensTitle, empty: A.none)
        )
    }
}
