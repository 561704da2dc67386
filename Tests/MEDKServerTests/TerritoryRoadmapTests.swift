import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// Territories' own plans-schedules (seeds 002, 003, 004): marks, the share done as of a day, import,
/// export, scope, and the public page.
@Suite("Territories' plans-schedules")
struct TerritoryRoadmapTests {
    typealias T = Strings.TerritoryRoadmaps

    static func roadmap(_ seed: TerritoryRoadmap, _ app: Application) async throws -> TerritoryRoadmapRecord {
        try #require(try await TerritoryRoadmapRecord.query(on: app.db).filter(\.$title == seed.title).first())
    }

    static func item(_ number: String, of roadmap: TerritoryRoadmapRecord, _ app: Application) async throws -> RoadmapItemRecord {
        try #require(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == roadmap.id!)
            .filter(\.$number == number).first())
    }

    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A small plan of the Krasninsky district: a heading, two dated items and a quarterly one.
    static let planCSV = """
        № п/п;Раздел;Мероприятие;Форма/документ;Сроки;Ответственные;Показатель/индикатор
        1;да;Организационные мероприятия;;;;
        1.1;;Назначить муниципального координатора;приказ;До 1 марта;управление образования;Координатор назначен
        1.2;;Провести установочный семинар для кураторов;семинар;15 марта 2021;МКУ ИМЦ;Семинар проведён
        1.3;;Отчёт о ходе реализации;отчёт;ежеквартально;МКУ ИМЦ;Отчёт размещён

        """

    /// Signs in the Krasninsky coordinator and imports the small plan; returns the browser and the plan.
    static func importPlan(_ app: Application, csv: String = planCSV) async throws -> (Browser, TerritoryRoadmapRecord) {
        let browser = Browser(app)
        try await browser.signIn("municipal")
        let krasny = try await Demo.municipality("Краснинский район", app)
        try await browser.get("/territories/\(krasny.id!)/roadmaps")
        let page = try await browser.postMultipart("/territories/\(krasny.id!)/roadmaps",
                                                   fields: ["title": "План-график проекта «500+» на 2021 год", "orderNumber": "15",
                                                            "orderDate": "2021-02-01", "cycleYear": "2021"],
                                                   files: [("план.csv", Data(csv.utf8))])
        #expect(page.status == .seeOther, "\(page.body.prefix(3000))")
        let roadmap = try #require(try await TerritoryRoadmapRecord.query(on: app.db)
            .filter(\.$title == "План-график проекта «500+» на 2021 год").first())
        return (browser, roadmap)
    }

    static func markDone(_ browser: Browser, _ item: RoadmapItemRecord, on day: String, link: String? = nil,
                         file: (String, Data)? = nil, comment: String = "") async throws -> Browser.Page {
        try await browser.get("/territory-roadmap-items/\(item.id!)")
        var fields = ["doneOn": day, "comment": comment]
        if let link { fields["link"] = link }
        return try await browser.postMultipart("/territory-roadmap-items/\(item.id!)/done", fields: fields,
                                               files: file.map { [$0] } ?? [], contentType: "application/octet-stream")
    }

    static func share(_ browser: Browser, _ roadmap: TerritoryRoadmapRecord, asOf day: String) async throws -> Browser.Page {
        try await browser.get("/territory-roadmaps/\(roadmap.id!)?date=\(day)")
    }

    // MARK: the demo plans

    @Test func theDemoHoldsTheThreeSeedPlansAttachedToTheirTerritories() async throws {
        try await withMEDK { app in
            for (seed, municipality) in [(TerritoryRoadmap.seed004Sretensk, "Сретенский район"),
                                         (.seed003Korenovsk, "Кореновский район"), (.seed002, "Краснинский район")] {
                let roadmap = try await Self.roadmap(seed, app)
                let owner = try await Demo.municipality(municipality, app)
                #expect(roadmap.$municipality.id == owner.id)
                let items = try await TerritoryRoadmapQueries.items(of: roadmap.id!, on: app.db)
                #expect(items.map { $0.item(cycleYear: roadmap.cycleYear) } == seed.items)
            }
            let sretensk = try await Self.roadmap(.seed004Sretensk, app)
            #expect(sretensk.orderNumber == "102-1" && sretensk.orderDate == "2022-03-04")
            let browser = Browser(app)
            try await browser.signIn("afanasyeva")
            let page = try await browser.get("/territory-roadmaps/\(sretensk.id!)")
            #expect(page.status == .ok)
            for column in ["№ п/п", "Мероприятие", "Сроки", "Показатель/индикатор", "Исполнение"] { #expect(page.contains(column)) }
            #expect(page.contains("анкетирование кураторов") && page.contains("утверждён приказом № 102-1 от 04.03.2022"))
        }
    }

    @Test func seed002KeepsItsThreeColumnsSideBySide() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let roadmap = try await Self.roadmap(.seed002, app)
            let page = try await browser.get("/territory-roadmaps/\(roadmap.id!)")
            #expect(page.contains("<th scope=\"col\">Муниципальный орган управления образованием</th>"))
            #expect(page.contains("<th scope=\"col\">Муниципальная методическая служба</th>"))
            #expect(page.contains("<th scope=\"col\">Школа, функционирующая в неблагоприятных условиях</th>"))
        }
    }

    // MARK: marks and the share done as of a day

    @Test func theShareDoneCountsItemsDueByTheDayAndDoneByIt() async throws {
        try await withMEDK { app in
            let (browser, roadmap) = try await Self.importPlan(app)
            let first = try await Self.item("1.1", of: roadmap, app), second = try await Self.item("1.2", of: roadmap, app)
            // 10.03.2021: item 1.1 (due 01.03) is done, 1.2 (due 15.03) is not due yet.
            let done = try await Self.markDone(browser, first, on: "2021-03-05", link: "https://krasniy.example.ru/prikaz-15.pdf",
                                               comment: "Приказ № 15")
            #expect(done.status == .seeOther, "\(done.body.prefix(2000))")
            #expect(try await Self.share(browser, roadmap, asOf: "2021-03-10")
                .contains(T.shareSentence(.init(done: 1, due: 1), asOf: Self.day("10.03.2021"))))
            // 20.03.2021: item 1.2 is done on that day, after its due date.
            app.settings.clock.advance(by: 10 * 86_400)
            #expect(try await Self.markDone(browser, second, on: "2021-03-20", file: ("фото семинара.png", Sample.png)).status == .seeOther)
            // As of 16.03 one item was done before the day and one after it: 1 of 2.
            let mid = try await Self.share(browser, roadmap, asOf: "2021-03-16")
            #expect(mid.contains(T.shareSentence(.init(done: 1, due: 2), asOf: Self.day("16.03.2021"))))
            #expect(mid.contains(T.overdueSentence(1)))
            #expect(try await Self.share(browser, roadmap, asOf: "2021-03-20")
                .contains(T.shareSentence(.init(done: 2, due: 2), asOf: Self.day("20.03.2021"))))
            // Before anything was due there is no share, not 0 %.
            #expect(try await Self.share(browser, roadmap, asOf: "2021-02-01")
                .contains(T.shareSentence(.init(done: 0, due: 0), asOf: Self.day("01.02.2021"))))
            // The quarterly item has no due date and never counts.
            let standing = try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: Self.day("31.12.2021"), on: app.db)
            #expect(standing.share == .init(done: 2, due: 2))
            // The evidence file comes back to those who may read the plan.
            let mark = try #require(try await RoadmapItemMark.query(on: app.db).filter(\.$item.$id == second.id!).first())
            let file = try await browser.get("/territory-roadmap-marks/\(mark.id!)/file")
            #expect(file.status == .ok && file.data == Sample.png)
        }
    }

    @Test func aLaterMarkDoesNotChangeTheFigureOfAPastDay() async throws {
        try await withMEDK { app in
            let (browser, roadmap) = try await Self.importPlan(app)
            let first = try await Self.item("1.1", of: roadmap, app)
            #expect(try await Self.markDone(browser, first, on: "2021-03-01", link: "https://example.ru/a").status == .seeOther)
            let asOf10 = T.shareSentence(.init(done: 1, due: 1), asOf: Self.day("10.03.2021"))
            #expect(try await Self.share(browser, roadmap, asOf: "2021-03-10").contains(asOf10))
            // Five days later the coordinator finds the order was cancelled and marks the item not done.
            app.settings.clock.advance(by: 5 * 86_400)
            try await browser.get("/territory-roadmap-items/\(first.id!)")
            let silent = try await browser.post("/territory-roadmap-items/\(first.id!)/not-done", ["reason": "  "])
            #expect(silent.status == .unprocessableEntity && silent.contains(T.reasonRequired))
            try await browser.get("/territory-roadmap-items/\(first.id!)")
            #expect(try await browser.post("/territory-roadmap-items/\(first.id!)/not-done",
                                           ["reason": "Приказ отменён, назначение повторяется"]).status == .seeOther)
            // The figure for 10.03 stays as it was reported; from 15.03 the new mark is in force (and 1.2 is due too).
            #expect(try await Self.share(browser, roadmap, asOf: "2021-03-10").contains(asOf10))
            #expect(try await Self.share(browser, roadmap, asOf: "2021-03-14")
                .contains(T.shareSentence(.init(done: 1, due: 1), asOf: Self.day("14.03.2021"))))
            #expect(try await Self.share(browser, roadmap, asOf: "2021-03-15")
                .contains(T.shareSentence(.init(done: 0, due: 2), asOf: Self.day("15.03.2021"))))
            // Both marks are kept, the latest first.
            let itemPage = try await browser.get("/territory-roadmap-items/\(first.id!)")
            #expect(itemPage.contains("Приказ отменён, назначение повторяется") && itemPage.contains("https://example.ru/a"))
            #expect(itemPage.contains("Аверьянова Ксения Александровна"))
            #expect(try await RoadmapItemMark.query(on: app.db).count() == 2)
        }
    }

    @Test func aDoneMarkNeedsADateNoLaterThanTodayAndEvidence() async throws {
        try await withMEDK { app in
            let (browser, roadmap) = try await Self.importPlan(app)
            let first = try await Self.item("1.1", of: roadmap, app)
            let heading = try await Self.item("1", of: roadmap, app)
            let cases: [(RoadmapItemRecord, [String: String], String)] = [
                (first, ["doneOn": "", "link": "https://example.ru"], T.doneOnRequired),
                (first, ["doneOn": "2021-04-01", "link": "https://example.ru"], T.doneOnInFuture),
                (first, ["doneOn": "2021-03-01"], T.evidenceRequired),
                (first, ["doneOn": "2021-03-01", "link": "javascript:alert(1)"], T.badLink),
                (heading, ["doneOn": "2021-03-01", "link": "https://example.ru"], T.headingCannotBeMarked),
            ]
            for (item, fields, message) in cases {
                try await browser.get("/territory-roadmap-items/\(item.id!)")
                let page = try await browser.postMultipart("/territory-roadmap-items/\(item.id!)/done", fields: fields, contentType: "application/octet-stream")
                #expect(page.status == .unprocessableEntity, "\(fields)")
                #expect(page.contains(message), "\(message)")
            }
            #expect(try await RoadmapItemMark.query(on: app.db).count() == 0)
            // A program as evidence is refused like any upload, and leaves nothing behind.
            let program = try await Self.markDone(browser, first, on: "2021-03-01", file: ("отчёт.pdf", Sample.elf))
            #expect(program.status == .unprocessableEntity)
            #expect(try await RoadmapItemMark.query(on: app.db).count() == 0)
            #expect(try await StoredFile.query(on: app.db).count() == 0)
        }
    }

    @Test func aPlanInChitaIsShownAsOfChitasDateNotMoscows() async throws {
        try await withMEDK { app in
            // 16:00 UTC on 10.03: already 11.03 in Chita, still 10.03 in Moscow.
            app.settings.clock.advance(by: 6 * 3600)
            let sretensk = try await Self.roadmap(.seed004Sretensk, app)
            let item = try await Self.item("1.1.3", of: sretensk, app)
            let browser = Browser(app)
            try await browser.signIn("afanasyeva")
            #expect(try await Self.markDone(browser, item, on: "2021-03-11", link: "https://sretensk.example.ru/a").status == .seeOther)
            let plan = try await browser.get("/territory-roadmaps/\(sretensk.id!)")
            #expect(plan.contains("11.03.2021") && plan.contains("выполнено 11.03.2021"))
        }
    }

    // MARK: scope

    @Test func aMunicipalCoordinatorNeitherSeesNorMarksAnotherMunicipalitysPlan() async throws {
        try await withMEDK { app in
            let sretensk = try await Self.roadmap(.seed004Sretensk, app)
            let item = try await Self.item("1.1.3", of: sretensk, app)
            let district = try await Demo.municipality("Сретенский район", app)
            let korenovsk = Browser(app)
            try await korenovsk.signIn("korenovsk")
            for path in ["/territories/\(district.id!)/roadmaps", "/territory-roadmaps/\(sretensk.id!)",
                         "/territory-roadmaps/\(sretensk.id!)/xlsx", "/territory-roadmap-items/\(item.id!)"] {
                let page = try await korenovsk.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(!page.contains("анкетирование кураторов"))
            }
            try await korenovsk.get("/plans")
            #expect(try await korenovsk.post("/territory-roadmap-items/\(item.id!)/not-done", ["reason": "чужой"]).status == .notFound)
            let done = try await korenovsk.postMultipart("/territory-roadmap-items/\(item.id!)/done",
                                                         fields: ["doneOn": "2021-03-01", "link": "https://example.ru"], contentType: "application/octet-stream")
            #expect(done.status == .notFound)
            #expect(try await RoadmapItemMark.query(on: app.db).count() == 0)
            // Its own entry point leads to its own district.
            let own = try await korenovsk.get("/plans")
            #expect(own.status == .seeOther)
            let ownDistrict = try await Demo.municipality("Кореновский район", app)
            #expect(own.location == "/territories/\(ownDistrict.id!)/roadmaps")
            // A school and a curator have no business here at all.
            for login in ["school", "curator"] {
                let other = Browser(app)
                try await other.signIn(login)
                #expect(try await other.get("/territory-roadmaps/\(sretensk.id!)").status == .notFound)
                #expect(try await other.get("/plans").status == .forbidden)
            }
        }
    }

    @Test func aRegionalCoordinatorReadsItsMunicipalitiesPlansButMarksOnlyItsOwn() async throws {
        try await withMEDK { app in
            let plan = try await Self.roadmap(.seed002, app)
            let item = try #require(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == plan.id!)
                .filter(\.$isHeading == false).first())
            let regional = Browser(app)
            try await regional.signIn("regional")
            let region = try await Demo.region("Смоленская область", app)
            let list = try await regional.get("/territories/\(region.id!)/roadmaps")
            #expect(list.contains(T.municipalPlans) && list.contains(plan.title))
            #expect(try await regional.get("/territory-roadmaps/\(plan.id!)").status == .ok)
            let itemPage = try await regional.get("/territory-roadmap-items/\(item.id!)")
            #expect(itemPage.status == .ok && !itemPage.contains(T.markDone))
            #expect(try await regional.post("/territory-roadmap-items/\(item.id!)/not-done", ["reason": "нет"]).status == .forbidden)
            #expect(try await RoadmapItemMark.query(on: app.db).count() == 0)
            // The federal coordinator reads every plan and marks none.
            let federal = Browser(app)
            try await federal.signIn("federal")
            #expect(try await federal.get("/plans").contains(plan.title))
            #expect(try await federal.get("/territory-roadmaps/\(plan.id!)").status == .ok)
            #expect(try await federal.post("/territory-roadmap-items/\(item.id!)/not-done", ["reason": "нет"]).status == .forbidden)
        }
    }

    // MARK: import and export

    @Test func aFileWithBadRowsIsRefusedWholeAndAReimportChangesNothing() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let krasny = try await Demo.municipality("Краснинский район", app)
            try await browser.get("/territories/\(krasny.id!)/roadmaps")
            let before = try await TerritoryRoadmapRecord.query(on: app.db).count()
            let bad = """
                № п/п;Раздел;Мероприятие;Сроки
                1;да;Организационные мероприятия;
                1.а;;Назначить координатора;До 1 марта
                2;может быть;Провести семинар;март
                3;;;апрель

                """
            let refused = try await browser.postMultipart("/territories/\(krasny.id!)/roadmaps",
                                                          fields: ["title": "Плохой план", "cycleYear": "2021"],
                                                          files: [("план.csv", Data(bad.utf8))])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains(Strings.Import.describe(.invalidValue("1.а", allowed: ["1", "1.1", "1.1.3"]))))
            #expect(refused.contains(Strings.Import.describe(.invalidValue("может быть", allowed: ["да", "нет"]))))
            #expect(refused.contains(Strings.Import.describe(.required)))
            #expect(try await TerritoryRoadmapRecord.query(on: app.db).count() == before)
            // Missing the action column altogether.
            let noAction = try await browser.postMultipart("/territories/\(krasny.id!)/roadmaps",
                                                           fields: ["title": "Без мероприятий", "cycleYear": "2021"],
                                                           files: [("план.csv", Data("№ п/п;Сроки\n1;март\n".utf8))])
            #expect(noAction.status == .unprocessableEntity && noAction.contains(Strings.Import.describe(.missingColumn)))
            // A form without a title or year says what to fill in.
            let noTitle = try await browser.postMultipart("/territories/\(krasny.id!)/roadmaps", fields: ["cycleYear": "21"],
                                                          files: [("план.csv", Data(Self.planCSV.utf8))])
            #expect(noTitle.contains(T.titleRequired) && noTitle.contains(T.badYear))
            #expect(try await TerritoryRoadmapRecord.query(on: app.db).count() == before)

            let (_, roadmap) = try await Self.importPlan(app)
            #expect(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == roadmap.id!).count() == 4)
            let second = try await browser.postMultipart("/territories/\(krasny.id!)/roadmaps",
                                                         fields: ["title": roadmap.title, "orderNumber": "15",
                                                                  "orderDate": "2021-02-01", "cycleYear": "2021"],
                                                         files: [("план.csv", Data(Self.planCSV.utf8))])
            #expect(second.status == .seeOther)
            #expect(try await browser.get(try #require(second.location, "\(second.body.prefix(3000))")).contains(Strings.Import.done(created: 0, updated: 0, unchanged: 4)))
            #expect(try await TerritoryRoadmapRecord.query(on: app.db).count() == before + 1)
            #expect(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == roadmap.id!).count() == 4)
            let item = try await Self.item("1.1", of: roadmap, app)
            #expect(item.due == Self.day("01.03.2021") && item.responsible == "управление образования")
        }
    }

    @Test func aReimportKeepsMarksAndRefusesToDropMarkedItems() async throws {
        try await withMEDK { app in
            let (browser, roadmap) = try await Self.importPlan(app)
            let third = try await Self.item("1.3", of: roadmap, app)
            #expect(try await Self.markDone(browser, third, on: "2021-03-01", link: "https://example.ru/q1").status == .seeOther)
            try await browser.get("/territory-roadmaps/\(roadmap.id!)")
            let shorter = Self.planCSV.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"
            let refused = try await browser.postMultipart("/territory-roadmaps/\(roadmap.id!)/import", fields: [:],
                                                          files: [("план.csv", Data(shorter.utf8))])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains(T.markedItemsMissing(["1.3"])))
            #expect(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == roadmap.id!).count() == 4)
            // A changed wording updates the item in place; its mark stays.
            let reworded = Self.planCSV.replacingOccurrences(of: "Отчёт о ходе реализации", with: "Отчёт о ходе реализации проекта")
            try await browser.get("/territory-roadmaps/\(roadmap.id!)")
            let updated = try await browser.postMultipart("/territory-roadmaps/\(roadmap.id!)/import", fields: [:],
                                                          files: [("план.csv", Data(reworded.utf8))])
            #expect(updated.status == .seeOther)
            #expect(try await browser.get(try #require(updated.location, "\(updated.body.prefix(3000))")).contains(Strings.Import.done(created: 0, updated: 1, unchanged: 3)))
            let kept = try await Self.item("1.3", of: roadmap, app)
            #expect(kept.id == third.id && kept.action == "Отчёт о ходе реализации проекта")
            #expect(try await RoadmapItemMark.query(on: app.db).filter(\.$item.$id == third.id!).count() == 1)
        }
    }

    @Test func theExportReadsBackAndImportsBackUnchanged() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("afanasyeva")
            let sretensk = try await Self.roadmap(.seed004Sretensk, app)
            let first = try await Self.item("1.1.1", of: sretensk, app)
            app.settings.clock.advance(by: 365 * 86_400)
            try await browser.signIn("afanasyeva")
            #expect(try await Self.markDone(browser, first, on: "2022-03-04", link: "https://sretensk.example.ru/102-1").status == .seeOther)
            let download = try await browser.get("/territory-roadmaps/\(sretensk.id!)/xlsx")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentType) == TerritoryRoadmapController.xlsx)
            let rows = try SheetReader.read(download.data)
            #expect(Array(rows[0].prefix(RoadmapImport.columns.count)) == RoadmapImport.columns.map(\.title))
            #expect(rows.count == TerritoryRoadmap.seed004Sretensk.items.count + 1)
            let row = try #require(rows.first { $0.first == "1.1.1" })
            #expect(row[2].hasPrefix("определение муниципального координатора проекта «500+»"))
            #expect(row.contains("выполнено 04.03.2022") && row.contains("https://sretensk.example.ru/102-1"))
            #expect(rows.first { $0.first == "1.1.2" }?.contains("просрочено") == true)
            // The exported file is the plan itself: importing it back changes nothing.
            try await browser.get("/territory-roadmaps/\(sretensk.id!)")
            let again = try await browser.postMultipart("/territory-roadmaps/\(sretensk.id!)/import", fields: [:],
                                                        files: [("Сретенск.xlsx", download.data)])
            #expect(again.status == .seeOther, "\(again.body.prefix(3000))")
            let count = TerritoryRoadmap.seed004Sretensk.items.count
            #expect(try await browser.get(try #require(again.location, "\(again.body.prefix(3000))")).contains(Strings.Import.done(created: 0, updated: 0, unchanged: count)))
        }
    }

    // MARK: the public page

    @Test func thePublicPageShowsPlansAndSharesWithoutSigningInAndNoNames() async throws {
        try await withMEDK { app in
            let coordinator = Browser(app)
            try await coordinator.signIn("afanasyeva")
            let sretensk = try await Self.roadmap(.seed004Sretensk, app)
            let item = try await Self.item("1.1.2", of: sretensk, app)
            #expect(try await Self.markDone(coordinator, item, on: "2021-03-01", link: "https://example.ru/x",
                                            comment: "Назначен куратор Иванов").status == .seeOther)
            let district = try await Demo.municipality("Сретенский район", app)
            let visitor = Browser(app)
            let page = try await visitor.get("/public/territories/\(district.id!)")
            #expect(page.status == .ok)
            #expect(page.contains(TerritoryRoadmap.seed004Sretensk.title) && page.contains("определение муниципального куратора"))
            #expect(page.contains(T.shareSentence(.init(done: 0, due: 0), asOf: Self.day("10.03.2021"))))
            #expect(page.contains(T.stateTitle(.done(on: Self.day("01.03.2021")))!))
            for personal in ["Афанасьева", "Назначен куратор Иванов", "https://example.ru/x", "Выйти"] {
                #expect(!page.contains(personal), "\(personal)")
            }
            #expect(try await visitor.get("/public/territories/\(UUID())").status == .notFound)
            // The region's public page lists its own plans only (it has none).
            let region = try await Demo.region("Забайкальский край", app)
            #expect(try await visitor.get("/public/territories/\(region.id!)").contains(T.noPlans))
        }
    }
}
