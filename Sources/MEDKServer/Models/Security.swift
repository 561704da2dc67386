import Fluent
import Foundation

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy
/// of the database does not let anyone in.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"
    @ID var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "active_grant_id") var activeGrantID: UUID?
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
    init(tokenHash: String, userID: UUID, activeGrantID: UUID?, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.activeGrantID = activeGrantID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Wrong-password counter per login, kept for logins that do not exist too, so that the
/// refusal never tells whether a login exists.
final class LoginThrottle: Model, @unchecked Sendable {
    static let schema = "login_throttles"
    @ID var id: UUID?
    @Field(key: "login") var login: String
    @Field(key: "failures") var failures: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    init() {}
    init(login: String) {
        self.login = login
        self.failures = 0
    }
}

/// The journal of every change to people and territory, and of sign-ins.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "object_type") var objectType: String
    @OptionalField(key: "object_id") var objectID: UUID?
    @Field(key: "summary") var summary: String

    init() {}
    init(at: Date, actorID: UUID?, action: String, objectType: String, objectID: UUID?, summary: String) {
        self.at = at
        self.actorID = actorID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.summary = summary
    }
}
