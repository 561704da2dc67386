import Foundation
import Fluent

/// Programs per direction, monitoring reports, and the measures each stage document evidences.
struct M014_Programs: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await reviewable(db.schema(ProgramRecord.schema)
            .field("direction_id", .uuid, .required, .references(DirectionRecord.schema, "id"))
            .unique(on: "direction_id"))
            .create()
        try await reviewable(db.schema(MonitoringReportRecord.schema)
            .field("stage", .int, .required)
            .unique(on: "participation_id", "stage"))
            .create()
        try await db.schema(DocumentMeasure.schema)
            .id()
            .field("document_id", .uuid, .required, .references(Document.schema, "id"))
            .field("measure_id", .string, .required)
            .unique(on: "document_id", "measure_id")
            .create()
    }

    /// The columns every structured reviewable item has.
    private func reviewable(_ builder: SchemaBuilder) -> SchemaBuilder {
        builder.id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("content", .string, .required)
            .field("state", .string, .required)
            .field("revision", .int, .required)
            .field("current_version", .int, .required)
            .field("returned_at_version", .int, .required)
            .field("submitted_at", .datetime)
            .field("updated_at", .datetime, .required)
    }

    func revert(on db: Database) async throws {
        try await db.schema(DocumentMeasure.schema).delete()
        try await db.schema(MonitoringReportRecord.schema).delete()
        try await db.schema(ProgramRecord.schema).delete()
    }
}
