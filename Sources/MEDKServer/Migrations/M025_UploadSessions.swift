import Fluent

/// Resumable uploads: a session per file being sent in chunks. Its bytes live in a part file; the row says
/// whose it is, what it is called and how big it will be.
struct M025_UploadSessions: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(UploadSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("file_name", .string, .required)
            .field("size", .int64, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(UploadSession.schema).delete()
    }
}
