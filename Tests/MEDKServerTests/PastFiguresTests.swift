import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// A figure as of a date may use only what was known on that date: the facts behind past figures cannot be moved
/// by a later correction or a date typed into a form.
@Suite("Past figures stay as they were")
struct PastFiguresTests {
    static let header = ["Код ОО"] + (1...10).map { "\($0)" } + ["Руководитель", "Педагоги", "Обучающиеся", "Родители"]

    static func profile(_ first: String) -> Data {
        let row = ["670001", first, "средняя", "низкая", "нет", "низкая", "высокая", "низкая", "низкая", "средняя", "низкая",
                   "да", "да", "да", "нет"]
        return Data([header, row].map { $0.joined(separator: ";") }.joined(separator: "\n").utf8)
    }

    /// Every page and export that takes a date, as the Smolensk coordinator and the Krasninsky one open them.
    static func datedPages(_ app: Application, plan: TerritoryRoadmapRecord, on day: String) async throws -> [String] {
        let krasny = try await Demo.municipality("Краснинский район", app)
        let cell = "indicator=concept_documents&territory=\(krasny.id!)&date=\(day)"
        return ["/dashboards?date=\(day)", "/dashboards/cell?\(cell)", "/dashboards/chart?date=\(day)",
                "/dashboards/curators?date=\(day)", "/dashboards/export/indicators.csv?date=\(day)",
                "/dashboards/export/cell.csv?\(cell)", "/dashboards/export/curators.csv?date=\(day)",
                "/dashboards/export/schools.csv?date=\(day)", "/territory-roadmaps/\(plan.id!)?date=\(day)",
                "/territories/\(krasny.id!)/roadmaps?date=\(day)"]
    }

    @Test func aPageAsOfADayReadsTheSameWhateverHappensAfterIt() async throws {
        try await withMEDK { app in
            let (municipal, plan) = try await TerritoryRoadmapTests.importPlan(app)
            let regional = Browser(app)
            try await regional.signIn("regional")
            var before: [String: String] = [:]
            for day in ["2021-03-01", "2021-03-10"] {
                for path in try await Self.datedPages(app, plan: plan, on: day) {
                    let page = try await regional.get(path)
                    #expect(page.status == .ok, "\(path)")
                    before[path] = page.figures
                }
            }

            // Two days later: the school submits, the curator returns it and logs a visit for 09.03,
            // the district marks an item done on 05.03.
            app.settings.clock.advance(by: 2 * 86_400)
            let (school, documents) = try await RoadmapTests.schoolUploads(app, [("Концепция.pdf", Sample.pdf)])
            let document = "/documents/\(try #require(documents.first).id!)"
            try await school.get(document)
            #expect(try await school.post(document + "/submit").status == .seeOther)
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await curator.get(document)
            #expect(try await curator.post(document + "/return", ["comment": "Добавьте показатели"]).status == .seeOther)
            let gusino = try await Demo.school(Demo.gusino, app)
            try await curator.get("/visits")
            #expect(try await curator.post("/visits", ["school": gusino.id!.uuidString, "visitedOn": "2021-03-09",
                                                       "format": "in_person", "purpose": "Консультация"]).status == .seeOther)
            let first = try await TerritoryRoadmapTests.item("1.1", of: plan, app)
            #expect(try await TerritoryRoadmapTests.markDone(municipal, first, on: "2021-03-05",
                                                             link: "https://krasniy.example.ru/p.pdf").status == .seeOther)

            for (path, body) in before {
                #expect(try await regional.get(path).figures == body, "\(path) changed after the day it shows")
            }
        }
    }

    @Test func aCorrectedRiskProfileKeepsTheDayTheQuestionnaireWasCompleted() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            gusino.code = "670001"
            try await gusino.save(on: app.db)
            let coordinator = Browser(app)
            try await coordinator.signIn("regional")
            try await coordinator.upload("/import/risk-profiles", fileName: "рпш.csv", data: Self.profile("высокая"))
            let first = try #require(try await RiskProfileRecord.query(on: app.db).first())
            let completedOn = first.importedAt
            let before = try await coordinator.get("/dashboards/export/indicators.csv?date=2021-03-10").body

            app.settings.clock.advance(by: 10 * 86_400)  // sessions last 14 days
            let corrected = try await coordinator.upload("/import/risk-profiles", fileName: "рпш.csv", data: Self.profile("низкая"))
            #expect(corrected.contains(Strings.Import.done(created: 0, updated: 1, unchanged: 0)))
            let after = try #require(try await RiskProfileRecord.query(on: app.db).first())
            #expect(after.significance.first == .low)
            #expect(after.importedAt == completedOn)
            #expect(try await coordinator.get("/dashboards/export/indicators.csv?date=2021-03-10").body == before)
        }
    }

    @Test func aVerificationDateIsNeitherInTheFutureNorBeforeTheCuratorBeganWithTheSchool() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let path = "/schools/\(gusino.id!)/verification"
            let curator = Browser(app)
            try await curator.signIn("curator")
            var form = ["verified": "on"]
            for group in 1...6 { form["confirmed-\(group)"] = "yes" }
            for (day, message) in [("11.03.2021", Strings.Verification.futureDate),
                                   ("14.02.2021", Strings.Verification.beforeAssignment("15.02.2021"))] {
                try await curator.get(path)
                form["verifiedOn"] = day
                let refused = try await curator.post(path, form)
                #expect(refused.status == .unprocessableEntity && refused.contains(message), "\(day)")
                #expect(try await VerificationRecord.query(on: app.db).count() == 0)
            }
            try await curator.get(path)
            form["verifiedOn"] = "15.02.2021"
            #expect(try await curator.post(path, form).status == .seeOther)
            #expect(try await VerificationRecord.query(on: app.db).first()?.verifiedOn == "2021-02-15")
        }
    }

    @Test func aVisitAndAPlanMarkAreDatedByTheRegionsCalendarNotMoscows() async throws {
        try await withMEDK { app in
            // 10.03.2021 18:30 UTC: 21:30 in Moscow, already 03:30 on 11.03 in Chita.
            app.settings.clock.advance(by: 8.5 * 3600)
            let kokuy = try await Demo.school(Demo.kokuy, app)
            let curator = Browser(app)
            try await curator.signIn("bogdanova")
            try await curator.get("/visits")
            let saved = try await curator.post("/visits", ["school": kokuy.id!.uuidString, "visitedOn": "2021-03-11",
                                                           "format": "in_person", "purpose": "Первичное посещение"])
            #expect(saved.status == .seeOther, "\(saved.body.prefix(2000))")
            #expect(try await VisitRecord.query(on: app.db).filter(\.$schoolID == kokuy.id!).first()?.countsFrom == "2021-03-11")

            let sretensk = try await Demo.municipality("Сретенский район", app)
            let roadmap = try #require(try await TerritoryRoadmapRecord.query(on: app.db)
                .filter(\.$municipality.$id == sretensk.id!).first())
            let item = try #require(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == roadmap.id!)
                .filter(\.$isHeading == false).first())
            let coordinator = Browser(app)
            try await coordinator.signIn("afanasyeva")
            try await coordinator.get("/territory-roadmap-items/\(item.id!)")
            let marked = try await coordinator.postMultipart("/territory-roadmap-items/\(item.id!)/done",
                                                             fields: ["doneOn": "2021-03-11", "link": "https://example.ru/prikaz"])
            #expect(marked.status == .seeOther, "\(marked.body.prefix(2000))")
            #expect(try await RoadmapItemMark.query(on: app.db).filter(\.$item.$id == item.id!).first()?.markedOn == "2021-03-11")
        }
    }
}
