import Fluent
import SQLKit

/// The bank of best practices (issue 17): a practice with its risk factors, files and moves, and its full-text
/// index — FTS5 over stemmed words on SQLite, the `russian` configuration over the raw text on PostgreSQL.
struct M032_Practices: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("practices")
            .id()
            .field("cycle_id", .uuid, .required, .references("cycles", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("municipality_id", .uuid, .required)
            .field("region_id", .uuid, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("description", .string, .required)
            .field("actions", .string, .required)
            .field("results", .string, .required)
            .field("authors", .string, .required)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("returned_at_version", .int, .required)
            .field("return_comment", .string, .required)
            .field("search_text", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        try await database.schema("practice_factors")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id"))
            .field("factor_number", .int, .required)
            .unique(on: "practice_id", "factor_number", name: "practice_factors_once")
            .create()
        try await database.schema("practice_files")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id"))
            .field("sha256", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int64, .required)
            .field("added_by", .uuid, .required)
            .field("added_at", .datetime, .required)
            .create()
        try await database.schema("practice_events")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id"))
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("comment", .string, .required)
            .field("actor_id", .uuid, .required)
            .field("at", .datetime, .required)
            .create()
        // Published practices per region, year and risk factor, kept by the moves that publish and unpublish: the
        // catalogue's front reads a few dozen rows instead of joining every practice with its factors.
        try await database.schema("practice_tallies")
            .id()
            .field("region_id", .uuid, .required)
            .field("cycle_id", .uuid, .required)
            .field("factor_number", .int, .required)
            .field("published", .int, .required)
            .unique(on: "region_id", "cycle_id", "factor_number", name: "practice_tallies_once")
            .create()
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        try await sql.create(index: "practices_by_state").on("practices").column("state").column("region_id").run()
        try await sql.create(index: "practices_published").on("practices").column("state").column("published_at").column("id").run()
        try await sql.create(index: "practices_by_school").on("practices").column("school_id").run()
        try await sql.create(index: "practice_factors_by_number").on("practice_factors").column("factor_number").run()
        try await sql.create(index: "practice_files_by_practice").on("practice_files").column("practice_id").run()
        try await sql.create(index: "practice_events_by_practice").on("practice_events").column("practice_id").run()
        if sql.dialect.name == "sqlite" {
            // SQLite has no Russian stemmer: the body holds the words' stems (`PracticeSearch.document`).
            try await sql.raw("CREATE VIRTUAL TABLE practices_fts USING fts5(practice_id UNINDEXED, body)").run()
        } else {
            // The words' lexemes are kept beside the text: a search that matches thousands of practices then rechecks
            // stored vectors instead of stemming every matched text again (20,000 practices: 10× faster).
            try await sql.raw("ALTER TABLE practices ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('russian', search_text)) STORED").run()
            try await sql.raw("CREATE INDEX practices_fulltext ON practices USING GIN (search_vector)").run()
        }
    }

    func revert(on database: Database) async throws {
        if let sql = database as? SQLDatabase, sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE IF EXISTS practices_fts").run()
        }
        for table in ["practice_tallies", "practice_events", "practice_files", "practice_factors", "practices"] {
            try await database.schema(table).delete()
        }
    }
}
