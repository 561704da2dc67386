import Fluent
import Foundation
import MEDKCore
import SQLKit
import Testing
import Vapor
@testable import MEDKServer

/// A file reaches the store before the transaction that records it. When that transaction fails, nobody may see
/// the file, and the sweeper removes it after the grace period; files that rows refer to stay.
@Suite("Files whose rows were never written")
struct OrphanFilesTests {
    /// Makes every insert into `documents` fail, as a conflict or a full disk would, on either database.
    static func breakDocumentInserts(_ app: Application) async throws {
        let sql = app.db as! SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TRIGGER injected_failure BEFORE INSERT ON documents BEGIN SELECT RAISE(ABORT, 'injected'); END").run()
        } else {
            try await sql.raw("CREATE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected'; END $$ LANGUAGE plpgsql").run()
            try await sql.raw("CREATE TRIGGER injected_failure BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION injected_failure()").run()
        }
    }

    @Test func anUploadWhoseRowFailsLeavesNothingVisibleAndItsBytesAreSweptLater() async throws {
        try await withMEDK { app in
            let school = try await Demo.school(Demo.gusino, app)
            let section = "/schools/\(school.id!)/sections/conceptDocuments"
            let browser = Browser(app)
            try await browser.signIn("school")
            #expect(try await browser.uploadDocuments(section + "/documents", [("приказ.pdf", Sample.pdf)]).status == .seeOther)
            let kept = try #require(try await StoredFile.query(on: app.db).first()?.id)

            try await Self.breakDocumentInserts(app)
            let orphanBytes = Sample.pdf + Data("другой документ".utf8)
            let failed = try await browser.uploadDocuments(section + "/documents", [("сбой.pdf", orphanBytes)])
            #expect(failed.status.code >= 400)
            #expect(try await Document.query(on: app.db).count() == 1)
            #expect(try await StoredFile.query(on: app.db).count() == 1)
            let page = try await browser.get(section)
            #expect(!page.contains("сбой"))
            let orphans = try await app.fileStore.files(untouchedSince: Date().addingTimeInterval(60)).filter { $0 != kept }
            #expect(orphans.count == 1, "the bytes reached the store before the failed transaction")

            // Within the grace period nothing is removed; after it, only the orphan.
            #expect(try await OrphanFiles.sweep(app.fileStore, on: app.db, now: Date()) == 0)
            #expect(try await OrphanFiles.sweep(app.fileStore, on: app.db, now: Date().addingTimeInterval(OrphanFiles.grace + 60)) == 1)
            #expect(try await !app.fileStore.exists(orphans[0]))
            #expect(try await app.fileStore.exists(kept))
        }
    }
}
