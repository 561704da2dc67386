import Fluent
import Foundation

/// A personal access token of the JSON API. It acts as its owner in one of the owner's roles (the grant chosen when
/// it was made); the token itself is shown once and only its keyed hash is stored.
final class ApiToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "grant_id") var grantID: UUID
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// `ApiTokenScope`.
    @Field(key: "scope") var scopeCode: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: UUID?

    init() {}
    init(userID: UUID, grantID: UUID, name: String, tokenHash: String, scope: ApiTokenScope, createdAt: Date, expiresAt: Date) {
        self.$user.id = userID
        self.grantID = grantID
        self.name = name
        self.tokenHash = tokenHash
        self.scopeCode = scope.rawValue
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    var scope: ApiTokenScope { ApiTokenScope(rawValue: scopeCode) ?? .read }
    func isLive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

enum ApiTokenScope: String, CaseIterable, Sendable {
    /// Reads only.
    case read
    /// Reads, and the writes of the import operations.
    case `import`
}
