import Fluent
import Foundation
import Vapor

/// Stored bytes that no row refers to. A file is committed to the store before the transaction that records it,
/// so a transaction that then fails (a conflict, a crash, a full disk) leaves its bytes behind: nobody can reach
/// them (every download goes through a row), and this sweeper removes them once they are older than the grace
/// period, which is far longer than any upload's transaction.
enum OrphanFiles {
    static let grace: TimeInterval = 24 * 3600

    /// Removes unreferenced files last touched before `now - grace`; returns how many.
    @discardableResult
    static func sweep(_ store: FileStore, on db: Database, now: Date, grace: TimeInterval = grace) async throws -> Int {
        let candidates = try await store.files(untouchedSince: now.addingTimeInterval(-grace))
        var removed = 0
        for start in stride(from: 0, to: candidates.count, by: 500) {
            let chunk = Array(candidates[start..<min(start + 500, candidates.count)])
            let known = Set(try await StoredFile.query(on: db).filter(\.$id ~~ chunk).all().compactMap(\.id))
            for sha256 in chunk where !known.contains(sha256) {
                try await store.remove(sha256, ifUntouchedSince: now.addingTimeInterval(-grace))
                removed += 1
            }
        }
        return removed
    }
}

extension PeriodicTask {
    /// Orphaned files are looked for an hour after start, then every six hours.
    static func orphanFiles() -> PeriodicTask {
        PeriodicTask(name: "orphan files", firstAfter: .seconds(3_600), every: .seconds(6 * 3_600)) { app in
            // File times are the wall clock's, whatever the business clock says.
            let removed = try await OrphanFiles.sweep(app.fileStore, on: app.db, now: Date())
            if removed > 0 { app.logger.info("orphan files: removed \(removed)") }
        }
    }
}
