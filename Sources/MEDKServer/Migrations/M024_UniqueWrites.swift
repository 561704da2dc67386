import Fluent
import SQLKit

/// Uniqueness lives in the database: two identical requests at once must never write twice, whatever the
/// controllers checked before their transaction. Nullable parts of a key are folded to a fixed value, since
/// both databases treat NULLs as distinct in a unique index.
struct M024_UniqueWrites: AsyncMigration {
    static let none = "'00000000-0000-0000-0000-000000000000'"

    static let indexes: [(name: String, sql: String)] = [
        ("schools_municipality_name", "CREATE UNIQUE INDEX schools_municipality_name ON schools (municipality_id, full_name)"),
        ("curator_assignments_active",
         "CREATE UNIQUE INDEX curator_assignments_active ON curator_assignments (curator_id, participation_id) WHERE ends_on IS NULL"),
        ("role_grants_place",
         "CREATE UNIQUE INDEX role_grants_place ON role_grants (user_id, role, COALESCE(region_id, \(none)), "
            + "COALESCE(municipality_id, \(none)), COALESCE(school_id, \(none)))"),
        ("territory_roadmaps_owner_title",
         "CREATE UNIQUE INDEX territory_roadmaps_owner_title ON territory_roadmaps (region_id, "
            + "COALESCE(municipality_id, \(none)), cycle_year, title)"),
        ("monitoring_runs_owner_period",
         "CREATE UNIQUE INDEX monitoring_runs_owner_period ON monitoring_runs (instrument_id, region_id, "
            + "COALESCE(municipality_id, \(none)), period)"),
    ]

    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { throw MigrationNeedsSQL() }
        for index in Self.indexes { try await sql.raw(SQLQueryString(index.sql)).run() }
        // Never holds a row: `writeTransaction` deletes nothing from it to take SQLite's write lock first.
        try await sql.raw("CREATE TABLE write_gate (id INTEGER)").run()
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { throw MigrationNeedsSQL() }
        try await sql.raw("DROP TABLE write_gate").run()
        for index in Self.indexes { try await sql.raw(SQLQueryString("DROP INDEX \(unsafeRaw: index.name)")).run() }
    }
}

struct MigrationNeedsSQL: Error, CustomStringConvertible {
    var description: String { "MEDK's migrations need an SQL database (SQLite or PostgreSQL)." }
}
