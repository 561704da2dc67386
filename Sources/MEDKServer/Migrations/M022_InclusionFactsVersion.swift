import Foundation
import Fluent
import SQLKit

/// A single row that changes with every change of the rollup, so tables counted from it can be kept in
/// memory exactly as long as they are true. The epoch is new for each database, so a process that talks to
/// several (the tests do) never mistakes one database's version for another's.
struct M022_InclusionFactsVersion: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await db.schema(InclusionFacts.versionTable)
            .field("id", .int, .identifier(auto: false))
            .field("epoch", .uuid, .required)
            .field("version", .int64, .required)
            .create()
        guard let sql = db as? SQLDatabase else { return }
        try await sql.insert(into: InclusionFacts.versionTable)
            .columns("id", "epoch", "version")
            .values(SQLBind(1), SQLBind(UUID()), SQLBind(Int64(0)))
            .run()
    }

    func revert(on db: Database) async throws {
        try await db.schema(InclusionFacts.versionTable).delete()
    }
}
