import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// Gusino with its self-assessment approved and direction 1 active: where a program starts.
private func gusinoWithDirection(_ app: Application) async throws -> School {
    let gusino = try await Demo.school(Demo.gusino, app)
    let cycle = try #require(try await CycleQueries.current(on: app.db, today: nil))
    let participation = try #require(try await SchoolQueries.participation(school: gusino.id!, cycle: cycle.id!, on: app.db))
    let curator = try await Demo.user("curator", app)
    try await DirectionRecord(participationID: participation.id!, factor: 1, at: testNow, by: curator.id!).create(on: app.db)
    return gusino
}

private let program: [String: String] = [
    "goal": "Повысить предметную и методическую компетентность учителей",
    "tasks": "Выявить дефициты\nОрганизовать курсы",
    "success": "Не менее 80 % учителей прошли курсы",
    "indicator-title-0": "Доля учителей, прошедших курсы", "indicator-unit-0": "%",
    "indicator-baseline-0": "12,5", "indicator-target-0": "80", "indicator-date-0": "20.12.2021",
    "measure-title-0": "Курсы повышения квалификации", "measure-starts-0": "01.04.2021", "measure-ends-0": "30.06.2021",
    "measure-responsible-0": "Петрова И. И.", "measure-result-0": "10 удостоверений",
    "measure-title-1": "Открытые уроки", "measure-starts-1": "01.09.2021", "measure-ends-1": "30.11.2021",
    "measure-responsible-1": "Сидоров П. П.", "measure-result-1": "6 уроков",
]

@Suite("A direction's program, its stages and monitorings")
struct ProgramPathTests {
    @Test func aProgramIsRefusedWithEveryWrongFieldNamedAndNothingIsSaved() async throws {
        try await withMEDK { app in
            let gusino = try await gusinoWithDirection(app)
            let path = "/schools/\(gusino.id!)/directions/1/program"
            let school = Browser(app)
            try await school.signIn("school")
            #expect(try await school.get(path).contains(Strings.Program.rowsHint))
            // Before any program exists, the direction, its print and export pages still open.
            #expect(try await school.get("/schools/\(gusino.id!)/directions/1").contains(Strings.Program.empty))
            #expect(try await school.get(path + "/print").status == .ok)
            #expect(try await school.get(path + "/xlsx").status == .ok)
            var wrong = program
            wrong["indicator-target-0"] = "восемьдесят"
            wrong["indicator-date-0"] = "20.12.2022"
            let refused = try await school.post(path, wrong)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains("«Целевое значение» в строке 1 показателей: должно быть числом"))
            #expect(refused.contains("«Срок достижения» в строке 1 показателей: дата должна быть в пределах цикла — с 01.01.2021 по 31.12.2021"))
            #expect(refused.contains("восемьдесят"), "what the school typed stays in the form")
            #expect(try await ProgramRecord.query(on: app.db).count() == 0)

            // A half-written draft is kept, but it cannot go to the curator until it is complete.
            try await school.get(path)
            #expect(try await school.post(path, ["goal": "Цель"]).status == .seeOther)
            try await school.get(path)
            let early = try await school.post(path + "/submit")
            #expect(early.status == .unprocessableEntity && early.contains(Strings.Program.incomplete))
            #expect(early.contains("«Задачи»: не заполнено") && early.contains("«Мероприятия» (нужно хотя бы одно): не заполнено"))
            #expect(try await ProgramRecord.query(on: app.db).first()?.state == .draft)

            // Strangers and other schools' staff never reach it; the curator cannot write it.
            let stranger = Browser(app)
            try await stranger.signIn("novikova")
            #expect(try await stranger.get(path).status == .notFound)
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await curator.get(path)
            #expect(try await curator.post(path, program).status == .notFound)
            #expect(try await school.get("/schools/\(gusino.id!)/directions/2/program").status == .notFound)
        }
    }

    @Test func aProgramIsApprovedThenItsStagesAreEvidencedByMeasureAndMonitoringShowsWhatWasReached() async throws {
        try await withMEDK { app in
            let gusino = try await gusinoWithDirection(app)
            let direction = "/schools/\(gusino.id!)/directions/1"
            let path = direction + "/program"
            let school = Browser(app), curator = Browser(app), municipal = Browser(app)
            try await school.signIn("school")
            try await curator.signIn("curator")
            try await municipal.signIn("municipal")

            try await school.get(path)
            #expect(try await school.post(path, program).status == .seeOther)
            let saved = try #require(try await ProgramRecord.query(on: app.db).first())
            let measureIDs = saved.program.measures.map(\.id)
            #expect(saved.program.indicators[0].baseline == 12.5 && measureIDs.count == 2)

            // Files may be attached to the program at any time; evidence of the stages waits for its approval.
            try await school.get(direction)
            let attachment = try await school.postMultipart(direction + "/stages/program", fields: ["title": "Программа (подписанная)"],
                                                            files: [("программа.pdf", Sample.pdf)], contentType: "application/octet-stream")
            #expect(attachment.status == .seeOther)
            #expect(try await school.get(direction).contains("Программа (подписанная)"))
            // Evidence waits for the approved program.
            try await school.get(direction)
            let early = try await school.postMultipart(direction + "/stages/stage1", fields: ["measure-\(measureIDs[0])": "on"],
                                                       files: [("курсы.pdf", Sample.pdf)], contentType: "application/octet-stream")
            #expect(early.status == .unprocessableEntity && early.contains(Strings.Direction.programNotApproved))

            try await school.get(path)
            #expect(try await school.post(path + "/submit").status == .seeOther)
            #expect(try await curator.get("/reviews").contains(Strings.Program.pageTitle(1)), "the curator's queue lists it")
            try await curator.get(path)
            #expect(try await curator.post(path + "/approve").status == .seeOther)
            #expect(try await ProgramRecord.query(on: app.db).first()?.state == .approved)
            // The coordinator reads it, printable and as XLSX, and cannot change it.
            #expect(try await municipal.get(path).contains("Курсы повышения квалификации"))
            #expect(try await municipal.get(path + "/print").contains("Доля учителей, прошедших курсы"))
            let xlsx = try await municipal.get(path + "/xlsx")
            #expect(xlsx.status == .ok)
            let sheet = try SheetReader.readXLSX(xlsx.data)
            #expect(sheet.contains { $0.first == "Доля учителей, прошедших курсы" && $0.contains("80") })
            #expect(try await municipal.post(path, program).status == .notFound)
            #expect(try await municipal.post(path + "/approve").status == .notFound)

            // Этап 1: a document must say which measures it evidences, and only measures of this program.
            try await school.get(direction)
            let noMeasure = try await school.postMultipart(direction + "/stages/stage1", fields: [:],
                                                           files: [("курсы.pdf", Sample.pdf)], contentType: "application/octet-stream")
            #expect(noMeasure.status == .unprocessableEntity && noMeasure.contains(Strings.Direction.chooseMeasures))
            try await school.get(direction)
            let foreign = try await school.postMultipart(direction + "/stages/stage1", fields: ["measure-чужое": "on"],
                                                         files: [("курсы.pdf", Sample.pdf)], contentType: "application/octet-stream")
            #expect(foreign.status == .unprocessableEntity && foreign.contains(Strings.Direction.unknownMeasure))
            #expect(try await Document.query(on: app.db).filter(\.$sectionCode == "stage1").count() == 0)
            try await school.get(direction)
            let uploaded = try await school.postMultipart(direction + "/stages/stage1", fields: ["measure-\(measureIDs[0])": "on",
                                                                                              "title": "Удостоверения о курсах"],
                                                          files: [("курсы.pdf", Sample.pdf)], contentType: "application/octet-stream")
            #expect(uploaded.status == .seeOther)
            let page = try await school.get(direction)
            #expect(page.contains("Удостоверения о курсах"))
            #expect(page.contains("\(Strings.Direction.measuresWithoutEvidence): Открытые уроки"))
            let evidence = try #require(try await Document.query(on: app.db).filter(\.$sectionCode == "stage1").first())
            #expect(try await DocumentMeasure.query(on: app.db).all().map(\.measureID) == [measureIDs[0]])
            let documentPath = "/documents/\(evidence.id!)"
            try await school.get(documentPath)
            #expect(try await school.post(documentPath + "/submit").status == .seeOther)
            try await curator.get(documentPath)
            #expect(try await curator.post(documentPath + "/approve").status == .seeOther)

            // Мониторинг 1: a value for every indicator, a number, then the curator's approval.
            let monitoring = "/schools/\(gusino.id!)/monitoring/1"
            let indicator = saved.program.indicators[0].id
            try await school.get(monitoring)
            let words = try await school.post(monitoring, ["reached-\(indicator)": "почти"])
            #expect(words.status == .unprocessableEntity && words.contains(Strings.MonitoringReports.fix))
            try await school.get(monitoring)
            #expect(try await school.post(monitoring, ["comment": "Курсы идут"]).status == .seeOther)
            try await school.get(monitoring)
            let incomplete = try await school.post(monitoring + "/submit")
            #expect(incomplete.status == .unprocessableEntity && incomplete.contains(Strings.MonitoringReports.incomplete))
            try await school.get(monitoring)
            #expect(try await school.post(monitoring, ["reached-\(indicator)": "45,5"]).status == .seeOther)
            try await school.get(monitoring)
            #expect(try await school.post(monitoring + "/submit").status == .seeOther)
            #expect(try await curator.get("/reviews").contains(Strings.MonitoringReports.reportTitle(1)))
            try await curator.get(monitoring)
            #expect(try await curator.post(monitoring + "/approve").status == .seeOther)

            let overview = try await municipal.get("/schools/\(gusino.id!)")
            #expect(overview.contains(Strings.MonitoringReports.progress))
            #expect(overview.contains("<td class=\"num\">12,5</td><td class=\"num\">80</td><td class=\"num\">45,5</td>"))
            for section in [RoadmapSection.directions, .programs, .stage1, .monitoring1] {
                #expect(overview.contains("\(Strings.Home.sectionTitle(section))</a></td><td><span class=\"status status-done\">"),
                        "\(section) is done")
            }
            #expect(try await municipal.get("/feed").contains(Strings.MonitoringReports.reportTitle(1)))
            // The coordinators' indicator «мониторинг 1 согласован» counts the approved report.
            let krasny = try await Demo.municipality("Краснинский район", app)
            let scope = try #require(try await DashboardScope.find(krasny.id!, on: app.db))
            let today = CalendarDate(testNow, in: TimeZone(identifier: "Europe/Moscow")!).iso
            let table = try await DashboardTests.table(app, scope, on: today)
            #expect(table.total.tallies[.monitoring1Approved]?.done == 1)
            #expect(table.total.tallies[.directionsActivated]?.done == 1)
        }
    }
}

@Suite("The original file of a risk profile")
struct ProfileFileTests {
    @Test func aCoordinatorAttachesTheOriginalProfileAndTheSchoolDownloadsIt() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let header = ["Код ОО"] + (1...10).map { "\($0)" } + ["Руководитель", "Педагоги", "Обучающиеся", "Родители"]
            let row = ["670001"] + Array(repeating: "низкая", count: 9) + ["высокая", "да", "да", "да", "да"]
            let csv = [header, row].map { $0.joined(separator: ";") }.joined(separator: "\r\n")
            let regional = Browser(app)
            try await regional.signIn("regional")
            try await regional.get("/import")
            // Old Excel saves CSV in Windows-1251: the words must still be read.
            let imported = try await regional.upload("/import/risk-profiles", fileName: "рпш.csv", data: try #require(windows1251(csv)))
            #expect(imported.contains(Strings.Import.done(created: 1, updated: 0, unchanged: 0)))
            #expect(try await RiskProfileRecord.query(on: app.db).first()?.significance.last == .high)

            let file = "/schools/\(gusino.id!)/risk-profile/file"
            #expect(try await regional.get("/schools/\(gusino.id!)/sections/diagnostics").contains(Strings.Profile.attach))
            let attached = try await regional.postMultipart(file, fields: [:], files: [("РПШ Гусинская.pdf", Sample.pdf)],
                                                            contentType: "application/octet-stream")
            #expect(attached.status == .seeOther)

            let school = Browser(app)
            try await school.signIn("school")
            let diagnostics = try await school.get("/schools/\(gusino.id!)/sections/diagnostics")
            #expect(diagnostics.contains("РПШ Гусинская.pdf") && !diagnostics.contains(Strings.Profile.attach))
            let download = try await school.get(file)
            #expect(download.status == .ok && download.data == Sample.pdf)
            #expect(try await school.postMultipart(file, fields: [:], files: [("x.pdf", Sample.pdf)], contentType: "application/octet-stream").status == .notFound)
            let merlino = try await Demo.school("МБОУ «Мерлинская школа» Краснинского района", app)
            #expect(try await regional.get("/schools/\(merlino.id!)/risk-profile/file").status == .notFound)
        }
    }
}
