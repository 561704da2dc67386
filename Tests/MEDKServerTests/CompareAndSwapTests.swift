import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// Two people who opened the same submitted item act on the same revision: exactly one of them wins. These tests
/// drive the actions themselves, with two stale copies of the row, so the controllers' pre-checks cannot hide a
/// missing `WHERE revision = ?`.
@Suite("Of two moves on one revision exactly one wins")
struct CompareAndSwapTests {
    struct Story {
        let app: Application
        let participation: UUID
        let curator: Actor
        let coordinator: Actor

        static func gusino(_ app: Application) async throws -> Story {
            let school = try await Demo.school(Demo.gusino, app)
            let cycle = try #require(try await CycleQueries.current(on: app.db, today: nil))
            let participation = try #require(try await SchoolQueries.participation(school: school.id!, cycle: cycle.id!, on: app.db))
            let curator = try await Demo.user("curator", app)
            let municipal = try await Demo.user("municipal", app)
            return Story(app: app, participation: participation.id!,
                         curator: Actor(userID: curator.id!, role: .curator, scope: Place(region: school.$region.id),
                                        assignedSchools: [school.id!]),
                         coordinator: Actor(userID: municipal.id!, role: .municipal,
                                            scope: Place(region: school.$region.id, municipality: school.$municipality.id)))
        }

        func events(of item: UUID) async throws -> Int {
            try await ReviewEvent.query(on: app.db).filter(\.$itemID == item).count()
        }
    }

    /// Makes a submitted item of each structured kind in the participation.
    static func submitted<Item: StructuredItem>(_ item: Item, _ story: Story) async throws -> Item {
        item.startDraft(at: testNow)
        item.stateCode = ReviewState.submitted.rawValue
        item.submittedAt = testNow
        try await item.create(on: story.app.db)
        return item
    }

    static func fresh<Item: StructuredItem>(_ item: Item, _ app: Application) async throws -> Item {
        try #require(try await Item.find(item.requireID(), on: app.db))
    }

    /// Approve and return on the same stale revision: one wins, the other is a conflict and writes nothing;
    /// then the approved item is reopened by the curator (a move every structured item must allow).
    static func raceAndReopen<Item: StructuredItem>(_ item: Item, _ story: Story) async throws {
        let id = try item.requireID()
        let first = try await fresh(item, story.app), second = try await fresh(item, story.app)
        let before = try await story.events(of: id)
        try await StructuredItemActions.move(first, .approve, comment: "", seenRevision: nil, title: "t",
                                             by: story.curator, at: testNow, on: story.app.db)
        await #expect(throws: DocumentActions.Failure.conflict) {
            try await StructuredItemActions.move(second, .return, comment: "переделать", seenRevision: nil, title: "t",
                                                 by: story.curator, at: testNow, on: story.app.db)
        }
        let after = try await fresh(item, story.app)
        #expect(after.state == .approved && after.revision == item.revision + 1)
        #expect(try await story.events(of: id) == before + 1)

        try await StructuredItemActions.move(after, .reopen, comment: "нужно уточнить цели", seenRevision: after.revision,
                                             title: "t", by: story.curator, at: testNow, on: story.app.db)
        #expect(try await fresh(item, story.app).state == .returned)
        #expect(try await story.events(of: id) == before + 2)
    }

    @Test func aSelfAssessmentProgramAndMonitoringReportEachTakeOneOfTwoSimultaneousVerdicts() async throws {
        try await withMEDK { app in
            let story = try await Story.gusino(app)
            let assessment = SelfAssessmentRecord()
            assessment.$participation.id = story.participation
            assessment.entriesJSON = "[]"
            try await Self.raceAndReopen(try await Self.submitted(assessment, story), story)

            let direction = DirectionRecord(participationID: story.participation, factor: 1, at: testNow, by: story.coordinator.userID)
            try await direction.create(on: app.db)
            let program = ProgramRecord()
            program.$participation.id = story.participation
            program.$direction.id = direction.id!
            program.contentJSON = "{}"
            try await Self.raceAndReopen(try await Self.submitted(program, story), story)

            let report = MonitoringReportRecord()
            report.$participation.id = story.participation
            report.stage = 1
            report.contentJSON = "{}"
            try await Self.raceAndReopen(try await Self.submitted(report, story), story)
        }
    }

    @Test func aDocumentTakesOneOfTwoSimultaneousVerdicts() async throws {
        try await withMEDK { app in
            let story = try await Story.gusino(app)
            let school = try await Demo.school(Demo.gusino, app)
            let browser = Browser(app)
            try await browser.signIn("school")
            try await browser.uploadDocuments("/schools/\(school.id!)/sections/conceptDocuments/documents", [("приказ.pdf", Sample.pdf)])
            let document = try #require(try await Document.query(on: app.db).first())
            try await DocumentActions.move(document, .submit, comment: "", by: story.curator, at: testNow, on: app.db)

            let first = try #require(try await Document.find(document.id, on: app.db))
            let second = try #require(try await Document.find(document.id, on: app.db))
            let before = try await story.events(of: document.id!)
            try await DocumentActions.move(first, .return, comment: "нет подписи", by: story.curator, at: testNow, on: app.db)
            await #expect(throws: DocumentActions.Failure.conflict) {
                try await DocumentActions.move(second, .approve, comment: "", by: story.curator, at: testNow, on: app.db)
            }
            let after = try #require(try await Document.find(document.id, on: app.db))
            #expect(after.state == .returned && after.revision == first.revision + 1)
            #expect(try await story.events(of: document.id!) == before + 1)

        }
    }
}
