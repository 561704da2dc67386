import Foundation
import Fluent
import SQLKit

/// Territories' own plans-schedules: the plans, their items in document order, and the marks on items.
struct M010_TerritoryRoadmaps: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(TerritoryRoadmapRecord.schema)
            .id()
            .field("region_id", .uuid, .required, .references(Region.schema, "id"))
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .field("cycle_year", .int, .required)
            .field("title", .string, .required)
            .field("order_number", .string)
            .field("order_date", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema(RoadmapItemRecord.schema)
            .id()
            .field("roadmap_id", .uuid, .required, .references(TerritoryRoadmapRecord.schema, "id"))
            .field("position", .int, .required)
            .field("number", .string)
            .field("sort_key", .string, .required)
            .field("is_heading", .bool, .required)
            .field("action", .string, .required)
            .field("form", .string)
            .field("due_text", .string)
            .field("due_date", .string)
            .field("responsible", .string)
            .field("indicator", .string)
            .field("target", .string)
            .field("column_title", .string)
            .field("table_row", .int)
            .unique(on: "roadmap_id", "position")
            .create()
        try await db.schema(RoadmapItemMark.schema)
            .id()
            .field("item_id", .uuid, .required, .references(RoadmapItemRecord.schema, "id"))
            .field("roadmap_id", .uuid, .required, .references(TerritoryRoadmapRecord.schema, "id"))
            .field("is_done", .bool, .required)
            .field("done_on", .string)
            .field("evidence_sha256", .string, .references(StoredFile.schema, "sha256"))
            .field("evidence_name", .string)
            .field("evidence_link", .string)
            .field("comment", .string, .required)
            .field("marked_by", .uuid, .required, .references(User.schema, "id"))
            .field("marked_at", .datetime, .required)
            .field("marked_on", .string, .required)
            .create()
        guard let sql = db as? SQLDatabase else { return }
        for (name, table, columns) in Self.indexes {
            try await sql.create(index: name).on(table).column(SQLList(columns.map { SQLIdentifier($0) })).run()
        }
    }

    private static let indexes: [(String, String, [String])] = [
        ("territory_roadmaps_owner", TerritoryRoadmapRecord.schema, ["region_id", "municipality_id"]),
        ("territory_roadmap_marks_roadmap", RoadmapItemMark.schema, ["roadmap_id", "marked_at"]),
        ("territory_roadmap_marks_item", RoadmapItemMark.schema, ["item_id"]),
    ]

    func revert(on db: Database) async throws {
        for schema in [RoadmapItemMark.schema, RoadmapItemRecord.schema, TerritoryRoadmapRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
