import Foundation
import Fluent

struct M013_Directions: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(DirectionRecord.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("factor", .int, .required)
            .field("activated_at", .datetime, .required)
            .field("activated_by", .uuid, .required)
            .unique(on: "participation_id", "factor")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(DirectionRecord.schema).delete()
    }
}
