import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// Seed 003 in depth (issue 16) as the Korenovsk coordinator uses it: student results for both periods of a school
/// chosen from the district, and teachers with their Part I, grouped by subject, school and level.
@Suite("Seed 003 in depth")
struct Seed003DepthTests {
    typealias M = Strings.Monitoring
    static let zhuravskaya = RiskFactorMonitoringServerTests.zhuravskaya
    static let dyadkovskaya = RiskFactorMonitoringServerTests.dyadkovskaya

    /// Every current value of the student-results form, with 1.3 (ОГЭ in Russian, lower is better) as given.
    static func results(ogeRussian: String, previous: [String: String] = [:]) -> [String: String] {
        var fields: [String: String] = [:]
        for (index, indicator) in Instrument.studentResults.indicators.enumerated() {
            fields[MonitoringForm.field(index)] = indicator.code == "1.3" ? ogeRussian
                : indicator.unit == .yesNo ? "1" : indicator.unit == .count ? "2" : "10"
        }
        let codes = Instrument.studentResults.indicators.map(\.code)
        for (code, value) in previous { fields[MonitoringForm.previousField(codes.firstIndex(of: code)!)] = value }
        return fields
    }

    @Test func aSchoolsResultsCarryBothPeriodsAndARenamedSchoolKeepsItsHistory() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            let school = try await Demo.school(Self.zhuravskaya, app)
            let first = try await MonitoringTests.open(browser, "student-results", period: "2019/2020 учебный год",
                                                       from: "2019-09-01", to: "2020-07-12", app)
            // The school is chosen from the district's, never typed; another district's school is refused.
            let page = try await browser.get("/monitoring/runs/\(first)")
            #expect(page.contains("name=\"school\"") && page.contains(Self.dyadkovskaya) && !page.contains(Demo.gusino))
            let stranger = try await Demo.school(Demo.gusino, app)
            let refused = try await browser.post("/monitoring/runs/\(first)/subjects", ["school": stranger.id!.uuidString])
            #expect(refused.status == .unprocessableEntity && refused.contains(M.schoolRequired))
            let subject = try await MonitoringTests.addSubject(browser, run: first, name: "", school: school.id!)
            try await browser.get("/monitoring/subjects/\(subject)")
            // The first monitoring already has dynamics: the previous period entered beside the current one.
            let form = try await browser.get("/monitoring/subjects/\(subject)")
            #expect(form.contains(M.previousPeriod) && form.contains(M.currentPeriod) && form.contains("name=\"p2\""))
            let wrong = try await browser.post("/monitoring/subjects/\(subject)", Self.results(ogeRussian: "8", previous: ["1.3": "150"]))
            #expect(wrong.status == .unprocessableEntity && wrong.contains(M.previousPeriod + ": "))
            #expect(try await MonitoringSubmission.query(on: app.db).count() == 0)
            let saved = try await browser.post("/monitoring/subjects/\(subject)", Self.results(ogeRussian: "8", previous: ["1.3": "12"]))
            #expect(saved.status == .seeOther)
            let entered = try await browser.get("/monitoring/subjects/\(subject)")
            #expect(entered.contains(M.dynamicsTitle) && entered.contains("value=\"12\""))
            let firstRun = try await browser.get("/monitoring/runs/\(first)")
            #expect(firstRun.contains(M.conclusionsTitle))
            #expect(firstRun.plain.contains("<td>Базовая подготовка обучающихся</td><td>\(HTMLText.escape(Self.zhuravskaya))</td>"))
            // The same school twice in one monitoring is refused.
            let twice = try await browser.post("/monitoring/runs/\(first)/subjects", ["school": school.id!.uuidString])
            #expect(twice.status == .unprocessableEntity && twice.contains(M.subjectExists))

            // The school is renamed; next year's monitoring finds it by its id and offers last year's values as previous.
            school.fullName = "МОБУ СОШ № 9 им. Героя Советского Союза ст. Журавской"
            try await school.save(on: app.db)
            let second = try await MonitoringTests.open(browser, "student-results", period: "2020/2021 учебный год",
                                                        from: "2020-09-01", to: "2021-07-12", app)
            let again = try await MonitoringTests.addSubject(browser, run: second, name: "", school: school.id!)
            let offered = try await browser.get("/monitoring/subjects/\(again)")
            #expect(offered.contains(M.earlierOffered("2019/2020 учебный год")))
            #expect(offered.body.contains("name=\"p2\" type=\"number\" step=\"any\" inputmode=\"decimal\" value=\"8\""))
            let results = try await browser.get("/monitoring/runs/\(second)")
            #expect(results.plain.contains(school.fullName))
            let old = try await browser.get("/monitoring/runs/\(first)")
            #expect(old.plain.contains(school.fullName))
        }
    }

    @Test func teachersAreEnteredWithPartIAndGroupedBySubjectSchoolAndLevel() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            let zhuravskaya = try await Demo.school(Self.zhuravskaya, app), dyadkovskaya = try await Demo.school(Self.dyadkovskaya, app)
            let earlier = try await MonitoringTests.open(browser, "teacher-competence", period: "Апрель 2020",
                                                         from: "2020-04-01", to: "2020-05-31", app)
            // Part I as the seed has it: a subject of its list, the diploma, whole years, weekly hours.
            try await browser.get("/monitoring/runs/\(earlier)")
            let bad = try await browser.post("/monitoring/runs/\(earlier)/subjects", [
                "name": "Орлова Нина Сергеевна", "school": zhuravskaya.id!.uuidString, "subject": "астрономия",
                "education": "", "experience": "80", "hours": "два"])
            #expect(bad.status == .unprocessableEntity)
            for problem in [TeacherPartI.Problem.Kind.unknownSubject, .missingEducation, .experienceOutOfRange, .hoursOutOfRange] {
                #expect(bad.contains(M.partIProblem(problem)), "\(problem)")
            }
            #expect(try await MonitoringSubject.query(on: app.db).count() == 0)

            func teacher(_ run: UUID, _ name: String, at school: School, values: [String]) async throws -> UUID {
                let id = try await MonitoringTests.addSubject(browser, run: run, name: name, school: school.id!,
                                                              partI: ["subject": "Математика ", "education": "высшее педагогическое",
                                                                      "experience": "12", "hours": "18,5"])
                try await browser.get("/monitoring/subjects/\(id)")
                #expect(try await browser.post("/monitoring/subjects/\(id)", MonitoringTests.teacherValues(values)).status == .seeOther)
                return id
            }
            // Level Б: (1 + 0 + 0) : 3; level D: (2 + 1 + 2 + 2) : 4, the ИРО test left empty.
            let levelB = ["1", "нет", "0", "0", "нет"], levelD = ["2", "", "1", "2", "2"]
            let orlova = try await teacher(earlier, "Орлова Нина Сергеевна", at: zhuravskaya, values: levelB)
            // The methodologist's conclusions on the seed's two forms: a level of three and the deficits in words.
            let card = try await browser.get("/monitoring/subjects/\(orlova)")
            #expect(card.contains(M.conclusionsOfMethodologist) && card.contains("высшее педагогическое"))
            #expect(try await browser.post("/monitoring/subjects/\(orlova)/conclusions", ["subjectLevel": "отличный"]).location != nil)
            #expect(try await MonitoringSubject.find(orlova, on: app.db)?.partI?.conclusions == nil)
            try await browser.post("/monitoring/subjects/\(orlova)/conclusions", [
                "subjectLevel": "insufficient", "subjectDeficits": "Стереометрия; задачи с параметром",
                "methodLevel": "optimal", "methodDeficits": ""])
            #expect(try await MonitoringSubject.find(orlova, on: app.db)?.partI?.conclusions
                    == TeacherConclusions(subjectLevel: .insufficient, subjectDeficits: "Стереометрия; задачи с параметром", methodLevel: .optimal))
            let deficits = try await browser.get("/monitoring/runs/\(earlier)")
            #expect(deficits.contains(M.deficitsTitle) && deficits.contains("Стереометрия; задачи с параметром"))
            let later = try await MonitoringTests.open(browser, "teacher-competence", period: "Апрель 2021",
                                                       from: "2021-04-01", to: "2021-05-31", app)
            _ = try await teacher(later, "Орлова Нина Сергеевна", at: zhuravskaya, values: levelD)
            _ = try await teacher(later, "Белова Ольга Игоревна", at: zhuravskaya, values: levelB)
            _ = try await teacher(later, "Зайцева Анна Петровна", at: zhuravskaya, values: levelB)
            _ = try await teacher(later, "Кротов Иван Ильич", at: dyadkovskaya, values: levelB)
            let stored = try #require(try await MonitoringSubject.query(on: app.db).filter(\.$name == "Кротов Иван Ильич").first())
            #expect(stored.partI == TeacherPartI(subject: "математика", education: "высшее педагогическое", experienceYears: 12, weeklyHours: 18.5))

            let page = try await browser.get("/monitoring/runs/\(later)")
            #expect(page.contains(M.levelsBySubject) && page.contains(M.levelsBySchool))
            // математика: А 0, Б 3, С 0, D 1, without a level 0, in all 4.
            #expect(page.body.contains("<td>математика</td><td class=\"num\">0</td><td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">4</td>"))
            // Two at level Б in Журавская form a school group; with Дядьковская's teacher, a district group of three.
            #expect(page.contains("Белова Ольга Игоревна, Зайцева Анна Петровна"))
            #expect(page.contains("Белова Ольга Игоревна, Зайцева Анна Петровна, Кротов Иван Ильич"))
            // The same teacher at the same school, a year on: from Б to D.
            #expect(page.contains(M.movesSummary([.up: 1, .same: 0, .down: 0], since: "Апрель 2020")))
        }
    }
}
