import Foundation
import Fluent

struct M008_RiskProfiles: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(RiskProfileRecord.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("significance", .string, .required)
            .field("completed_groups", .string, .required)
            .field("file_sha256", .string)
            .field("file_name", .string)
            .field("imported_at", .datetime, .required)
            .field("imported_by", .uuid, .required)
            .unique(on: "participation_id")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(RiskProfileRecord.schema).delete()
    }
}
