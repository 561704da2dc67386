import Fluent
import SQLKit

/// Seed 003 in depth (issue 16): a monitoring's subject may be a school of the territory (matched across periods by
/// its id, never its name) or a teacher at one, with the teacher's Part I; student results keep the previous
/// period's values entered beside the current ones. One school is one subject of a monitoring.
struct M031_MonitoringSchools: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per ALTER: SQLite adds one at a time.
        try await database.schema(MonitoringSubject.schema).field("school_id", .uuid, .references(School.schema, "id")).update()
        try await database.schema(MonitoringSubject.schema).field("details", .string).update()
        try await database.schema(MonitoringSubmission.schema)
            .field("previous_values", .string)
            .update()
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("CREATE UNIQUE INDEX monitoring_subjects_school ON monitoring_subjects (run_id, school_id) WHERE kind = 'school'").run()
    }

    func revert(on database: Database) async throws {
        if let sql = database as? SQLDatabase { try await sql.raw("DROP INDEX monitoring_subjects_school").run() }
        try await database.schema(MonitoringSubmission.schema).deleteField("previous_values").update()
        try await database.schema(MonitoringSubject.schema).deleteField("details").update()
        try await database.schema(MonitoringSubject.schema).deleteField("school_id").update()
    }
}
