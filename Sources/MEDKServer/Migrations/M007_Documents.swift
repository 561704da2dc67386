import Foundation
import Fluent
import SQLKit

struct M007_Documents: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(StoredFile.schema)
            .field("sha256", .string, .identifier(auto: false))
            .field("size", .int64, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema(Document.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("section", .string, .required)
            .field("direction_id", .uuid)
            .field("title", .string, .required)
            .field("state", .string, .required)
            .field("current_version", .int, .required)
            .field("returned_at_version", .int, .required)
            .field("revision", .int, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("submitted_at", .datetime)
            .create()
        try await db.schema(DocumentVersion.schema)
            .id()
            .field("document_id", .uuid, .required, .references(Document.schema, "id"))
            .field("number", .int, .required)
            .field("file_sha256", .string, .required, .references(StoredFile.schema, "sha256"))
            .field("file_name", .string, .required)
            .field("size", .int64, .required)
            .field("kind", .string, .required)
            .field("uploaded_by", .uuid, .required)
            .field("uploaded_at", .datetime, .required)
            .unique(on: "document_id", "number")
            .create()
        try await db.schema(ReviewEvent.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("item_type", .string, .required)
            .field("item_id", .uuid, .required)
            .field("item_title", .string, .required)
            .field("version", .int, .required)
            .field("kind", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("actor_id", .uuid, .required)
            .field("actor_role", .string, .required)
            .field("at", .datetime, .required)
            .field("comment", .string, .required)
            .create()
        try await db.schema(ChatMessage.schema)
            .id()
            .field("participation_id", .uuid, .required, .references(Participation.schema, "id"))
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("author_role", .string, .required)
            .field("body", .string, .required)
            .field("document_id", .uuid, .references(Document.schema, "id"))
            .field("seq", .int64, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "participation_id", "seq")
            .create()
        try await db.schema(ChatRead.schema)
            .id()
            .field("participation_id", .uuid, .required)
            .field("user_id", .uuid, .required)
            .field("last_seq", .int64, .required)
            .unique(on: "participation_id", "user_id")
            .create()
        guard let sql = db as? SQLDatabase else { return }
        for (name, table, columns) in [
            ("documents_participation", Document.schema, ["participation_id", "section"]),
            ("documents_state", Document.schema, ["state", "submitted_at"]),
            ("review_events_participation", ReviewEvent.schema, ["participation_id", "at"]),
            ("review_events_at", ReviewEvent.schema, ["at"]),
            ("review_events_item", ReviewEvent.schema, ["item_id"]),
        ] {
            try await sql.create(index: name).on(table).column(SQLList(columns.map { SQLIdentifier($0) })).run()
        }
    }

    func revert(on db: Database) async throws {
        for schema in [ChatRead.schema, ChatMessage.schema, ReviewEvent.schema, DocumentVersion.schema,
                       Document.schema, StoredFile.schema] {
            try await db.schema(schema).delete()
        }
    }
}
