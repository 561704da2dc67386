import Foundation
import Fluent
import SQLKit

/// Programme years have a life (draft → open → closed) and their own dates. Cycles installed before were
/// worked in as soon as installed: they become open, spanning their calendar year.
struct M026_CycleLifecycle: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema(Cycle.schema).field("status", .string, .required, .sql(.default(CycleStatus.open.rawValue))).update()
        try await database.schema(Cycle.schema).field("starts_on", .string).update()
        try await database.schema(Cycle.schema).field("ends_on", .string).update()
        try await database.schema(Cycle.schema).field("copied_from", .uuid).update()
        guard let sql = database as? SQLDatabase else { return }
        for cycle in try await sql.select().column("id").column("year").from(Cycle.schema).all() {
            let id = try cycle.decode(column: "id", as: UUID.self), year = try cycle.decode(column: "year", as: Int.self)
            try await sql.update(Cycle.schema).set("starts_on", to: "\(year)-01-01").set("ends_on", to: "\(year)-12-31")
                .where("id", .equal, id).run()
        }
    }

    func revert(on database: Database) async throws {
        for field in ["status", "starts_on", "ends_on", "copied_from"] {
            try await database.schema(Cycle.schema).deleteField(.key(.string(field))).update()
        }
    }
}
