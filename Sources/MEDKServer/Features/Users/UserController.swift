import Fluent
import MEDKCore
import Vapor

struct UserController {
    func list(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageUsers, $0.actor.scope) }
        let search = req.searchText
        let page = req.pageNumber
        let result = try await UserQueries.list(within: principal.actor.scope, search: search, page: page, on: req.db)
        return UserViews.list(PageContext(req), users: result.users, total: result.total, search: search)
    }

    func show(_ req: Request) async throws -> Response {
        let (principal, user) = try await managedUser(req)
        let choices = try await GrantChoices.load(for: principal, on: req.db)
        return UserViews.show(PageContext(req), user: user, principal: principal, choices: choices, error: nil)
    }

    struct NewUserForm: Content {
        var login: String?
        var fullName: String?
        var email: String?
        var phone: String?
        var password: String?
    }

    func newForm(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageUsers, $0.actor.scope) }
        let choices = try await GrantChoices.load(for: principal, on: req.db)
        return UserViews.form(PageContext(req), form: NewUserForm(), grant: GrantFields(), choices: choices, errors: [:])
    }

    func create(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageUsers, $0.actor.scope) }
        let form = try req.content.decode(NewUserForm.self)
        let grant = try req.content.decode(GrantFields.self)
        let login = form.login.trimmed.lowercased()
        let fullName = form.fullName.trimmed
        let email = form.email.trimmed
        var password = form.password ?? ""
        var errors: [String: String] = [:]
        if !UserImport.isValidLogin(login) { errors["login"] = Strings.Users.badLogin }
        else if try await User.query(on: req.db).filter(\.$login == login).first() != nil { errors["login"] = Strings.Users.loginTaken }
        if fullName.isEmpty || fullName.count > 200 { errors["fullName"] = Strings.Users.nameRequired }
        if !email.isEmpty, !UserImport.isValidEmail(email) { errors["email"] = Strings.Users.badEmail }
        if !password.isEmpty, password.count < UserImport.minimumPasswordLength { errors["password"] = Strings.Users.passwordShort }
        var resolved: (Role, Place)?
        switch try await grant.resolve(on: req.db) {
        case .success(let value):
            if principal.can(.grant(value.0), value.1) { resolved = value } else { errors["role"] = Strings.Users.forbiddenGrant }
        case .failure(let problem):
            errors[problem == .role ? "role" : "place"] = problem.message
        }
        guard errors.isEmpty, let (role, place) = resolved else {
            let choices = try await GrantChoices.load(for: principal, on: req.db)
            return UserViews.form(PageContext(req), form: form, grant: grant, choices: choices, errors: errors,
                                  status: .unprocessableEntity)
        }
        let generated = password.isEmpty
        if generated { password = PasswordGenerator.make() }
        let user = User(login: login, fullName: fullName, email: email, phone: form.phone.trimmed,
                        passwordHash: try await req.password.async.hash(password))
        let now = req.now
        try await req.db.writeTransaction { db in
            try await user.create(on: db)
            try await RoleGrant(userID: user.id!, role: role, place: place).create(on: db)
            try await AuditLog.record(.userCreated, by: principal.userID, object: "user", id: user.id,
                                      "\(login) — \(fullName), \(role.title)", at: now, on: db)
        }
        return req.redirect(to: .user(.value(user.id!)),
                            success: generated ? Strings.Users.createdWithPassword(password) : Strings.Users.created)
    }

    func addGrant(_ req: Request) async throws -> Response {
        let (principal, user) = try await changeableUser(req)
        let fields = try req.content.decode(GrantFields.self)
        let back = SiteURL.user(.value(user.id!)).path
        let (role, place): (Role, Place)
        switch try await fields.resolve(on: req.db) {
        case .success(let value): (role, place) = value
        case .failure(let problem): return req.redirect(to: back, flash: Flash(kind: .error, text: problem.message))
        }
        guard principal.can(.grant(role), place) else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Users.forbiddenGrant))
        }
        if user.grants.contains(where: { $0.role == role && $0.place == place }) {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Users.duplicateGrant))
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            let grant = RoleGrant(userID: user.id!, role: role, place: place)
            try await grant.create(on: db)
            try await AuditLog.record(.roleGranted, by: principal.userID, object: "role_grant", id: grant.id,
                                      "\(user.login): \(role.title)", at: now, on: db)
        }
        return req.redirect(to: back, flash: Flash(kind: .success, text: Strings.Users.granted))
    }

    func revokeGrant(_ req: Request) async throws -> Response {
        let (principal, user) = try await changeableUser(req)
        guard let grant = user.grants.first(where: { $0.id == req.parameters.get("grantID", as: UUID.self) }),
              let role = grant.role, principal.can(.grant(role), grant.place) else { throw Abort(.notFound) }
        let back = SiteURL.user(.value(user.id!)).path
        if user.id == principal.userID {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Users.selfRevoke))
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await grant.delete(on: db)
            try await AuditLog.record(.roleRevoked, by: principal.userID, object: "role_grant", id: grant.id,
                                      "\(user.login): \(GrantLabel.text(grant))", at: now, on: db)
        }
        return req.redirect(to: back, flash: Flash(kind: .success, text: Strings.Users.revoked))
    }

    func toggleActive(_ req: Request) async throws -> Response {
        let (principal, user) = try await changeableUser(req)
        let back = SiteURL.user(.value(user.id!)).path
        if user.id == principal.userID {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Users.selfBlock))
        }
        let now = req.now
        user.isActive.toggle()
        try await req.db.writeTransaction { db in
            try await user.save(on: db)
            if !user.isActive { try await UserSession.query(on: db).filter(\.$user.$id == user.id!).delete() }
            try await AuditLog.record(user.isActive ? .userUnblocked : .userBlocked, by: principal.userID,
                                      object: "user", id: user.id, user.login, at: now, on: db)
        }
        return req.redirect(to: back, flash: Flash(kind: .success,
                                                   text: user.isActive ? Strings.Users.unblockedDone : Strings.Users.blockedDone))
    }

    /// The user of the path, if the principal may change it: it could grant every role the user holds.
    /// A user it may only see (a peer coordinator, the administrator sharing a school) is refused with 403.
    private func changeableUser(_ req: Request) async throws -> (Principal, User) {
        let (principal, user) = try await managedUser(req)
        guard UserQueries.isChangeable(user, by: principal) else { throw Abort(.forbidden, reason: Strings.Users.notChangeable) }
        return (principal, user)
    }

    /// The user of the path, if the principal keeps it; 404 otherwise.
    private func managedUser(_ req: Request) async throws -> (Principal, User) {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("userID", as: UUID.self), let user = try await UserQueries.find(id, on: req.db),
              UserQueries.isManaged(user, by: principal) else { throw Abort(.notFound) }
        return (principal, user)
    }
}

/// First-sign-in passwords: easy to dictate over the phone, hard to guess.
enum PasswordGenerator {
    static func make() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let groups = (0..<3).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &generator)! }) }
        return groups.joined(separator: "-")
    }
}
