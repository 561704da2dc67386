import Foundation
import Fluent

struct M003_People: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(User.schema)
            .id()
            .field("login", .string, .required)
            .field("full_name", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "login")
            .create()
        try await db.schema(RoleGrant.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("region_id", .uuid, .references(Region.schema, "id"))
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .field("school_id", .uuid, .references(School.schema, "id"))
            .field("created_at", .datetime)
            .create()
        try await db.schema(CuratorAssignment.schema)
            .id()
            .field("curator_id", .uuid, .required, .references(User.schema, "id"))
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on db: Database) async throws {
        for schema in [CuratorAssignment.schema, RoleGrant.schema, User.schema] {
            try await db.schema(schema).delete()
        }
    }
}
