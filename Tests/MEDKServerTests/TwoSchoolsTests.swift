import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// The demo's second school of the Krasninsky district (`merlino`) tries every write a school can make on the
/// objects of Гусинская СШ, through HTTP: each is refused as if the object did not exist, and nothing changes.
@Suite("One school cannot write into another school's roadmap")
struct TwoSchoolsTests {
    static func counts(_ app: Application) async throws -> [Int] {
        [try await Document.query(on: app.db).count(), try await DocumentVersion.query(on: app.db).count(),
         try await ReviewEvent.query(on: app.db).count(), try await ChatMessage.query(on: app.db).count(),
         try await SelfAssessmentRecord.query(on: app.db).count(), try await DirectionRecord.query(on: app.db).count(),
         try await ProgramRecord.query(on: app.db).count(), try await MonitoringReportRecord.query(on: app.db).count(),
         try await StoredFile.query(on: app.db).count()]
    }

    @Test func everyWriteOfSchoolAOnSchoolBsObjectsIsRefused() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let g = gusino.id!
            // Гусинская СШ has a draft document and a direction, so that only authorization can refuse.
            let owner = Browser(app)
            try await owner.signIn("school")
            try await owner.uploadDocuments("/schools/\(g)/sections/conceptDocuments/documents", [("приказ.pdf", Sample.pdf)])
            let document = try #require(try await Document.query(on: app.db).first()).id!
            let cycle = try #require(try await CycleQueries.current(on: app.db, today: nil))
            let participation = try #require(try await SchoolQueries.participation(school: g, cycle: cycle.id!, on: app.db))
            try await DirectionRecord(participationID: participation.id!, factor: 1, at: testNow,
                                      by: try await Demo.user("school", app).id!).create(on: app.db)

            let other = Browser(app)
            let home = try await other.signIn("merlino")
            #expect(home.status == .ok && home.contains("Мерлинская"))
            let before = try await Self.counts(app)
            let forms: [(String, [String: String])] = [
                ("/documents/\(document)/submit", [:]),
                ("/schools/\(g)/self-assessment", ["factor-1": "on"]),
                ("/schools/\(g)/self-assessment/submit", [:]),
                ("/schools/\(g)/directions", ["factor-1": "on"]),
                ("/schools/\(g)/directions/1/program", ["goal": "Цель"]),
                ("/schools/\(g)/directions/1/program/submit", [:]),
                ("/schools/\(g)/monitoring/1", [:]),
                ("/schools/\(g)/monitoring/1/submit", [:]),
                ("/schools/\(g)/chat", ["body": "Чужое сообщение"]),
            ]
            for (path, form) in forms {
                let answer = try await other.post(path, form)
                #expect(answer.status == .notFound, "\(path) → \(answer.status)")
            }
            let uploads = ["/schools/\(g)/sections/conceptDocuments/documents", "/documents/\(document)/versions",
                           "/schools/\(g)/directions/1/stages/stage1"]
            for path in uploads {
                let answer = try await other.uploadDocuments(path, [("чужой.pdf", Sample.pdf)])
                #expect(answer.status == .notFound, "\(path) → \(answer.status)")
            }
            #expect(try await Self.counts(app) == before)
            // And its own roadmap is its own.
            let merlino = try await Demo.school(Demo.merlino, app)
            #expect(try await other.uploadDocuments("/schools/\(merlino.id!)/sections/conceptDocuments/documents",
                                                    [("свой.pdf", Sample.pdf)]).status == .seeOther)
        }
    }
}
