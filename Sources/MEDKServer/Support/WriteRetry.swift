import Foundation
import Fluent
import SQLKit
import SQLiteNIO

extension Database {
    /// The one way a request writes: a transaction that takes the write lock at its first statement and is
    /// tried again when the database is busy.
    ///
    /// SQLite: Fluent's `BEGIN` is deferred, so two transactions that both read and then write deadlock and one of
    /// them fails with «database is locked» at once. Writing to `write_gate` first makes the transaction a writer
    /// from the start, and `busy_timeout` makes the next writer wait (asleep, not spinning) until the lock is free.
    /// PostgreSQL waits for row locks by itself.
    ///
    /// `idempotent`: the body reads what exists before it writes (an import), so when a unique index refuses
    /// its write because a parallel request wrote the same row first, one more try finds that row and
    /// changes nothing: two identical imports at once give the rows of one.
    func writeTransaction<T: Sendable>(idempotent: Bool = false,
                                       _ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        var delay: UInt64 = 2_000_000
        var conflicts = 0
        let deadline = Date().addingTimeInterval(Self.maxWriteWait)
        while true {
            do {
                return try await transaction { db in
                    if let sql = db as? SQLDatabase, sql.dialect.name == "sqlite" {
                        try await sql.raw("PRAGMA busy_timeout = 5000").run()
                        try await sql.raw("DELETE FROM write_gate WHERE 0").run()
                    }
                    return try await body(db)
                }
            } catch let error as SQLiteError where (error.reason == .busy || error.reason == .locked) && Date() < deadline {
                // In-memory SQLite (tests) reports a held lock at once instead of waiting for it.
                try await Task.sleep(nanoseconds: delay)
                delay = min(delay * 2, 100_000_000)
            } catch let error as DatabaseError where idempotent && error.isConstraintFailure && conflicts < 2 {
                conflicts += 1
            }
        }
    }

    /// How long a write keeps trying while others hold the lock (each try waits up to 5 s) before it gives up
    /// and the person is asked to try again (503, nothing written).
    static var maxWriteWait: TimeInterval { 30 }
}
