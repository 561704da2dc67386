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
            // Approved means locked for the school; the curator approves, the coordinators only read.
            #expect(try await school.post(path, revised).status == .unprocessableEntity)
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            #expect(try await municipal.get(path).contains("Индивидуальные маршруты"))
            #expect(try await municipal.get("/feed").contains("Самообследование"))
            let stranger = Browser(app)
            try await stranger.signIn("novikova")
            #expect(try await stranger.get(path).status == .notFound)
        }
    }
}
