import Fluent
import SQLKit

/// Confirmed curators' reports (issue 15): one row per version; two confirmations at once cannot both be version N.
struct M029_CuratorReports: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(CuratorReportRecord.schema)
            .id()
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("region_id", .uuid, .required, .references(Region.schema, "id"))
            .field("payment", .string, .required)
            .field("period_from", .string, .required)
            .field("period_to", .string, .required)
            .field("version", .int, .required)
            .field("rows", .string, .required)
            .field("confirmed_by", .uuid, .required, .references(User.schema, "id"))
            .field("confirmed_by_name", .string, .required)
            .field("confirmed_at", .datetime, .required)
            .unique(on: "cycle_id", "region_id", "payment", "version", name: "curator_reports_version")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(CuratorReportRecord.schema).delete()
    }
}
