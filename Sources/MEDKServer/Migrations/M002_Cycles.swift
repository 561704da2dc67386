import Foundation
import Fluent

struct M002_Cycles: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(Cycle.schema)
            .id()
            .field("year", .int, .required)
            .field("title", .string, .required)
            .unique(on: "year")
            .create()
        try await db.schema(CycleRiskFactor.schema)
            .id()
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .unique(on: "cycle_id", "number")
            .create()
        try await db.schema(CycleControlDate.schema)
            .id()
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("date", .string, .required)
            .field("event", .string, .required)
            .field("description", .string, .required)
            .field("indicator", .string)
            .field("kind", .string)
            .create()
        try await db.schema(Participation.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("cycle_id", .uuid, .required, .references(Cycle.schema, "id"))
            .field("joined_on", .string, .required)
            .field("left_on", .string)
            .unique(on: "school_id", "cycle_id")
            .create()
    }

    func revert(on db: Database) async throws {
        for schema in [Participation.schema, CycleControlDate.schema, CycleRiskFactor.schema, Cycle.schema] {
            try await db.schema(schema).delete()
        }
    }
}
