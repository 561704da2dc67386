import Foundation
import Fluent
import SQLKit
import MEDKCore

/// The built-in methodology: the 2021 cycle with seed 003's risk factors and seed 001's control dates.
struct M005_Methodology2021: AsyncMigration {
    func prepare(on db: Database) async throws {
        try await CycleQueries.install(.cycle2021, on: db)
    }

    func revert(on db: Database) async throws {
        guard let cycle = try await Cycle.query(on: db).filter(\.$year == 2021).first(), let id = cycle.id else { return }
        try await CycleControlDate.query(on: db).filter(\.$cycle.$id == id).delete()
        try await CycleRiskFactor.query(on: db).filter(\.$cycle.$id == id).delete()
        try await cycle.delete(on: db)
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
