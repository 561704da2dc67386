import Fluent
import SQLKit

/// Notifications (issue 14): per person, newest first; the unread ones are counted on every page.
struct M027_Notifications: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(NotificationRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("kind", .string, .required)
            .field("summary", .string, .required)
            .field("detail", .string, .required)
            .field("actor_id", .uuid)
            .field("school_id", .uuid)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        // The bell's count and the list: a person's notifications by time, unread ones found without a scan.
        try await sql.create(index: "notifications_by_user").on(NotificationRecord.schema).column("user_id").column("created_at").run()
        try await sql.create(index: "notifications_unread").on(NotificationRecord.schema).column("user_id").column("read_at").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(NotificationRecord.schema).delete()
    }
}
