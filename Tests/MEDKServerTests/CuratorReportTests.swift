import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// The curators' activity report (issue 15): the region's figures per curator for a payment's period, confirmed by
/// the regional coordinator as a version that later data never changes, and every region's status for the federal level.
@Suite("Curators' activity report")
struct CuratorReportTests {
    typealias C = Strings.CuratorReports

    static func smolensk(_ app: Application) async throws -> Region { try await Demo.region("Смоленская область", app) }

    static func firstPayment(_ app: Application) async throws -> CuratorReport {
        let cycle = try await DashboardTests.cycle(app)
        return try await CuratorReportQueries.gather(region: try await smolensk(app), cycle: cycle,
                                                     period: CuratorPayment.first.period(of: cycle), on: app.db)
    }

    static func row(_ report: CuratorReport, _ name: String = "Ермоловский Сергей Александрович") throws -> CuratorReportRow {
        try #require(report.rows.first { $0.name == name })
    }

    static func logVisit(_ curator: Browser, _ school: School, on day: String, format: VisitFormat) async throws {
        let page = try await curator.post("/visits", ["school": school.id!.uuidString, "visitedOn": day, "format": format.rawValue,
                                                      "purpose": "Методическая консультация"])
        #expect(page.status == .seeOther)
    }

    @Test func eachCuratorsRowCountsVisitsDecisionsAndMessagesOfThePeriod() async throws {
        try await withMEDK { app in
            let before = try Self.row(try await Self.firstPayment(app))
            let gusino = try await Demo.school(Demo.gusino, app)
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await Self.logVisit(curator, gusino, on: "2021-03-05", format: .inPerson)
            try await Self.logVisit(curator, gusino, on: "2021-03-09", format: .remote)
            _ = try await RoadmapTests.curatorDecides(app, "return", ["comment": "Добавьте показатели"])
            #expect(try await curator.post("/schools/\(gusino.id!)/chat", ["body": "Посмотрите замечания, пожалуйста"]).status == .seeOther)

            let after = try Self.row(try await Self.firstPayment(app))
            #expect(after.visitsInPerson == before.visitsInPerson + 1)
            #expect(after.visitsRemote == before.visitsRemote + 1)
            #expect(after.decided == before.decided + 1)
            #expect(after.returned == before.returned + 1)
            #expect(after.chatMessages == before.chatMessages + 1)
            #expect(after.schools >= 1 && after.medianDays != nil)
            // A visit after the period belongs to the final payment's report, not the first.
            app.settings.clock.advance(by: 120 * 86_400)
            try await curator.signIn("curator")
            try await Self.logVisit(curator, gusino, on: "2021-07-01", format: .inPerson)
            #expect(try Self.row(try await Self.firstPayment(app)).visitsInPerson == after.visitsInPerson)
        }
    }

    @Test func aReviewThatWaitedMoreThanFiveWorkingDaysIsCountedAsOverdue() async throws {
        try await withMEDK { app in
            let before = try Self.row(try await Self.firstPayment(app))
            let (school, documents) = try await RoadmapTests.schoolUploads(app, [("Концепция развития.pdf", Sample.pdf)])
            let page = "/documents/\(documents[0].id!)"
            #expect(try await school.post(page + "/submit").status == .seeOther)
            // Wednesday 10.03 → Monday 22.03: eight working days.
            app.settings.clock.advance(by: 12 * 86_400)
            let curator = Browser(app)
            try await curator.signIn("curator")
            #expect(try await curator.post(page + "/approve").status == .seeOther)
            let after = try Self.row(try await Self.firstPayment(app))
            #expect(after.decided == before.decided + 1)
            #expect(after.returned == before.returned)
            #expect(after.overdueReviews == before.overdueReviews + 1)
        }
    }

    @Test func theRegionalCoordinatorCannotConfirmAPeriodThatHasNotEnded() async throws {
        try await withMEDK { app in
            let region = try await Self.smolensk(app)
            let regional = Browser(app)
            try await regional.signIn("regional")
            let page = try await regional.get("/curator-reports/\(region.id!)?payment=first")
            #expect(page.status == .ok)
            #expect(page.contains(C.notEnded(CuratorPayment.first.period(of: try await DashboardTests.cycle(app)))))
            #expect(!page.contains(C.confirmFor(.first)))
            let refused = try await regional.post("/curator-reports/\(region.id!)/confirm", ["payment": "first"])
            #expect(refused.status == .seeOther)
            #expect(try await CuratorReportRecord.query(on: app.db).count() == 0)
            let unknown = try await regional.post("/curator-reports/\(region.id!)/confirm", ["payment": "third"])
            #expect(unknown.status == .seeOther)
            #expect(try await CuratorReportRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func aConfirmedReportStaysAsConfirmedWhenLaterVisitsAndReviewsArrive() async throws {
        try await withMEDK { app in
            let region = try await Self.smolensk(app)
            let gusino = try await Demo.school(Demo.gusino, app)
            app.settings.clock.advance(by: 102 * 86_400) // 20.06.2021: the first payment's period has ended
            let regional = Browser(app)
            try await regional.signIn("regional")
            let page = try await regional.get("/curator-reports/\(region.id!)?payment=first")
            #expect(page.contains(C.confirmFor(.first)))
            #expect(try await regional.post("/curator-reports/\(region.id!)/confirm", ["payment": "first"]).status == .seeOther)
            let first = try #require(try await CuratorReportRecord.query(on: app.db).first())
            #expect(first.version == 1 && first.periodFrom == "2021-01-01" && first.periodTo == "2021-06-15")
            let confirmed = try CuratorReportQueries.report(of: first)

            // Later: a visit of May entered late, and a decision.
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await Self.logVisit(curator, gusino, on: "2021-05-12", format: .inPerson)
            _ = try await RoadmapTests.curatorDecides(app, "approve")
            let live = try await Self.firstPayment(app)
            #expect(try Self.row(live).visitsInPerson == (try Self.row(confirmed).visitsInPerson) + 1)

            let stored = try #require(try await CuratorReportRecord.find(first.id, on: app.db))
            #expect(try CuratorReportQueries.report(of: stored) == confirmed)
            let download = try await regional.get("/curator-reports/versions/\(first.id!)/report.xlsx")
            #expect(download.status == .ok)
            let rows = try SheetReader.read(download.data)
            #expect(rows.contains { $0.first == "Ермоловский Сергей Александрович" })

            // Confirming again keeps version 1 and adds version 2 with the new figures.
            #expect(try await regional.post("/curator-reports/\(region.id!)/confirm", ["payment": "first"]).status == .seeOther)
            let versions = try await CuratorReportRecord.query(on: app.db).sort(\.$version).all()
            #expect(versions.map(\.version) == [1, 2])
            #expect(try CuratorReportQueries.report(of: versions[0]) == confirmed)
            #expect(try Self.row(CuratorReportQueries.report(of: versions[1])).visitsInPerson == (try Self.row(live).visitsInPerson))
            let after = try await regional.get("/curator-reports/\(region.id!)?payment=first")
            #expect(after.contains(C.version(2)) && after.contains(C.version(1)))
        }
    }

    @Test func eachCoordinatorSeesOnlyWhatItsScopeAllows() async throws {
        try await withMEDK { app in
            let smolensk = try await Self.smolensk(app), krasnodar = try await Demo.region("Краснодарский край", app)
            let other = User(login: "kuban", fullName: "Координатор Кубани", passwordHash: try await app.password.async.hash(DemoData.password))
            try await other.create(on: app.db)
            try await RoleGrant(userID: other.id!, role: .regional, place: Place(region: krasnodar.id!)).create(on: app.db)
            let kuban = Browser(app)
            try await kuban.signIn("kuban")
            #expect(try await kuban.get("/curator-reports/\(smolensk.id!)").status == .notFound)
            #expect(try await kuban.get("/curator-reports/\(smolensk.id!)/report.xlsx").status == .notFound)
            #expect(try await kuban.post("/curator-reports/\(smolensk.id!)/confirm", ["payment": "first"]).status == .notFound)
            #expect(try await kuban.get("/curator-reports/confirmed.xlsx?payment=first").status == .forbidden)
            let own = try await kuban.get("/curator-reports")
            #expect(own.status == .seeOther)

            for login in ["curator", "municipal", "school"] {
                let browser = Browser(app)
                try await browser.signIn(login)
                #expect(try await browser.get("/curator-reports").status == .forbidden)
                #expect(try await browser.get("/curator-reports/\(smolensk.id!)").status == .notFound)
            }
            // The federal coordinator reads every region but confirms none.
            app.settings.clock.advance(by: 102 * 86_400)
            let federal = Browser(app)
            try await federal.signIn("federal")
            #expect(try await federal.get("/curator-reports/\(krasnodar.id!)").status == .ok)
            #expect(try await federal.post("/curator-reports/\(smolensk.id!)/confirm", ["payment": "first"]).status == .notFound)
            #expect(try await CuratorReportRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func theFederalCoordinatorSeesEachRegionsConfirmationAndDownloadsThemInOneFile() async throws {
        try await withMEDK { app in
            let smolensk = try await Self.smolensk(app)
            app.settings.clock.advance(by: 102 * 86_400)
            let federal = Browser(app)
            try await federal.signIn("federal")
            let empty = try await federal.get("/curator-reports")
            #expect(empty.contains(C.notConfirmed) && empty.contains(C.regionsConfirmed(0, of: 3)))
            #expect(try await federal.get("/curator-reports/confirmed.xlsx?payment=first").status == .seeOther)

            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.post("/curator-reports/\(smolensk.id!)/confirm", ["payment": "first"]).status == .seeOther)
            let overview = try await federal.get("/curator-reports")
            #expect(overview.contains(C.regionsConfirmed(1, of: 3)) && overview.contains("подтверждён, версия 1"))
            let file = try await federal.get("/curator-reports/confirmed.xlsx?payment=first")
            #expect(file.status == .ok)
            let rows = try SheetReader.read(file.data)
            #expect(rows.first == CuratorReportViews.header)
            #expect(rows.last?.first == C.total)
        }
    }
}
