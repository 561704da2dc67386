import Foundation
import Fluent

struct M004_Security: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("active_grant_id", .uuid)
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema(LoginThrottle.schema)
            .id()
            .field("login", .string, .required)
            .field("failures", .int, .required)
            .field("locked_until", .datetime)
            .unique(on: "login")
            .create()
        try await db.schema(AuditEvent.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .uuid)
            .field("summary", .string, .required)
            .create()
    }

    func revert(on db: Database) async throws {
        for schema in [AuditEvent.schema, LoginThrottle.schema, UserSession.schema] {
            try await db.schema(schema).delete()
        }
    }
}
