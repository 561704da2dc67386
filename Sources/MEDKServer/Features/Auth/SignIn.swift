import Fluent
import SQLKit
import Vapor

/// Checks a login and password with throttling: after `maxFailures` wrong passwords a login is
/// closed for `lockout`, whether or not it exists, so the refusal reveals nothing.
enum SignIn {
    static let maxFailures = 5
    static let lockout: TimeInterval = 15 * 60

    enum Outcome {
        case success(User)
        case wrong
        case locked
    }


    static func attempt(login rawLogin: String, password: String, on request: Request) async throws -> Outcome {
        let login = rawLogin.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let now = request.now
        if try await isLocked(login, at: now, on: request.db) { return .locked }
        let user = try await User.query(on: request.db).filter(\.$login == login).first()
        let matches = try await request.password.async.verify(password, created: user?.passwordHash ?? request.application.decoyPasswordHash)
        if let user, matches, user.isActive {
            try await LoginThrottle.query(on: request.db).filter(\.$login == login).delete()
            return .success(user)
        }
        try await recordFailure(login: login, now: now, on: request.db)
        return .wrong
    }

    /// Whether `key` (a login, or another throttled key) is closed now.
    static func isLocked(_ key: String, at now: Date, on db: Database) async throws -> Bool {
        guard let throttle = try await LoginThrottle.query(on: db).filter(\.$login == key).first(),
              let until = throttle.lockedUntil else { return false }
        return until > now
    }

    /// Counts one wrong password atomically, so parallel guesses cannot slip past the limit.
    static func recordFailure(login: String, now: Date, on db: Database) async throws {
        do {
            try await LoginThrottle(login: login).create(on: db)
        } catch let error as DatabaseError where error.isConstraintFailure {
            // Another failure already created the row.
        }
        let sql = db as! SQLDatabase
        try await sql.update(LoginThrottle.schema)
            .set(SQLIdentifier("failures"), to: SQLBinaryExpression(SQLIdentifier("failures"), .add, SQLLiteral.numeric("1")))
            .where("login", .equal, login)
            .run()
        try await sql.update(LoginThrottle.schema)
            .set("failures", to: 0)
            .set("locked_until", to: now.addingTimeInterval(lockout))
            .where("login", .equal, login)
            .where("failures", .greaterThanOrEqual, maxFailures)
            .run()
    }
}

/// Opening and closing sessions. A new session (and token) at every sign-in: the id rotates.
enum Sessions {
    static func open(for user: User, replacing oldToken: String?, on request: Request) async throws -> String {
        let settings = request.settings
        let token = SessionTokens.random()
        let now = request.now
        try await request.db.writeTransaction { db in
            if let oldToken {
                try await UserSession.query(on: db)
                    .filter(\.$tokenHash == SessionTokens.hash(oldToken, secret: settings.sessionSecret)).delete()
            }
            try await UserSession.query(on: db).filter(\.$user.$id == user.requireID())
                .filter(\.$expiresAt < now).delete()
            try await UserSession(tokenHash: SessionTokens.hash(token, secret: settings.sessionSecret),
                                  userID: user.requireID(), activeGrantID: nil, csrfToken: SessionTokens.random(),
                                  createdAt: now, expiresAt: now.addingTimeInterval(settings.sessionLifetime))
                .create(on: db)
        }
        return token
    }

    static func close(_ principal: Principal, on db: Database) async throws {
        try await principal.session.delete(on: db)
    }
}

extension Application {
    private struct DecoyHashKey: StorageKey { typealias Value = String }

    /// A hash of a password nobody has, verified when a login is unknown, so that an unknown login
    /// takes as long to refuse as a known one. Made at start-up with the installation's cost.
    var decoyPasswordHash: String {
        get { storage[DecoyHashKey.self] ?? "" }
        set { storage[DecoyHashKey.self] = newValue }
    }
}
