import Foundation
import Fluent

struct M012_SelfAssessments: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(SelfAssessmentRecord.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("entries", .string, .required)
            .field("state", .string, .required)
            .field("revision", .int, .required)
            .field("current_version", .int, .required)
            .field("returned_at_version", .int, .required)
            .field("submitted_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "participation_id")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(SelfAssessmentRecord.schema).delete()
    }
}
