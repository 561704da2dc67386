import Fluent

/// Several instances (issue 19): nothing one instance keeps in memory may be needed by another. A resumable upload,
/// once whole, is kept in the shared file store, so the form that names it may reach any instance; an API token's
/// rate-limit bucket lives in its row, so every instance takes from the same one.
struct M036_SharedAcrossInstances: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(UploadSession.schema).field("stored_sha256", .string).update()
        try await database.schema("api_tokens").field("bucket_level", .double).update()
        try await database.schema("api_tokens").field("bucket_at", .double).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(UploadSession.schema).deleteField("stored_sha256").update()
        try await database.schema("api_tokens").deleteField("bucket_level").deleteField("bucket_at").update()
    }
}
