import Foundation
import Fluent
import SQLKit

/// Visits, launch-seminar marks and the cycle's visit frequency (issue 5).
struct M020_Visits: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(VisitRecord.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("school_id", .uuid, .required)
            .field("region_id", .uuid, .required)
            .field("municipality_id", .uuid, .required)
            .field("curator_id", .uuid, .required, .references(User.schema, "id"))
            .field("visited_on", .string, .required)
            .field("format", .string, .required)
            .field("participants", .string, .required)
            .field("purpose", .string, .required)
            .field("outcome", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("counts_from", .string, .required)
            .create()
        try await db.schema(SeminarMark.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("attended", .bool, .required)
            .field("marked_by", .uuid, .required)
            .field("marked_at", .datetime, .required)
            .create()
        try await db.schema(VisitRuleRecord.schema)
            .id()
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("forming_weeks", .int, .required)
            .field("carrying_weeks", .int, .required)
            .field("updated_by", .uuid, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "cycle_id")
            .create()
        guard let sql = db as? SQLDatabase else { return }
        for (name, table, columns) in [
            ("visits_participation", VisitRecord.schema, ["participation_id", "visited_on"]),
            ("visits_curator", VisitRecord.schema, ["curator_id", "visited_on"]),
            ("seminar_marks_participation", SeminarMark.schema, ["participation_id"]),
        ] {
            try await sql.create(index: name).on(table).column(SQLList(columns.map { SQLIdentifier($0) })).run()
        }
    }

    func revert(on db: Database) async throws {
        for schema in [VisitRuleRecord.schema, SeminarMark.schema, VisitRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
