import Fluent
import SQLKit

/// A territory's published acts (issue 17): orders, regulations and recommendations on its public page.
struct M033_TerritoryActs: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("territory_acts")
            .id()
            .field("region_id", .uuid, .required, .references("regions", "id"))
            .field("municipality_id", .uuid, .references("municipalities", "id"))
            .field("kind", .string, .required)
            .field("number", .string, .required)
            .field("signed_on", .string, .required)
            .field("title", .string, .required)
            .field("sha256", .string, .required)
            .field("file_name", .string, .required)
            .field("file_kind", .string, .required)
            .field("published_by", .uuid, .required, .references("users", "id"))
            .field("published_at", .datetime, .required)
            .create()
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        try await sql.create(index: "territory_acts_by_place").on("territory_acts").column("region_id").column("municipality_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("territory_acts").delete()
    }
}
