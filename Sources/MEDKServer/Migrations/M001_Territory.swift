import Foundation
import Fluent

struct M001_Territory: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(Region.schema)
            .id()
            .field("name", .string, .required)
            .field("time_zone", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "name")
            .create()
        try await db.schema(Municipality.schema)
            .id()
            .field("region_id", .uuid, .required, .references(Region.schema, "id"))
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "region_id", "name")
            .create()
        try await db.schema(School.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("region_id", .uuid, .required, .references(Region.schema, "id"))
            .field("full_name", .string, .required)
            .field("short_name", .string, .required)
            .field("address", .string, .required)
            .field("is_rural", .bool, .required)
            .field("code", .string)
            .field("search_text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(School.schema).delete()
        try await db.schema(Municipality.schema).delete()
        try await db.schema(Region.schema).delete()
    }
}
