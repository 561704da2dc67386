import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

@Suite("The school's self-assessment")
struct SelfAssessmentTests {
    @Test func theSchoolFillsTheCardTheCuratorReturnsItOnceThenApproves() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let path = "/schools/\(gusino.id!)/self-assessment"
            let school = Browser(app)
            try await school.signIn("school")
            let blank = try await school.get(path)
            #expect(blank.contains("Карточка для проведения самоанализа ШНОР") && blank.contains("Дефицит педагогических кадров"))
            let nothing = try await school.post(path, [:])
            #expect(nothing.status == .unprocessableEntity && nothing.contains(Strings.SelfAssessment.noneChosen))
            try await school.get(path)
            let incomplete = try await school.post(path, ["actual-1": "on", "measures-1": "Курсы повышения квалификации"])
            #expect(incomplete.status == .unprocessableEntity && incomplete.contains(Strings.SelfAssessment.needPeriod))
            try await school.get(path)
            let card = ["actual-1": "on", "measures-1": "Курсы повышения квалификации", "period-1": "сентябрь–декабрь",
                        "actual-6": "on", "measures-6": "Проектная деятельность", "period-6": "учебный год"]
            #expect(try await school.post(path, card).status == .seeOther)
            try await school.get(path)
            #expect(try await school.post(path + "/submit").status == .seeOther)

            let curator = Browser(app)
            try await curator.signIn("curator")
            let review = try await curator.get(path)
            #expect(review.contains("Проектная деятельность") && review.contains("на проверке у куратора"))
            #expect(try await curator.post(path + "/return", ["comment": ""]).status == .unprocessableEntity)
            try await curator.get(path)
            #expect(try await curator.post(path + "/return", ["comment": "Добавьте фактор 5: доля неуспевающих высокая"]).status == .seeOther)

            let returned = try await school.get(path)
            #expect(returned.contains("Добавьте фактор 5"))
            #expect(try await school.post(path + "/submit").status == .unprocessableEntity)
            try await school.get(path)
            var revised = card
            revised["actual-5"] = "on"; revised["measures-5"] = "Индивидуальные маршруты"; revised["period-5"] = "I полугодие"
            #expect(try await school.post(path, revised).status == .seeOther)
            try await school.get(path)
            #expect(try await school.post(path + "/submit").status == .seeOther)
            try await curator.get(path)
            #expect(try await curator.post(path + "/approve").status == .seeOther)

            let record = try #require(try await SelfAssessmentRecord.query(on: app.db).first())
            #expect(record.state == .approved && record.actualFactors == [1, 5, 6] && record.currentVersion == 2)
            #expect(try await school.get("/home").body.contains("Самообследование</a></td><td><span class=\"status status-done\">"))
            // Approved means locked for the school, and the words agree with the noun.
            let locked = try await school.post(path, revised)
            #expect(locked.status == .unprocessableEntity && locked.contains("самообследование сейчас в состоянии «согласовано»"))
            #expect(try await school.get(path).contains(">согласовано<"))
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            #expect(try await municipal.get(path).contains("Индивидуальные маршруты"))
            let feed = try await municipal.get("/feed")
            #expect(feed.contains("Самообследование") && feed.contains(">согласовано<"))
            let stranger = Browser(app)
            try await stranger.signIn("novikova")
            #expect(try await stranger.get(path).status == .notFound)
        }
    }
}

@Suite("Activating directions")
struct DirectionsTests {
    @Test func directionsMustEqualTheApprovedSelfAssessmentAndMismatchesAreNamed() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let path = "/schools/\(gusino.id!)/directions"
            let school = Browser(app)
            try await school.signIn("school")
            try await school.get(path)
            let early = try await school.post(path, ["factor-1": "on"])
            #expect(early.status == .unprocessableEntity && early.contains(Strings.Directions.notApproved))

            let assessment = SelfAssessmentRecord()
            let cycle = try #require(try await CycleQueries.current(on: app.db, today: nil))
            assessment.$participation.id = try #require(try await SchoolQueries.participation(school: gusino.id!, cycle: cycle.id!, on: app.db)).id!
            assessment.entriesJSON = SelfAssessmentRecord.encode([.init(factor: 1, measures: "м", period: "п"),
                                                                  .init(factor: 6, measures: "м", period: "п")])
            assessment.stateCode = ReviewState.approved.rawValue
            assessment.revision = 3; assessment.currentVersion = 1; assessment.returnedAtVersion = 0; assessment.updatedAt = Date()
            try await assessment.create(on: app.db)

            try await school.get(path)
            let mismatch = try await school.post(path, ["factor-1": "on", "factor-7": "on"])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.contains("не выбраны актуальные риски самообследования: «6. Низкая учебная мотивация обучающихся»"))
            #expect(mismatch.contains("выбраны риски, которых нет в самообследовании: «7. Низкий уровень вовлеченности родителей»"))
            #expect(try await DirectionRecord.query(on: app.db).count() == 0)
            try await school.get(path)
            #expect(try await school.post(path, ["factor-1": "on", "factor-6": "on"]).status == .seeOther)
            #expect(try await DirectionRecord.query(on: app.db).all().map(\.factor).sorted() == [1, 6])
            let shown = try await school.get(path)
            #expect(shown.contains("6. Низкая учебная мотивация обучающихся") && !shown.contains("factor-1"))
            let curator = Browser(app)
            try await curator.signIn("curator")
            #expect(try await curator.post(path, ["factor-1": "on"]).status == .notFound)
        }
    }
}
