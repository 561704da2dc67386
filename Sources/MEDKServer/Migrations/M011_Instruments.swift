import Foundation
import Fluent
import SQLKit

/// Monitoring instruments as data, the monitorings territories open with them, their subjects and values;
/// installs seed 003's built-in instruments.
struct M011_Instruments: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(InstrumentRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("subject", .string, .required)
            .field("is_builtin", .bool, .required)
            .field("region_id", .uuid, .references(Region.schema, "id"))
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .field("definition", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await db.schema(MonitoringRun.schema)
            .id()
            .field("instrument_id", .uuid, .required, .references(InstrumentRecord.schema, "id"))
            .field("region_id", .uuid, .required, .references(Region.schema, "id"))
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .field("period", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("definition", .string, .required)
            .field("opened_by", .uuid, .required, .references(User.schema, "id"))
            .field("opened_at", .datetime, .required)
            .create()
        try await db.schema(MonitoringSubject.schema)
            .id()
            .field("run_id", .uuid, .required, .references(MonitoringRun.schema, "id"))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "run_id", "name_key")
            .create()
        try await db.schema(MonitoringSubmission.schema)
            .id()
            .field("subject_id", .uuid, .required, .references(MonitoringSubject.schema, "id"))
            .field("run_id", .uuid, .required, .references(MonitoringRun.schema, "id"))
            .field("values", .string, .required)
            .field("value", .double)
            .field("band_index", .int)
            .field("submitted_by", .uuid, .required, .references(User.schema, "id"))
            .field("submitted_at", .datetime, .required)
            .create()
        if let sql = db as? SQLDatabase {
            for (name, table, columns) in Self.indexes {
                try await sql.create(index: name).on(table).column(SQLList(columns.map { SQLIdentifier($0) })).run()
            }
        }
        try await InstrumentQueries.installBuiltIns(on: db)
    }

    private static let indexes: [(String, String, [String])] = [
        ("monitoring_runs_owner", MonitoringRun.schema, ["region_id", "municipality_id"]),
        ("monitoring_runs_instrument", MonitoringRun.schema, ["instrument_id", "starts_on"]),
        ("monitoring_submissions_run", MonitoringSubmission.schema, ["run_id", "submitted_at"]),
    ]

    func revert(on db: Database) async throws {
        for schema in [MonitoringSubmission.schema, MonitoringSubject.schema, MonitoringRun.schema, InstrumentRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
