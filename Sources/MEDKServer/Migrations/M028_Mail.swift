import Fluent
import SQLKit

/// E-mail and reminders (issue 14): the outbox, each person's e-mail preferences, the background jobs' leases,
/// password-recovery links; notifications learn whether they wait for a digest and which reminder they are.
struct M028_Mail: AsyncMigration {
    func prepare(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { throw MigrationNeedsSQL() }
        // `digest` while it waits for the person's daily letter, `digested` once in one.
        try await database.schema(NotificationRecord.schema).field("mail_state", .string).update()
        // A reminder's idempotency key (kind, person, object, date): the job run twice writes it once.
        try await database.schema(NotificationRecord.schema).field("dedupe_key", .string).update()
        try await sql.create(index: "notifications_dedupe").unique().on(NotificationRecord.schema).column("dedupe_key").run()
        try await sql.create(index: "notifications_digest").on(NotificationRecord.schema).column("mail_state").column("user_id").run()

        try await database.schema(OutgoingMail.schema)
            .id()
            .field("user_id", .uuid)
            .field("notification_id", .uuid)
            .field("kind", .string, .required)
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("unsubscribe_url", .string, .required)
            .field("message_id", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("lease_until", .datetime)
            .field("last_result", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("dedupe_key", .string)
            .unique(on: "dedupe_key")
            .create()
        // The worker's question: what is due now.
        try await sql.create(index: "mail_outbox_due").on(OutgoingMail.schema).column("status").column("next_attempt_at").run()

        try await database.schema(MailPreference.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("kind", .string, .required)
            .field("mode", .string, .required)
            .unique(on: "user_id", "kind")
            .create()

        try await database.schema(JobRun.schema)
            .field("name", .string, .identifier(auto: false))
            .field("slot", .string, .required)
            .field("holder", .string, .required)
            .field("lease_until", .datetime)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .field("outcome", .string, .required)
            .field("detail", .string, .required)
            .create()

        try await database.schema(PasswordReset.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()

        // The days before a control date that its reminders go out, per cycle (editable with the dates; none: 7 and 1).
        try await database.schema(Cycle.schema).field("reminder_days", .string).update()
    }

    func revert(on database: Database) async throws {
        for schema in [PasswordReset.schema, JobRun.schema, MailPreference.schema, OutgoingMail.schema] {
            try await database.schema(schema).delete()
        }
        try await database.schema(Cycle.schema).deleteField("reminder_days").update()
        // SQLite drops no indexed column.
        guard let sql = database as? SQLDatabase else { return }
        try await sql.drop(index: "notifications_dedupe").run()
        try await sql.drop(index: "notifications_digest").run()
        try await database.schema(NotificationRecord.schema).deleteField("dedupe_key").update()
        try await database.schema(NotificationRecord.schema).deleteField("mail_state").update()
    }
}
