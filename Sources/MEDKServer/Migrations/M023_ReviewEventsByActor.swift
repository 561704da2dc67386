import Fluent
import SQLKit

/// A curator's last activity is the latest review event it made: without an index by actor the curators'
/// work page read all of them (2.8 million at national scale) to find a municipality's four curators' latest.
struct M023_ReviewEventsByActor: AsyncMigration {
    static let index = "review_events_actor"

    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.create(index: Self.index).on(ReviewEvent.schema)
            .column(SQLList([SQLIdentifier("actor_id"), SQLIdentifier("at")])).run()
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.drop(index: Self.index).run()
    }
}
