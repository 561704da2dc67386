import Foundation
import Fluent
import SQLiteNIO

extension Database {
    /// A transaction that is tried again when SQLite reports the database busy or locked by another
    /// connection (PostgreSQL waits for locks by itself). Each try starts from a fresh read.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) async throws -> T) async throws -> T {
        var delay: UInt64 = 2_000_000
        for attempt in 1...12 {
            do {
                return try await transaction(body)
            } catch let error as SQLiteError where (error.reason == .busy || error.reason == .locked) && attempt < 12 {
                try await Task.sleep(nanoseconds: delay)
                delay = min(delay * 2, 200_000_000)
            }
        }
        return try await transaction(body)
    }
}
