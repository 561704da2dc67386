import Fluent
import Foundation
import MEDKCore
import SQLKit
import Testing
import Vapor
@testable import MEDKServer

/// `medk demo` opened on 30 November 2026: the seeds' 2021 is a closed archive and 2026 is a year under way, with a
/// history up to that day for every school but the two the README walks through.
@Suite("The living demo")
struct LivingDemoTests {
    /// 30.11.2026 09:00 UTC, late in the demo's current year.
    static let lateNovember2026: TimeInterval = 180_658_800

    /// What the generated year holds, table by table, with the documents by state.
    static func counts(_ app: Application) async throws -> [String: Int] {
        let sql = app.db as! SQLDatabase
        var counts: [String: Int] = [:]
        for table in ["schools", "participations", "users", "curator_assignments", "documents", "document_versions",
                      "review_events", "visits", "verifications", "directions", "risk_profiles", "seminar_marks",
                      "chat_messages", "territory_roadmaps", "territory_roadmap_marks", "inclusion_facts", "cycles", "practices",
                      "territory_acts"] {
            counts[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
        }
        for row in try await sql.raw("SELECT state, COUNT(*) AS n FROM documents GROUP BY state").all() {
            counts["documents " + (try row.decode(column: "state", as: String.self))] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    static func seedLivingYear(_ app: Application) async throws -> Cycle? {
        try await LivingYearDemo.seed(on: app.db, store: app.fileStore, threadPool: app.threadPool, now: app.settings.clock.now)
    }

    @Test func theDemoIsAYearUnderWayTheSameOnEveryRunAndNothingHappensAfterToday() async throws {
        var firstRun: [String: Int] = [:]
        try await withMEDK { app in
            // In the seeds' own year there is nothing to generate.
            #expect(try await Self.seedLivingYear(app) == nil)
            app.settings.clock.advance(by: Self.lateNovember2026)
            let now = app.settings.clock.now
            let cycle = try #require(try await Self.seedLivingYear(app))
            #expect(cycle.year == 2026 && cycle.status == .open && cycle.startsOn == "2026-01-01")
            #expect(try await CycleTests.cycle(2021, app).status == .closed)
            firstRun = try await Self.counts(app)
            #expect(firstRun["schools"]! > 200 && firstRun["documents approved"]! > 500)
            #expect(firstRun["documents submitted", default: 0] > 0 && firstRun["documents returned", default: 0] > 0)
            #expect(firstRun["territory_roadmap_marks"]! > 0 && firstRun["chat_messages"]! > 0)

            // The bank of best practices: a dozen published across regions and factors, one waiting for Smolensk's
            // coordinator, one returned; the Korenovsk and Sretensk orders on their public pages.
            let practices = try await Practice.query(on: app.db).all()
            let published = practices.filter(\.isPublished)
            #expect(published.count == 12 && Set(published.map(\.regionID)).count >= 3)
            #expect(practices.filter { $0.state == .submitted }.count == 1 && practices.filter { $0.state == .returned }.count == 1)
            #expect(Set(try await PracticeFactor.query(on: app.db).all().map(\.factorNumber)).count == 10)
            #expect(firstRun["territory_acts"] == 3)
            let waiting = Browser(app)
            try await waiting.signIn("regional")
            #expect(try await waiting.get("/practices").contains(Strings.Practices.waiting))
            let district = try await Demo.municipality("Кореновский район", app)
            #expect(try await Browser(app).get("/public/territories/\(district.id!)").contains("Приказ от 17.12.2020 № 579"))

            // The expertise: November's round of the archive published, this year's under way with the demo expert's
            // sheets partly sent and nothing accepted of them yet.
            try await DemoExpertise.seed(on: app.db, now: now)
            let rounds = try await ExpertiseRound.query(on: app.db).sort(\.$dueOn).all()
            #expect(rounds.map(\.title) == ["Экспертиза 15.11.2021", "Экспертиза 15.11.2026"])
            #expect(rounds.map(\.status) == [.published, .open])
            let archived = try await ExpertiseQueries.sheets(round: rounds[0].id!, on: app.db)
            #expect(!archived.isEmpty && archived.allSatisfy { $0.state == .approved } && archived.contains(where: \.isSecond))
            let expert = try await Demo.user("expert", app)
            let running = try await ExpertiseQueries.sheets(round: rounds[1].id!, on: app.db)
            let mine = running.filter { $0.expertID == expert.id }
            #expect(mine.contains { $0.state == .draft } && mine.contains { $0.state == .submitted })
            #expect(running.contains { $0.state == .approved })
            #expect(running.allSatisfy { $0.updatedAt <= now })
            let sheetCount = try await ExpertiseSheet.query(on: app.db).count()

            // Again, as `medk demo` on the next start: nothing is added.
            try await DemoData.seed(on: app.db, hasher: app.password.async)
            _ = try await Self.seedLivingYear(app)
            try await DemoExpertise.seed(on: app.db, now: now)
            #expect(try await Self.counts(app) == firstRun)
            #expect(try await ExpertiseSheet.query(on: app.db).count() == sheetCount)

            // Nothing is dated after the moment the demo was made.
            let sql = app.db as! SQLDatabase
            let latest = try await sql.raw("SELECT MAX(at) AS at FROM review_events").first()!.decode(column: "at", as: Date.self)
            #expect(latest <= now)
            let today = CalendarDate(now, in: InclusionFacts.defaultZone).iso
            let lastVisit = try await sql.raw("SELECT MAX(visited_on) AS day FROM visits").first()!.decode(column: "day", as: String.self)
            #expect(lastVisit <= today)

            // The walk-through's schools start the year with nothing done.
            for code in DemoData.walkThroughCodes {
                let school = try #require(try await School.query(on: app.db).filter(\.$code == code).first())
                let participation = try #require(try await SchoolQueries.participation(school: school.id!, cycle: cycle.id!, on: app.db))
                #expect(try await Document.query(on: app.db).filter(\.$participation.$id == participation.id!).count() == 0)
                #expect(try await RiskProfileRecord.query(on: app.db).filter(\.$participation.$id == participation.id!).count() == 0)
            }

            // The national table shows a year under way: figures between nothing and everything.
            let federal = Browser(app)
            try await federal.signIn("federal")
            let table = try await federal.get("/dashboards")
            #expect(table.contains("«500+» — 2026") && table.contains("Тверская область"))
            let percents = table.body.matches(of: /(\d+(?:,\d+)?) %/).compactMap { Double($0.output.1.replacingOccurrences(of: ",", with: ".")) }
            #expect(percents.contains { $0 > 0 && $0 < 100 }, "\(percents)")
            // The archive still opens as it was.
            let archive = try await federal.get("/dashboards?date=2021-03-10")
            #expect(archive.status == .ok && archive.contains("«500+» — 2021"))

            // Korenovsk's risk-factor monitoring has both years, so its changes show on first open.
            let korenovsk = Browser(app)
            try await korenovsk.signIn("korenovsk")
            let risks = try await korenovsk.get("/monitoring/risk-factors")
            #expect(risks.contains(Strings.RiskFactors.previous(2021)) && risks.contains("class=\"change\""))
            let lastYear = try await korenovsk.get("/monitoring/risk-factors?cycle=2021")
            let diagnosed = lastYear.body.matches(of: /column=high">(\d+)</).compactMap { Int($0.output.1) }
            #expect(diagnosed.reduce(0, +) > 0, "\(diagnosed)")
            // And two periods of each of seed 003's instrument monitorings, the later compared with the earlier.
            let runs = try await MonitoringRun.query(on: app.db).sort(\.$startsOn, .descending).all()
            #expect(runs.count == 2 * Instrument.builtIn.count)
            let latestResults = try #require(runs.first { $0.instrument?.id == Instrument.studentResults.id })
            let results = try await korenovsk.get("/monitoring/runs/\(latestResults.id!)")
            #expect(results.contains(Strings.Monitoring.comparedWith(runs.last { $0.instrument?.id == Instrument.studentResults.id }!)))
            #expect(results.contains(Strings.Monitoring.conclusionsTitle) && results.contains("улучшение:"))
            let latestTeachers = try #require(runs.first { $0.instrument?.id == Instrument.teacherCompetence.id })
            #expect(try await korenovsk.get("/monitoring/runs/\(latestTeachers.id!)").contains("не изменился —"))
        }
        // A second database on the same day gets the same year.
        try await withMEDK { app in
            app.settings.clock.advance(by: Self.lateNovember2026)
            _ = try await Self.seedLivingYear(app)
            #expect(try await Self.counts(app) == firstRun)
        }
    }
}
