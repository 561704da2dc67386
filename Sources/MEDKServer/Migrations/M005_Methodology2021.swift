import Foundation
import Fluent
import SQLKit
import MEDKCore

/// The built-in methodology: the 2021 cycle with seed 003's risk factors and seed 001's control dates.
struct M005_Methodology2021: AsyncMigration {
    /// Written in the cycles table's columns of the time: the lifecycle columns come with M026, which makes this
    /// cycle open for its calendar year.
    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase,
              try await sql.select().column("id").from(Cycle.schema).where("year", .equal, Methodology.cycle2021.year).first() == nil
        else { return }
        let id = UUID()
        try await db.transaction { db in
            try await (db as! SQLDatabase).insert(into: Cycle.schema).columns("id", "year", "title")
                .values(SQLBind(id), SQLBind(Methodology.cycle2021.year), SQLBind(Methodology.cycle2021.title)).run()
            try await CycleQueries.installCatalogue(.cycle2021, in: id, on: db)
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase,
              let row = try await sql.select().column("id").from(Cycle.schema).where("year", .equal, 2021).first() else { return }
        let id = try row.decode(column: "id", as: UUID.self)
        try await CycleControlDate.query(on: db).filter(\.$cycle.$id == id).delete()
        try await CycleRiskFactor.query(on: db).filter(\.$cycle.$id == id).delete()
        try await sql.delete(from: Cycle.schema).where("id", .equal, id).run()
    }
}

/// Indexes for the lookups every page makes: scope filters and the session cookie.
struct M006_Indexes: AsyncMigration {
    private let indexes: [(name: String, table: String, columns: [String])] = [
        ("schools_municipality", School.schema, ["municipality_id"]),
        ("schools_region", School.schema, ["region_id"]),
        ("participations_cycle", Participation.schema, ["cycle_id"]),
        ("role_grants_user", RoleGrant.schema, ["user_id"]),
        ("curator_assignments_curator", CuratorAssignment.schema, ["curator_id"]),
        ("curator_assignments_participation", CuratorAssignment.schema, ["participation_id"]),
        ("audit_events_at", AuditEvent.schema, ["at"]),
    ]

    func prepare(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        for index in indexes {
            try await sql.create(index: index.name).on(index.table).column(SQLList(index.columns.map { SQLIdentifier($0) })).run()
        }
    }

    func revert(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        for index in indexes { try await sql.drop(index: index.name).run() }
    }
}
