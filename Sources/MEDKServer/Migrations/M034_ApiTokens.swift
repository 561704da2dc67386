import Fluent
import SQLKit

/// Personal access tokens of the JSON API (issue 18): only a token's keyed hash is kept.
struct M034_ApiTokens: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("grant_id", .uuid, .required)
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("scope", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("revoked_by", .uuid)
            .unique(on: "token_hash")
            .create()
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        try await sql.create(index: "api_tokens_by_user").on("api_tokens").column("user_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}

/// The feed of review and chat events the API pages through (issue 18). Rows are added by triggers, so every way
/// an event is written (pages, imports, the demo's bulk inserts) reaches the feed in the writer's transaction.
///
/// Order: PostgreSQL numbers rows from a sequence before they commit, so a later number can become visible before
/// an earlier one and a reader paging by number alone would skip it. Each row therefore keeps its transaction's id
/// (`txid`), and readers see only rows of transactions older than every transaction still running
/// (`pg_snapshot_xmin`): whatever commits later sorts after everything already read, by (`txid`, `seq`). SQLite has
/// one writer at a time, so numbering order is commit order there and `txid` stays 0.
struct M035_EventFeed: AsyncMigration {
    func prepare(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        let postgres = sql.dialect.name != "sqlite"
        if postgres {
            try await sql.raw("""
                CREATE TABLE feed_events (seq BIGSERIAL PRIMARY KEY, txid BIGINT NOT NULL, kind TEXT NOT NULL,
                source_id UUID NOT NULL, participation_id UUID NOT NULL, school_id UUID NOT NULL,
                municipality_id UUID NOT NULL, region_id UUID NOT NULL)
                """).run()
            try await sql.raw("""
                CREATE FUNCTION feed_append() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO feed_events (txid, kind, source_id, participation_id, school_id, municipality_id, region_id)
                  SELECT pg_current_xact_id()::text::bigint, TG_ARGV[0], NEW.id, NEW.participation_id, s.id,
                         s.municipality_id, s.region_id
                  FROM participations p JOIN schools s ON s.id = p.school_id WHERE p.id = NEW.participation_id;
                  RETURN NULL;
                END $$
                """).run()
            for (table, kind) in Self.sources {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_feed AFTER INSERT ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION feed_append('\(unsafeRaw: kind)')
                    """).run()
            }
        } else {
            try await sql.raw("""
                CREATE TABLE feed_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, txid INTEGER NOT NULL DEFAULT 0,
                kind TEXT NOT NULL, source_id BLOB NOT NULL, participation_id BLOB NOT NULL, school_id BLOB NOT NULL,
                municipality_id BLOB NOT NULL, region_id BLOB NOT NULL)
                """).run()
            for (table, kind) in Self.sources {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_feed AFTER INSERT ON \(unsafeRaw: table) BEGIN
                      INSERT INTO feed_events (kind, source_id, participation_id, school_id, municipality_id, region_id)
                      SELECT '\(unsafeRaw: kind)', NEW.id, NEW.participation_id, s.id, s.municipality_id, s.region_id
                      FROM participations p JOIN schools s ON s.id = p.school_id WHERE p.id = NEW.participation_id;
                    END
                    """).run()
            }
        }
        // Events written before the feed existed, oldest first.
        try await sql.raw("""
            INSERT INTO feed_events (txid, kind, source_id, participation_id, school_id, municipality_id, region_id)
            SELECT 0, e.kind, e.id, e.participation_id, s.id, s.municipality_id, s.region_id FROM (
              SELECT 'review' AS kind, id, participation_id, at AS at FROM review_events
              UNION ALL SELECT 'chat', id, participation_id, created_at FROM chat_messages) e
            JOIN participations p ON p.id = e.participation_id JOIN schools s ON s.id = p.school_id
            ORDER BY e.at, e.id
            """).run()
        for column in ["", "region_id", "municipality_id", "school_id"] {
            let index = sql.create(index: "feed_events_by_\(column.isEmpty ? "order" : column)").on("feed_events")
            _ = column.isEmpty ? index : index.column(column)
            try await index.column("txid").column("seq").run()
        }
    }

    static let sources = [("review_events", "review"), ("chat_messages", "chat")]

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        for (table, _) in Self.sources { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_feed\(unsafeRaw: sql.dialect.name == "sqlite" ? "" : " ON " + table)").run() }
        try await sql.raw("DROP TABLE feed_events").run()
        if sql.dialect.name != "sqlite" { try await sql.raw("DROP FUNCTION feed_append()").run() }
    }
}
