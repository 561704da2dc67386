import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

@Suite("The curator's verification protocol")
struct VerificationTests {
    @Test func theCuratorFillsTheProtocolMarksTheProfileVerifiedAndOthersReadIt() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let path = "/schools/\(gusino.id!)/verification"
            let curator = Browser(app)
            try await curator.signIn("curator")
            let empty = try await curator.get(path)
            #expect(empty.contains("Параметры оценки образовательной среды школы") && empty.contains("Кадровые ресурсы школы"))
            var form = ["confirmed-1": "yes", "note-1": "Нет проектора в кабинете физики", "verified": "on", "verifiedOn": "09.03.2021"]
            let partial = try await curator.post(path, form)
            #expect(partial.status == .unprocessableEntity)
            #expect(partial.contains(Strings.Verification.allGroupsNeeded))
            for group in 2...6 { form["confirmed-\(group)"] = group == 3 ? "no" : "yes" }
            form["addedRisks"] = "Высокая текучесть кадров"
            // Groups 1–5 end with «Другое (укажите, что)», as the seed's form does; group 6 is «Другое» itself.
            #expect(empty.contains("name=\"other-1\"") && empty.contains("name=\"other-5\"") && !empty.contains("name=\"other-6\""))
            #expect(empty.contains("Проверяет факторы риска: 10. Низкий уровень оснащения школы"))
            form["other-1"] = "Нет спортивного зала"
            form["other-6"] = "не сохраняется"
            try await curator.get(path)
            #expect(try await curator.post(path, form).status == .seeOther)
            let record = try #require(try await VerificationRecord.query(on: app.db).first())
            #expect(record.verifiedOn == "2021-03-09")
            #expect(record.answers.count == 6 && record.answers[2].confirmed == false)
            #expect(record.answers[0].other == "Нет спортивного зала" && record.answers[5].other == nil)

            let school = Browser(app)
            let home = try await school.signIn("school")
            #expect(home.body.contains("Верификация РПШ</a></td><td><span class=\"status status-done\">"))
            let read = try await school.get(path)
            #expect(read.contains("Нет проектора в кабинете физики") && read.contains("Высокая текучесть кадров"))
            #expect(read.contains("Другое (укажите, что): Нет спортивного зала"))
            #expect(read.contains("Дата верификации 09.03.2021"))
            #expect(!read.contains("name=\"confirmed-1\""))
            #expect(try await school.post(path, form).status == .notFound)

            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            #expect(try await municipal.get(path).contains("Нет проектора"))
            #expect(try await municipal.post(path, form).status == .notFound)
            let stranger = Browser(app)
            try await stranger.signIn("novikova")
            #expect(try await stranger.get(path).status == .notFound)
        }
    }
}
