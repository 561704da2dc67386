import Fluent
import Foundation
import SQLKit
import Vapor

/// The statistics a database plans its queries from. SQLite gathers them only when asked: without them it read
/// all 10,000 participations of the cycle to find the four of one municipality (bench/dashboard_bench.py: the
/// municipal table took four times the regional one). PostgreSQL keeps them itself, but only some time after a
/// bulk load.
enum PlannerStatistics {
    /// SQLite: analyzes the tables never analyzed or whose size changed much since, within a small time limit
    /// (`PRAGMA optimize=0x10002`). PostgreSQL: `ANALYZE`, for use after bulk loads.
    static func refresh(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.raw(sql.dialect.name == "sqlite" ? "PRAGMA optimize=0x10002" : "ANALYZE").run()
    }
}

extension PeriodicTask {
    /// Runs `PlannerStatistics.refresh` on a SQLite file while the server runs, as SQLite advises for long-lived
    /// connections: a minute after start (a command that only migrates or seeds is over by then, and never
    /// competes with it for the write lock), then every hour.
    static func sqliteStatistics() -> PeriodicTask {
        PeriodicTask(name: "PRAGMA optimize", firstAfter: .seconds(60), every: .seconds(3_600)) { app in
            try await PlannerStatistics.refresh(on: app.db)
        }
    }
}
