import Foundation
import Fluent
import SQLKit

/// The days each school held each inclusion indicator, so that a national table as of any date is one
/// indexed count instead of a walk through millions of review events. Filled from the history that is
/// already there; kept by `InclusionFactsMiddleware` afterwards.
struct M021_InclusionFacts: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(InclusionFacts.table)
            .field("participation_id", .uuid, .required)
            .field("cycle_id", .uuid, .required)
            .field("region_id", .uuid, .required)
            .field("municipality_id", .uuid, .required)
            .field("school_id", .uuid, .required)
            .field("indicator", .string, .required)
            .field("done_from", .string, .required)
            .field("done_until", .string)
            .create()
        guard let sql = db as? SQLDatabase else { return }
        for (name, columns) in [
            ("inclusion_facts_region", ["cycle_id", "region_id", "indicator", "done_from"]),
            ("inclusion_facts_municipality", ["municipality_id", "indicator", "done_from"]),
            ("inclusion_facts_participation", ["participation_id"]),
        ] {
            try await sql.create(index: name).on(InclusionFacts.table).column(SQLList(columns.map { SQLIdentifier($0) })).run()
        }
        try await InclusionFacts.fill(on: db)
    }

    func revert(on db: Database) async throws {
        try await db.schema(InclusionFacts.table).delete()
    }
}
