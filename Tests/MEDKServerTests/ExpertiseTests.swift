import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// The federal expertise (issue 15): a reproducible stratified sample, experts assigned away from their region,
/// score sheets on the review state machine, and results that nobody but the federal coordinator and the sheet's
/// expert sees before publication.
@Suite("Federal expertise")
struct ExpertiseServerTests {
    typealias E = Strings.Expertise

    static func round(_ app: Application) async throws -> ExpertiseRound {
        try #require(try await ExpertiseRound.query(on: app.db).first())
    }

    /// The federal coordinator, signed in, with a round «Экспертиза 28.06.2021» created.
    static func federalWithRound(_ app: Application) async throws -> (Browser, ExpertiseRound) {
        let federal = Browser(app)
        try await federal.signIn("federal")
        let created = try await federal.post("/expertise", ["title": "Экспертиза 28.06.2021", "dueOn": "2021-06-28"])
        #expect(created.status == .seeOther)
        return (federal, try await round(app))
    }

    static func draw(_ federal: Browser, _ round: ExpertiseRound, kind: String = "percent", value: String = "50",
                     seed: String = "20210628") async throws -> Browser.Page {
        try await federal.post("/expertise/\(round.id!)/sample", ["kind": kind, "value": value, "seed": seed])
    }

    static func addExpert(_ app: Application, _ login: String, _ name: String, region: Region? = nil) async throws -> User {
        let user = User(login: login, fullName: name, passwordHash: try await app.password.async.hash(DemoData.password))
        try await user.create(on: app.db)
        try await RoleGrant(userID: user.id!, role: .expert, place: .country).create(on: app.db)
        if let region { try await RoleGrant(userID: user.id!, role: .curator, place: Place(region: region.id!)).create(on: app.db) }
        return user
    }

    static let fullMarks: [String: String] = {
        var form = ["conclusion": "Управленческий цикл выстроен полностью."]
        for criterion in Rubric.managementCycle { form["score-\(criterion.key)"] = "2" }
        return form
    }()

    @Test func theFederalCoordinatorDrawsAStratifiedSampleThatTheSeedReproduces() async throws {
        try await withMEDK { app in
            let (federal, round) = try await Self.federalWithRound(app)
            #expect(try await Self.draw(federal, round).status == .seeOther)
            let sample = try await ExpertiseQueries.sample(round.id!, on: app.db)
            // 50 % of 9 Smolensk schools → 5; of 3 in each other region → 2.
            #expect(sample.count == 9)
            let population = try await ExpertiseQueries.population(cycle: round.cycleID, on: app.db)
            let again = try ExpertiseSampling.draw(population.reversed(), rule: .percent(50), seed: 20_210_628)
            #expect(Set(again.values.flatMap { $0 }) == Set(sample.map(\.participationID)))
            let page = try await federal.get("/expertise/\(round.id!)")
            #expect(page.contains("Номер выборки: 20210628") && page.contains("50 % от 9 → 5"))

            // A second draw changes nothing, even with another seed.
            let second = try await Self.draw(federal, round, seed: "7")
            #expect(second.status == .unprocessableEntity && second.contains(E.alreadyDrawn))
            #expect(try await ExpertiseSampleEvent.query(on: app.db).count() == 9)
        }
    }

    @Test func aSampleLargerThanARegionOrANonsenseSeedIsRefusedWithNothingWritten() async throws {
        try await withMEDK { app in
            let (federal, round) = try await Self.federalWithRound(app)
            let tooMany = try await Self.draw(federal, round, kind: "perRegion", value: "5")
            #expect(tooMany.status == .unprocessableEntity)
            #expect(tooMany.contains("выбрать 5 нельзя"))
            #expect(try await Self.draw(federal, round, value: "101").status == .unprocessableEntity)
            #expect(try await Self.draw(federal, round, seed: "0").status == .unprocessableEntity)
            #expect(try await Self.draw(federal, round, seed: "99999999999999999999999").status == .unprocessableEntity)
            #expect(try await ExpertiseSampleEvent.query(on: app.db).count() == 0)
            #expect(try await Self.round(app).seed == nil)
        }
    }

    @Test func aSchoolIsAddedOrRemovedByHandOnlyWithAReasonAndTheChangeIsKept() async throws {
        try await withMEDK { app in
            let (federal, round) = try await Self.federalWithRound(app)
            #expect(try await Self.draw(federal, round, kind: "perRegion", value: "1").status == .seeOther)
            let before = try await ExpertiseQueries.sample(round.id!, on: app.db)
            let outside = try #require(try await School.query(on: app.db).filter(\.$code == "670001").first())
            let noReason = try await federal.post("/expertise/\(round.id!)/sample/change", ["school": "670001", "action": "add", "reason": " "])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(E.reasonRequired))
            let added = try await federal.post("/expertise/\(round.id!)/sample/change",
                                               ["school": outside.code!, "action": "add", "reason": "Запрос региона"])
            let inSample = try await ExpertiseQueries.sample(round.id!, on: app.db)
            if before.count == inSample.count {
                // The draw had already taken it: adding again is refused.
                #expect(added.status == .unprocessableEntity)
            } else {
                #expect(added.status == .seeOther && inSample.count == before.count + 1)
            }
            let removed = try await federal.post("/expertise/\(round.id!)/sample/change",
                                                 ["school": outside.fullName, "action": "remove", "reason": "Школа реорганизована"])
            #expect(removed.status == .seeOther)
            #expect(try await ExpertiseQueries.sample(round.id!, on: app.db).count == inSample.count - 1)
            let page = try await federal.get("/expertise/\(round.id!)")
            #expect(page.contains("Школа реорганизована"))
            let unknown = try await federal.post("/expertise/\(round.id!)/sample/change", ["school": "нет такой", "action": "add", "reason": "x"])
            #expect(unknown.status == .unprocessableEntity && unknown.contains(E.schoolNotFound))
        }
    }

    @Test func expertsAreSpreadEvenlyAndKeptAwayFromTheirOwnRegion() async throws {
        try await withMEDK { app in
            let smolensk = try await Demo.region("Смоленская область", app)
            let local = try await Self.addExpert(app, "local", "Эксперт из Смоленска", region: smolensk)
            _ = try await Self.addExpert(app, "second", "Второй эксперт")
            let (federal, round) = try await Self.federalWithRound(app)
            #expect(try await Self.draw(federal, round, value: "40").status == .seeOther)
            let sample = try await ExpertiseQueries.sample(round.id!, on: app.db)
            let tooFew = try await federal.post("/expertise/\(round.id!)/assign", ["limit": "1", "secondShare": "0"])
            #expect(tooFew.status == .unprocessableEntity && tooFew.contains("Не хватает экспертов"))
            #expect(try await ExpertiseSheet.query(on: app.db).count() == 0)

            #expect(try await federal.post("/expertise/\(round.id!)/assign", ["limit": "10", "secondShare": "20"]).status == .seeOther)
            let sheets = try await ExpertiseSheet.query(on: app.db).all()
            let firsts = sheets.filter { !$0.isSecond }
            #expect(firsts.count == sample.count)
            #expect(sheets.count == sample.count + Int((Double(sample.count) * 0.2).rounded()))
            // The Smolensk expert takes no Smolensk school while the others have room.
            #expect(!sheets.contains { $0.expertID == local.id && $0.regionID == smolensk.id })
            // The experts without a region (the demo's two and «second») share the rest evenly.
            let loads = Dictionary(grouping: sheets.filter { $0.expertID != local.id }, by: \.expertID).mapValues(\.count).values
            #expect(loads.count == 3 && loads.max()! - loads.min()! <= 1)
            #expect(try await federal.post("/expertise/\(round.id!)/assign", ["limit": "10", "secondShare": "20"]).status
                == .unprocessableEntity)
        }
    }

    @Test func anExpertScoresItsSchoolTheFederalCoordinatorReturnsAcceptsAndPublishes() async throws {
        try await withMEDK { app in
            let (federal, round) = try await Self.federalWithRound(app)
            #expect(try await Self.draw(federal, round, kind: "perRegion", value: "1").status == .seeOther)
            #expect(try await federal.post("/expertise/\(round.id!)/assign", ["limit": "10", "secondShare": "0"]).status == .seeOther)
            let expert = Browser(app)
            try await expert.signIn("expert")
            let home = try await expert.get("/home")
            #expect(home.status == .ok && home.contains(E.myAssignments))
            let list = try await expert.get("/expertise")
            #expect(list.contains("Экспертиза 28.06.2021"))
            let sheets = try await ExpertiseSheet.query(on: app.db).all()
            #expect(sheets.count == 3)
            let me = try await Demo.user("expert", app)
            let sheet = try #require(sheets.first { $0.expertID == me.id })
            // Another expert's sheet is not this expert's to read.
            let others = try #require(sheets.first { $0.expertID != me.id })
            #expect(try await expert.get("/expertise/sheets/\(others.id!)").status == .notFound)
            let school = try #require(try await School.find(sheet.schoolID, on: app.db))

            // Read-only: the school's roadmap yes, its chat no, another school no.
            #expect(try await expert.get("/schools/\(school.id!)").status == .ok)
            #expect(try await expert.get("/schools/\(school.id!)/chat").status == .notFound)
            let other = try #require(try await School.query(on: app.db).all().first { school in
                !sheets.contains { $0.schoolID == school.id && $0.expertID == me.id }
            })
            #expect(try await expert.get("/schools/\(other.id!)").status == .notFound)
            let page = try await expert.get("/expertise/sheets/\(sheet.id!)")
            #expect(page.status == .ok && page.contains(E.materials))

            // Bad scores write nothing.
            var bad = Self.fullMarks
            bad["score-goals"] = "5"
            let offScale = try await expert.post("/expertise/sheets/\(sheet.id!)", bad)
            #expect(offScale.status == .unprocessableEntity && offScale.contains("вне шкалы"))
            var low = Self.fullMarks
            low["score-analysis"] = "1"
            low["action"] = "submit"
            let noComment = try await expert.post("/expertise/sheets/\(sheet.id!)", low)
            #expect(noComment.status == .unprocessableEntity && noComment.contains("напишите комментарий"))
            #expect(try await ExpertiseSheetVersion.query(on: app.db).count() == 0)

            low["comment-analysis"] = "Анализ результатов мониторинга формальный"
            #expect(try await expert.post("/expertise/sheets/\(sheet.id!)", low).status == .seeOther)
            #expect(try await ExpertiseSheet.find(sheet.id, on: app.db)?.state == .submitted)

            // Before publication the sheet is the expert's and the federal coordinator's only.
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.get("/expertise/sheets/\(sheet.id!)").status == .notFound)
            let schoolBrowser = Browser(app)
            try await schoolBrowser.signIn("school")
            #expect(try await schoolBrowser.get("/expertise/sheets/\(sheet.id!)").status == .notFound)

            let noReason = try await federal.post("/expertise/sheets/\(sheet.id!)/return", ["comment": ""])
            let stillSubmitted = try await ExpertiseSheet.find(sheet.id, on: app.db)?.state
            #expect(noReason.status == .seeOther && stillSubmitted == .submitted)
            #expect(try await federal.post("/expertise/sheets/\(sheet.id!)/return", ["comment": "Уточните балл за анализ"]).status == .seeOther)
            #expect(try await ExpertiseSheet.find(sheet.id, on: app.db)?.state == .returned)
            // Sent back unchanged, a returned sheet is refused.
            let unchanged = try await expert.post("/expertise/sheets/\(sheet.id!)", low)
            #expect(unchanged.status == .unprocessableEntity)
            var fixed = Self.fullMarks
            fixed["action"] = "submit"
            #expect(try await expert.post("/expertise/sheets/\(sheet.id!)", fixed).status == .seeOther)
            #expect(try await federal.post("/expertise/sheets/\(sheet.id!)/accept").status == .seeOther)
            #expect(try await ExpertiseSheet.find(sheet.id, on: app.db)?.state == .approved)
            #expect(try await ExpertiseSheetVersion.query(on: app.db).filter(\.$sheetID == sheet.id!).count() == 2)

            #expect(try await federal.post("/expertise/\(round.id!)/publish").status == .seeOther)
            #expect(try await Self.round(app).status == .published)
            #expect(try await federal.post("/expertise/\(round.id!)/assign", ["limit": "10", "secondShare": "0"]).status == .forbidden)
            let results = try await federal.get("/expertise/\(round.id!)/results")
            #expect(results.status == .ok && results.contains(E.agreement))
        }
    }

    @Test func afterPublicationEachRegionSeesItsOwnResultsAndTheSchoolItsSheet() async throws {
        try await withMEDK { app in
            let (federal, round) = try await Self.federalWithRound(app)
            #expect(try await Self.draw(federal, round, kind: "perRegion", value: "2").status == .seeOther)
            let gusino = try await Demo.school(Demo.gusino, app)
            let participation = try await DashboardTests.participation(gusino, app)
            if !(try await ExpertiseQueries.sample(round.id!, on: app.db)).contains(where: { $0.participationID == participation.id }) {
                #expect(try await federal.post("/expertise/\(round.id!)/sample/change",
                                                ["school": "670001", "action": "add", "reason": "Школа из пилота"]).status == .seeOther)
            }
            #expect(try await federal.post("/expertise/\(round.id!)/assign", ["limit": "20", "secondShare": "100"]).status == .seeOther)
            // Every sheet filled with full marks but one criterion, and accepted.
            for sheet in try await ExpertiseSheet.query(on: app.db).all() {
                let expert = Browser(app)
                try await expert.signIn(try #require(try await User.find(sheet.expertID, on: app.db)).login)
                _ = try await expert.get("/expertise")
                var form = Self.fullMarks
                form["action"] = "submit"
                if sheet.isSecond { form["score-monitoring"] = "1"; form["comment-monitoring"] = "Мониторинг неполный" }
                let saved = try await expert.post("/expertise/sheets/\(sheet.id!)", form)
                #expect(saved.status == .seeOther)
                #expect(try await federal.post("/expertise/sheets/\(sheet.id!)/accept").status == .seeOther)
            }
            let smolensk = try await Demo.region("Смоленская область", app), krasnodar = try await Demo.region("Краснодарский край", app)
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.get("/expertise/\(round.id!)/regions/\(smolensk.id!)").status == .notFound)
            #expect(try await federal.post("/expertise/\(round.id!)/publish").status == .seeOther)

            let region = try await regional.get("/expertise/\(round.id!)/regions/\(smolensk.id!)")
            #expect(region.status == .ok && region.contains(Demo.gusino) && region.contains("12 из 12"))
            #expect(try await regional.get("/expertise/\(round.id!)/regions/\(krasnodar.id!)").status == .notFound)
            #expect(try await regional.get("/expertise/\(round.id!)/results").status == .notFound)
            let file = try await regional.get("/expertise/\(round.id!)/regions/\(smolensk.id!)/results.xlsx")
            #expect(file.status == .ok)
            let rows = try SheetReader.read(file.data)
            #expect(rows.first?.first == E.region && rows.contains { $0.first == "Смоленская область" })

            let results = try await ExpertiseResults.load(try await Self.round(app), on: app.db)
            let monitoring = try #require(results.agreement.first { $0.criterion.key == "monitoring" })
            #expect(monitoring.pairs == results.scored.count && monitoring.equalShare == 0)
            #expect(results.agreement.first { $0.criterion.key == "goals" }?.equalShare == 1)

            let school = Browser(app)
            try await school.signIn("school")
            let mine = try await school.get("/expertise")
            #expect(mine.contains(Demo.gusino))
            let sheet = try #require(try await ExpertiseSheet.query(on: app.db).filter(\.$schoolID == gusino.id!)
                .filter(\.$isSecond == false).first())
            let shown = try await school.get("/expertise/sheets/\(sheet.id!)")
            #expect(shown.status == .ok && shown.contains("12 из 12") && !shown.contains(E.materials))
        }
    }
}
