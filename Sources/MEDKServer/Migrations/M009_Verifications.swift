import Foundation
import Fluent

struct M009_Verifications: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(VerificationRecord.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("answers", .string, .required)
            .field("added_risks", .string, .required)
            .field("verified_on", .string)
            .field("verified_by", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "participation_id")
            .create()
    }

    func revert(on db: Database) async throws {
        try await db.schema(VerificationRecord.schema).delete()
    }
}
