import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// The federal coordinator prepares the programme's next year: 2022 copied from 2021 as a draft, a date
/// corrected, opened (current from 1 January 2022), and 2021 closed as an archive.
@Suite("Programme years")
struct CycleTests {
    typealias C = Strings.Cycles
    typealias R = Strings.Roadmap

    static func cycle(_ year: Int, _ app: Application) async throws -> Cycle {
        try #require(try await Cycle.query(on: app.db).filter(\.$year == year).first())
    }

    static func dates(of cycle: Cycle, _ app: Application) async throws -> [CycleControlDate] {
        try await CycleControlDate.query(on: app.db).filter(\.$cycle.$id == cycle.id!).sort(\.$dateText).sort(\.$event).all()
    }

    /// 2022 from 2021, as the form suggests it.
    static func copy2022(_ federal: Browser, _ app: Application, title: String = "Проект «500+», 2022 год") async throws -> Browser.Page {
        let source = try await cycle(2021, app)
        return try await federal.post("/cycles", ["year": "2022", "title": title, "source": source.id!.uuidString,
                                                  "startsOn": "2022-01-01", "endsOn": "2022-12-31"])
    }

    @Test func theNextYearIsAnExactCopyMovedByAYearAndEditingItLeavesTheSourceAlone() async throws {
        try await withMEDK { app in
            let federal = Browser(app)
            try await federal.signIn("federal")
            #expect(try await federal.post("/dashboards/visit-rule", ["formingWeeks": "2", "carryingWeeks": "6"]).status == .seeOther)
            let list = try await federal.get("/cycles")
            #expect(list.contains("value=\"2022\"") && list.contains(C.newTitle))
            let created = try await Self.copy2022(federal, app)
            #expect(created.status == .seeOther, "\(created.body.prefix(2000))")
            let source = try await Self.cycle(2021, app), copy = try await Self.cycle(2022, app)
            #expect(copy.status == .draft && copy.copiedFrom == source.id && copy.startsOn == "2022-01-01")
            #expect(try await CycleQueries.factors(of: copy.id!, on: app.db) == CycleQueries.factors(of: source.id!, on: app.db))
            let before = try await Self.dates(of: source, app), copied = try await Self.dates(of: copy, app)
            #expect(copied.count == before.count && !before.isEmpty)
            for (old, new) in zip(before, copied) {
                #expect(new.date == old.date?.shifted(years: 1))
                #expect(new.event == old.event && new.details == old.details && new.indicator == old.indicator && new.kind == old.kind)
            }
            let rule = try await VisitRules.rule(of: copy, on: app.db)
            #expect(rule.formingWeeks == 2 && rule.carryingWeeks == 6)

            // A date of the draft corrected: the copy changes, 2021 does not.
            let page = try await federal.get("/cycles/\(copy.id!)")
            #expect(page.contains(C.openCycle) && page.contains("type=\"date\""))
            let first = copied[0]
            let saved = try await federal.post("/cycles/\(copy.id!)/dates", ["d-\(first.id!)": "2022-01-20"])
            #expect(saved.status == .seeOther, "\(saved.body.prefix(2000))")
            #expect(try await CycleControlDate.find(first.id!, on: app.db)?.dateText == "2022-01-20")
            #expect(try await Self.dates(of: source, app).map(\.dateText) == before.map(\.dateText))
            // Outside the cycle's dates, or unreadable: refused, nothing written.
            let outside = try await federal.post("/cycles/\(copy.id!)/dates", ["d-\(first.id!)": "2021-12-31"])
            #expect(outside.status == .unprocessableEntity && outside.contains(HTMLText.escape(C.dateOutsideCycle(first.event, copy))))
            let unreadable = try await federal.post("/cycles/\(copy.id!)/dates", ["d-\(first.id!)": "31.02.2022"])
            #expect(unreadable.status == .unprocessableEntity && unreadable.contains(HTMLText.escape(C.badDate(first.event))))
            #expect(try await CycleControlDate.find(first.id!, on: app.db)?.dateText == "2022-01-20")
            let journal = try await AuditEvent.query(on: app.db).all().map(\.action)
            #expect(journal.contains("cycle_created") && journal.contains("cycle_changed"))
        }
    }

    @Test func badInputIsRefusedInRussianAndWritesNothing() async throws {
        try await withMEDK { app in
            let federal = Browser(app)
            try await federal.signIn("federal")
            try await federal.get("/cycles")
            let source = try await Self.cycle(2021, app).id!.uuidString
            func post(_ year: String, _ starts: String, _ ends: String, from: String? = nil) async throws -> Browser.Page {
                try await federal.post("/cycles", ["year": year, "title": "Цикл", "source": from ?? source, "startsOn": starts, "endsOn": ends])
            }
            let cases: [(Browser.Page, String)] = [
                (try await post("2021", "2021-01-01", "2021-12-31"), C.yearTaken(2021)),
                (try await post("99999999999999999999", "2022-01-01", "2022-12-31"), C.badYear),
                (try await post("2022", "2021-12-01", "2022-12-31"), C.datesOutsideYear(2022)),
                (try await post("2022", "2022-12-31", "2022-01-01"), C.endBeforeStart),
                (try await post("2022", "2022-01-01", "2022-12-31", from: UUID().uuidString), C.sourceRequired),
            ]
            for (page, message) in cases {
                #expect(page.status == .unprocessableEntity && page.contains(HTMLText.escape(message)), "\(message)")
            }
            #expect(try await Cycle.query(on: app.db).count() == 1)
            // A draft is not a source.
            #expect(try await Self.copy2022(federal, app).status == .seeOther)
            let draft = try await Self.cycle(2022, app).id!.uuidString
            let fromDraft = try await post("2023", "2023-01-01", "2023-12-31", from: draft)
            #expect(fromDraft.contains(HTMLText.escape(C.sourceIsDraft)))
            #expect(try await Cycle.query(on: app.db).count() == 2)
            // Only the federal coordinator and the admin keep the programme's years.
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.get("/cycles").status == .forbidden)
            #expect(try await regional.post("/cycles/\(draft)/open").status == .forbidden)
        }
    }

    @Test func anOpenedCycleIsCurrentFromItsStartAndAClosedOneIsAnArchive() async throws {
        try await withMEDK { app in
            let federal = Browser(app)
            try await federal.signIn("federal")
            try await federal.get("/cycles")
            #expect(try await Self.copy2022(federal, app).status == .seeOther)
            let copy = try await Self.cycle(2022, app), source = try await Self.cycle(2021, app)
            let today = app.settings.clock.now
            #expect(try await CycleQueries.current(on: app.db, today: CalendarDate(today, in: .gmt))?.year == 2021)
            #expect(try await federal.post("/cycles/\(copy.id!)/open").status == .seeOther)
            #expect(try await Self.cycle(2022, app).status == .open)
            // Opened in 2021, it is current from 1 January 2022; its dates are fixed from now on.
            #expect(try await CycleQueries.current(on: app.db, today: CalendarDate("2021-12-31")!)?.year == 2021)
            #expect(try await CycleQueries.current(on: app.db, today: CalendarDate("2022-01-01")!)?.year == 2022)
            let date = try #require(try await Self.dates(of: copy, app).first)
            let fixed = try await federal.post("/cycles/\(copy.id!)/dates", ["d-\(date.id!)": "2022-02-02"])
            #expect(fixed.status == .unprocessableEntity && fixed.contains(HTMLText.escape(C.notDraft)))
            #expect(try await federal.post("/cycles/\(copy.id!)/open").status == .conflict)
            // 2021 closed: it stays readable, and is no longer anyone's current year once 2022 is open.
            #expect(try await federal.post("/cycles/\(source.id!)/close").status == .seeOther)
            #expect(try await Self.cycle(2021, app).status == .closed)
            #expect(try await CycleQueries.current(on: app.db, today: CalendarDate("2021-06-01")!)?.year == 2022)
            #expect(try await federal.get("/cycles/\(source.id!)").contains(C.statusTitle(.closed)))
            #expect(try await federal.post("/cycles/\(source.id!)/close").status == .conflict)
            let journal = try await AuditEvent.query(on: app.db).all().map(\.action)
            #expect(journal.contains("cycle_opened") && journal.contains("cycle_closed"))
        }
    }

    /// 2021 closed: every page opens, and every change to its roadmaps is refused with the reason, writing nothing.
    @Test func aClosedYearIsAReadOnlyArchive() async throws {
        try await withMEDK { app in
            let (school, curator, documents, page) = try await RoadmapTests.submittedConcept(app)
            let federal = Browser(app)
            try await federal.signIn("federal")
            try await federal.get("/cycles")
            let year = try await Self.cycle(2021, app)
            #expect(try await federal.post("/cycles/\(year.id!)/close").status == .seeOther)
            let archived = HTMLText.escape(C.archived(try await Self.cycle(2021, app)))

            // The curator reads the document but can neither approve nor return it.
            let document = try await curator.get(page)
            #expect(document.status == .ok && !document.contains("Согласовать"))
            let approve = try await curator.post(page + "/approve")
            #expect(approve.status == .forbidden && approve.contains(archived))
            #expect(try await Document.find(documents[0].id!, on: app.db)?.state == .submitted)
            // The school can neither upload nor write in its chat.
            let concept = try await RoadmapTests.conceptPath(app)
            let section = try await school.get(concept)
            #expect(section.status == .ok && !section.contains("type=\"file\""))
            let upload = try await school.uploadDocuments(concept + "/documents", [("Ещё.pdf", Sample.pdf)])
            #expect(upload.status == .forbidden && upload.contains(archived))
            #expect(try await Document.query(on: app.db).count() == 1)
            let gusino = try await Demo.school(Demo.gusino, app)
            try await school.get("/schools/\(gusino.id!)/chat")
            let chat = try await school.post("/schools/\(gusino.id!)/chat", ["body": "Добрый день"])
            #expect(chat.status == .forbidden && chat.contains(archived))
            #expect(try await ChatMessage.query(on: app.db).count() == 0)
            // The self-assessment, a structured item, is closed too.
            let assessment = try await school.post("/schools/\(gusino.id!)/self-assessment", [:])
            #expect(assessment.status == .forbidden && assessment.contains(archived))
            // Nor can a coordinator mark the seminar or assign a curator in it.
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            try await municipal.get("/schools/\(gusino.id!)")
            let marks = try await SeminarMark.query(on: app.db).count()
            let seminar = try await municipal.post("/dashboards/seminar/\(gusino.id!)", ["attended": "yes"])
            #expect(seminar.status == .forbidden && seminar.contains(archived))
            #expect(try await SeminarMark.query(on: app.db).count() == marks)
            let assignments = try await CuratorAssignment.query(on: app.db).count()
            let pool = try await CuratorQueries.pool(region: gusino.$region.id, db: app.db)
            let assign = try await municipal.post("/schools/\(gusino.id!)/curators", ["curator": pool[0].id!.uuidString])
            #expect(assign.status == .forbidden && assign.contains(archived))
            #expect(try await CuratorAssignment.query(on: app.db).count() == assignments)
        }
    }

    /// The new year begins with the schools of the old one, region by region, with their curators.
    @Test func schoolsAndTheirCuratorsAreCarriedIntoTheNewYearByRegion() async throws {
        try await withMEDK { app in
            let federal = Browser(app)
            try await federal.signIn("federal")
            try await federal.get("/cycles")
            #expect(try await Self.copy2022(federal, app).status == .seeOther)
            let source = try await Self.cycle(2021, app), copy = try await Self.cycle(2022, app)
            let page = try await federal.get("/cycles/\(copy.id!)")
            #expect(page.contains(C.schoolCount(0)) && page.contains(C.carryTitle(source)))
            let smolensk = try #require(try await Region.query(on: app.db).filter(\.$name == "Смоленская область").first())
            let inSmolensk = try await Participation.query(on: app.db).filter(\.$cycle.$id == source.id!)
                .join(School.self, on: \Participation.$school.$id == \School.$id).filter(School.self, \.$region.$id == smolensk.id!).all()
            let curatorsBefore = try await CuratorAssignment.query(on: app.db).filter(\.$participation.$id ~~ inSmolensk.map { $0.id! })
                .filter(\.$endsOn == nil).count()
            #expect(!inSmolensk.isEmpty && curatorsBefore > 0)

            let none = try await federal.post("/cycles/\(copy.id!)/schools", ["curators": "on"])
            #expect(none.status == .unprocessableEntity && none.contains(HTMLText.escape(C.regionsRequired)))
            let carried = try await federal.post("/cycles/\(copy.id!)/schools", ["region-\(smolensk.id!)": "on", "curators": "on"])
            #expect(carried.status == .seeOther, "\(carried.body.prefix(2000))")
            let joined = try await Participation.query(on: app.db).filter(\.$cycle.$id == copy.id!).all()
            #expect(Set(joined.map(\.$school.id)) == Set(inSmolensk.map(\.$school.id)))
            #expect(joined.allSatisfy { $0.joinedOn == "2022-01-01" })
            let assignments = try await CuratorAssignment.query(on: app.db).filter(\.$participation.$id ~~ joined.map { $0.id! }).all()
            #expect(assignments.count == curatorsBefore && assignments.allSatisfy { $0.startsOn == "2022-01-01" })
            // Carried again: nothing twice.
            let again = try await federal.post("/cycles/\(copy.id!)/schools", ["region-\(smolensk.id!)": "on", "curators": "on"])
            #expect(again.status == .seeOther)
            #expect(try await Participation.query(on: app.db).filter(\.$cycle.$id == copy.id!).count() == joined.count)
            // From 2022 on, a carried school works in its 2022 roadmap; 2021's stays as it was.
            let school = inSmolensk[0].$school.id
            let roadmap = try #require(try await DocumentQueries.currentRoadmap(of: school, today: CalendarDate("2022-01-10")!, on: app.db))
            #expect(roadmap.cycle.year == 2021)
            #expect(try await federal.post("/cycles/\(copy.id!)/open").status == .seeOther)
            let next = try #require(try await DocumentQueries.currentRoadmap(of: school, today: CalendarDate("2022-01-10")!, on: app.db))
            #expect(next.cycle.year == 2022 && next.participationID != inSmolensk[0].id)
            // In 2022 its curator, assigned in both years, logs visits to each school once: in the year running.
            app.settings.clock.advance(by: 330 * 86_400)
            let curatorLogin = try #require(try await User.find(assignments[0].$curator.id, on: app.db)).login
            let curator = Browser(app)
            try await curator.signIn(curatorLogin)
            let visits = try await curator.get("/visits")
            let visited = try #require(try await CuratorAssignment.query(on: app.db).filter(\.$curator.$id == assignments[0].$curator.id)
                .with(\.$participation).all().first { $0.participation.$cycle.id == copy.id }?.participation.$school.id)
            #expect(visits.body.components(separatedBy: "value=\"\(visited)\"").count == 2, "\(visits.body.prefix(3000))")
        }
    }

    /// The 2021 national table as of 10.03.2021 reads the same before and after 2022 opens and a school acts in it:
    /// a page's year is the one running on its date.
    @Test func aPastYearsFiguresNeverChangeWhenTheNextOpensAndSchoolsActInIt() async throws {
        try await withMEDK { app in
            func table(_ page: Browser.Page) -> String {
                let body = page.body
                guard let start = body.range(of: "<table"), let end = body.range(of: "</table>", options: .backwards) else { return "" }
                return String(body[start.lowerBound..<end.upperBound])
            }
            let (_, old) = try await RoadmapTests.schoolUploads(app, [("Концепция 2021.pdf", Sample.pdf)])
            let federal = Browser(app)
            try await federal.signIn("federal")
            let before = table(try await federal.get("/dashboards?date=2021-03-10"))
            #expect(before.contains("Смоленская область"))
            try await federal.get("/cycles")
            #expect(try await Self.copy2022(federal, app).status == .seeOther)
            let copy = try await Self.cycle(2022, app)
            let regions = try await Region.query(on: app.db).all()
            try await federal.get("/cycles/\(copy.id!)")
            var carry = ["curators": "on"]
            for region in regions { carry["region-\(region.id!)"] = "on" }
            #expect(try await federal.post("/cycles/\(copy.id!)/schools", carry).status == .seeOther)
            #expect(try await federal.post("/cycles/\(copy.id!)/open").status == .seeOther)

            // February 2022: the school works in its 2022 roadmap.
            app.settings.clock.advance(by: 330 * 86_400)
            let school = Browser(app)
            try await school.signIn("school")
            let concept = try await RoadmapTests.conceptPath(app)
            try await school.get(concept)
            #expect(try await school.uploadDocuments(concept + "/documents", [("Концепция 2022.pdf", Sample.pdf)]).status == .seeOther)
            let document = try #require(try await Document.query(on: app.db).filter(\.$id != old[0].id!).first())
            #expect(try await Participation.find(document.$participation.id, on: app.db)?.$cycle.id == copy.id)
            try await school.get("/documents/\(document.id!)")
            #expect(try await school.post("/documents/\(document.id!)/submit").status == .seeOther)

            // Its home is 2022's, and 2021 is there as history, each document opening on its page.
            let home = try await school.get("/home")
            #expect(home.contains("id=\"other-years\""))
            let history = home.body.components(separatedBy: "id=\"other-years\"")[1]
            #expect(history.contains("2021") && history.contains("href=\"/documents/\(old[0].id!)\""))
            #expect(try await school.get("/documents/\(old[0].id!)").status == .ok)

            try await federal.signIn("federal")
            #expect(table(try await federal.get("/dashboards?date=2021-03-10")) == before)
            // Without a date the page shows the running year, with the years to choose from.
            let now = try await federal.get("/dashboards")
            #expect(now.contains("name=\"cycle\"") && now.contains("<option value=\"2022\" selected=\"selected\">"))
            // 2021 chosen in the form: shown as of its last day.
            let chosen = try await federal.get("/dashboards?shown=2022&cycle=2021&date=2022-02-04")
            #expect(chosen.contains("<option value=\"2021\" selected=\"selected\">") && chosen.contains("value=\"2021-12-31\""))

            // The feed lists the running year's moves by default and another year's when chosen; the link keeps it.
            let feed = try await federal.get("/feed")
            #expect(feed.contains(R.feedTitle(of: 2022)) && feed.contains("Концепция 2022") && !feed.contains("Концепция 2021"))
            let archive = try await federal.get("/feed?cycle=2021")
            #expect(archive.contains(R.feedTitle(of: 2021)) && archive.contains("Концепция 2021") && !archive.contains("Концепция 2022"))
            #expect(try await federal.get("/feed?cycle=99999999999999999999").status == .ok)

            // The school's page opens 2021 as it ended: its documents, no next step, a way back to the running year.
            let gusino = try await Demo.school("МБОУ «Гусинская СШ» Краснинского района", app).id!
            let past = try await federal.get("/schools/\(gusino)?cycle=2021")
            #expect(past.contains(C.pastYearNote(try await Self.cycle(2021, app))) && past.contains(C.openYear(2022)))
            let listed = past.body.components(separatedBy: "id=\"year-documents\"").last?.components(separatedBy: "</ul>").first ?? ""
            #expect(listed.contains("href=\"/documents/\(old[0].id!)\"") && !listed.contains("Концепция 2022"))
            #expect(!past.contains("id=\"next-step\""))
            let running = try await federal.get("/schools/\(gusino)?cycle=1999")
            #expect(running.status == .ok && running.contains(C.openYear(2021)) && !running.contains(C.toRunningYear))
        }
    }

    /// Schools named by code join the new year; a file with any wrong row includes none and says which row.
    @Test func schoolsJoinAYearFromAListOfCodesCheckedWhole() async throws {
        try await withMEDK { app in
            let federal = Browser(app)
            try await federal.signIn("federal")
            try await federal.get("/cycles")
            #expect(try await Self.copy2022(federal, app).status == .seeOther)
            let copy = try await Self.cycle(2022, app)
            let path = "/cycles/\(copy.id!)/import"
            try await federal.get("/cycles/\(copy.id!)")
            let wrong = try await federal.upload(path, fileName: "школы.csv", data: Data("Код ОО\n670001\n999999\n670001\n".utf8))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.contains(HTMLText.escape(Strings.Import.describe(.unknownSchool("999999")))))
            #expect(wrong.contains(HTMLText.escape(Strings.Import.describe(.duplicateInFile(otherRow: 2)))))
            #expect(try await Participation.query(on: app.db).filter(\.$cycle.$id == copy.id!).count() == 0)
            let empty = try await federal.upload(path, fileName: "пусто.csv", data: Data())
            #expect(empty.status == .unprocessableEntity && empty.contains(Strings.Import.noFile))

            let right = try await federal.upload(path, fileName: "школы.csv", data: Data("Код ОО\n670001\n670002\n".utf8))
            #expect(right.status == .seeOther, "\(right.body.prefix(2000))")
            let joined = try await Participation.query(on: app.db).filter(\.$cycle.$id == copy.id!).all()
            #expect(joined.count == 2 && joined.allSatisfy { $0.joinedOn == "2022-01-01" })
            let again = try await federal.upload(path, fileName: "школы.csv", data: Data("Код ОО\n670001\n670002\n".utf8))
            #expect(again.status == .seeOther)
            #expect(try await federal.get("/cycles/\(copy.id!)").contains(HTMLText.escape(C.included(0, present: 2))))
            #expect(try await Participation.query(on: app.db).filter(\.$cycle.$id == copy.id!).count() == 2)
        }
    }
}
