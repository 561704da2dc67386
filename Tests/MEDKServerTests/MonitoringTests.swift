import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// Seed 003's monitorings run by a territory: open for a period, add subjects, enter values through the
/// generated form, see the band, compare with the previous period, export the summary table.
@Suite("Monitorings of a territory")
struct MonitoringTests {
    typealias M = Strings.Monitoring

    static func instrument(_ code: String, _ app: Application) async throws -> InstrumentRecord {
        try #require(try await InstrumentQueries.find(code: code, on: app.db))
    }

    /// Opens a monitoring as the signed-in coordinator and returns its id.
    static func open(_ browser: Browser, _ code: String, period: String, from: String, to: String,
                     _ app: Application) async throws -> UUID {
        let record = try await instrument(code, app)
        try await browser.get("/monitoring")
        let opened = try await browser.post("/monitoring/runs", ["instrument": record.id!.uuidString, "period": period,
                                                                 "startsOn": from, "endsOn": to])
        #expect(opened.status == .seeOther, "\(opened.body.prefix(2000))")
        let location = try #require(opened.location)
        return try #require(UUID(uuidString: String(location.split(separator: "/").last!)))
    }

    /// Adds a subject as the run's form asks: a school's monitoring names a school of the territory (the first, unless
    /// given); a teacher also has a school and seed 003's Part I.
    static func addSubject(_ browser: Browser, run: UUID, name: String, school: UUID? = nil,
                           partI: [String: String] = ["subject": "математика", "education": "высшее, учитель математики"]) async throws -> UUID {
        let form = try await subjectForm(browser, run: run, name: name, school: school, partI: partI)
        let added = try await browser.post("/monitoring/runs/\(run)/subjects", form)
        #expect(added.status == .seeOther, "\(added.body.prefix(2000))")
        let location = try #require(added.location)
        return try #require(UUID(uuidString: String(location.split(separator: "/").last!)))
    }

    static func subjectForm(_ browser: Browser, run: UUID, name: String, school: UUID? = nil,
                            partI: [String: String] = ["subject": "математика", "education": "высшее, учитель математики"]) async throws -> [String: String] {
        let page = try await browser.get("/monitoring/runs/\(run)")
        var form = ["name": name]
        if page.contains("name=\"school\""),
           let first = page.body.firstMatch(of: /<option value="([0-9A-F-]{36})"/)?.output.1 {
            form["school"] = school?.uuidString ?? String(first)
        }
        if page.contains("name=\"education\"") { form.merge(partI) { $1 } }
        return form
    }

    /// The teacher form's fields by indicator code: П1, ИРО, П2, П3, П4 are fields i0…i4.
    static func teacherValues(_ values: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: values.enumerated().map { (MonitoringForm.field($0.offset), $0.element) })
    }

    @Test func theBuiltInInstrumentsAreInstalledOnceAndListed() async throws {
        try await withMEDK { app in
            #expect(try await InstrumentRecord.query(on: app.db).count() == Instrument.builtIn.count)
            try await InstrumentQueries.installBuiltIns(on: app.db)
            #expect(try await InstrumentRecord.query(on: app.db).count() == Instrument.builtIn.count)
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            let page = try await browser.get("/monitoring")
            for instrument in Instrument.builtIn { #expect(page.contains(instrument.title)) }
            let teacher = try await Self.instrument("teacher-competence", app)
            let description = try await browser.get("/monitoring/instruments/\(teacher.id!)")
            #expect(description.contains("[0,3; 0,5)") && description.contains("уровень Б"))
            #expect(description.contains("Каждый уровень замкнут снизу"))
        }
    }

    @Test func aCoordinatorEntersATeachersValuesAndSeesTheLevel() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let run = try await Self.open(browser, "teacher-competence", period: "2021/2022 учебный год, I полугодие",
                                          from: "2021-09-01", to: "2021-12-31", app)
            let teacher = try await Self.addSubject(browser, run: run, name: "Иванова Мария Петровна")
            let form = try await browser.get("/monitoring/subjects/\(teacher)")
            #expect(form.contains("name=\"i1\"") && form.contains("нет (не оценивался)"))
            #expect(form.contains("Каждый уровень замкнут снизу"))
            // П1 = 3 is not on the scale {0; 1; 2}; П2 left empty; П4 «нет» where the seed allows it.
            let refused = try await browser.post("/monitoring/subjects/\(teacher)", Self.teacherValues(["3", "нет", "", "1", "нет"]))
            #expect(refused.status == .unprocessableEntity)
            let teacherInstrument = Instrument.teacherCompetence
            #expect(refused.contains(M.describe(.init(code: "П1", kind: .notInScale, value: 3),
                                                indicator: teacherInstrument.indicator("П1"))))
            #expect(refused.contains(M.describe(.init(code: "П2", kind: .missing), indicator: teacherInstrument.indicator("П2"))))
            #expect(try await MonitoringSubmission.query(on: app.db).count() == 0)
            // (2 + 1 + 1) : 3 = 1,33 — уровень С; the test at ИРО is reported beside and does not count.
            try await browser.get("/monitoring/subjects/\(teacher)")
            let saved = try await browser.post("/monitoring/subjects/\(teacher)", Self.teacherValues(["2", "нет", "1", "1", "нет"]))
            #expect(saved.status == .seeOther)
            let page = try await browser.get(try #require(saved.location, "\(saved.body.prefix(3000))"))
            #expect(page.contains("Итоговое значение: 1,33 — уровень С."))
            #expect(page.contains("Несущественные предметные дефициты, восполняемые по желанию педагога"))
            let results = try await browser.get("/monitoring/runs/\(run)")
            #expect(results.contains("Иванова Мария Петровна") && results.contains("уровень С"))
            let submission = try #require(try await MonitoringSubmission.query(on: app.db).first())
            #expect(submission.bandIndex == 2 && abs((submission.value ?? 0) - 4.0 / 3.0) < 1e-9)
        }
    }

    @Test func aValueOnABandEdgeBelongsToTheHigherLevelAsTheFormSays() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            let run = try await Self.open(browser, "teacher-competence", period: "2020/2021 учебный год",
                                          from: "2020-09-01", to: "2021-05-31", app)
            let teacher = try await Self.addSubject(browser, run: run, name: "Петров Пётр")
            try await browser.get("/monitoring/subjects/\(teacher)")
            // (1 + 0 + 0 + 1) : 4 = 0,5 — exactly the edge between Б and С.
            let saved = try await browser.post("/monitoring/subjects/\(teacher)", Self.teacherValues(["1", "нет", "0", "0", "1"]))
            #expect(try await browser.get(try #require(saved.location, "\(saved.body.prefix(3000))")).contains("Итоговое значение: 0,5 — уровень С."))
        }
    }

    /// «Выполнение Дорожной карты» is offered from the district's own plan-schedule (seed 003's plan for Korenovsk),
    /// as of the monitoring's last day, and stays the coordinator's to change.
    @Test func theRoadmapIndicatorOfMethodologicalWorkIsOfferedFromTheTerritorysPlan() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            let run = try await Self.open(browser, "methodological-work", period: "2021 год", from: "2021-01-01", to: "2021-12-31", app)
            let district = try await Self.addSubject(browser, run: run, name: "Кореновский район")
            let form = try await browser.get("/monitoring/subjects/\(district)")
            let h = try #require(Instrument.methodologicalWork.indicators.firstIndex { $0.code == "h" })
            // On the test's day (10.03.2021) items of the plan are due and none is marked done: «нет» is offered.
            #expect(form.contains("id=\"f-i\(h)-0\" checked=\"checked\""))
            #expect(form.contains("На 10.03.2021 по планам-графикам территории исполнено 0 из") && form.contains("предложено «нет»"))
            // The coordinator answers otherwise; the form then shows what was saved, the note still beside it.
            var values = Dictionary(uniqueKeysWithValues: Instrument.methodologicalWork.indicators.enumerated().map { index, indicator in
                (MonitoringForm.field(index), indicator.unit == .yesNo ? "1" : "3")
            })
            values[MonitoringForm.field(h)] = "1"
            #expect(try await browser.post("/monitoring/subjects/\(district)", values).status == .seeOther)
            let saved = try await browser.get("/monitoring/subjects/\(district)")
            #expect(saved.contains("id=\"f-i\(h)-1\" checked=\"checked\"") && saved.contains("предложено «нет»"))
        }
    }

    @Test func aPercentAboveAHundredIsRefusedWithItsIndicatorNamed() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let run = try await Self.open(browser, "student-results", period: "2020/2021 учебный год",
                                          from: "2020-09-01", to: "2021-06-30", app)
            let school = try await Self.addSubject(browser, run: run, name: Demo.gusino)
            try await browser.get("/monitoring/subjects/\(school)")
            var values = Dictionary(uniqueKeysWithValues: Instrument.studentResults.indicators.indices.map {
                (MonitoringForm.field($0), "10")
            })
            values[MonitoringForm.field(0)] = "120"
            values[MonitoringForm.field(13)] = "2,5"
            values[MonitoringForm.field(14)] = "да"
            let refused = try await browser.post("/monitoring/subjects/\(school)", values)
            #expect(refused.status == .unprocessableEntity)
            let instrument = Instrument.studentResults
            #expect(refused.contains("доля в процентах должна быть от 0 до 100 (введено 120)"))
            #expect(refused.contains(M.describe(.init(code: "3.1", kind: .fractionalCount, value: 2.5), indicator: instrument.indicator("3.1"))))
            #expect(refused.contains(M.describe(.init(code: "3.2", kind: .notANumber), indicator: instrument.indicator("3.2"))))
            // What was typed is shown again.
            #expect(refused.contains("value=\"120\""))
            #expect(try await MonitoringSubmission.query(on: app.db).count() == 0)
        }
    }

    @Test func aSubjectIsComparedWithTheSameNameInThePreviousPeriod() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            let earlier = try await Self.open(browser, "teacher-competence", period: "2020/2021 учебный год",
                                              from: "2020-09-01", to: "2021-05-31", app)
            let before = try await Self.addSubject(browser, run: earlier, name: "Сидорова Анна Ивановна")
            try await browser.get("/monitoring/subjects/\(before)")
            try await browser.post("/monitoring/subjects/\(before)", Self.teacherValues(["0", "нет", "0", "1", "нет"]))
            let later = try await Self.open(browser, "teacher-competence", period: "2021/2022 учебный год",
                                            from: "2021-09-01", to: "2022-05-31", app)
            let now = try await Self.addSubject(browser, run: later, name: "сидорова  анна ивановна")
            try await browser.get("/monitoring/subjects/\(now)")
            try await browser.post("/monitoring/subjects/\(now)", Self.teacherValues(["2", "1", "1", "2", "2"]))
            let page = try await browser.get("/monitoring/subjects/\(now)")
            // 0,33 (уровень Б) then 1,75 (уровень D): +1,42.
            #expect(page.contains("В предыдущем периоде: 0,33 — уровень Б; изменение +1,42."))
            #expect(page.contains(M.dynamicsTitle))
            let results = try await browser.get("/monitoring/runs/\(later)")
            #expect(results.contains("2020/2021 учебный год") && results.contains("+1,42"))
            // The earlier period has nothing to compare with.
            #expect(try await browser.get("/monitoring/runs/\(earlier)").contains(M.noPreviousRun))
            // The same name twice in one monitoring is refused.
            let twice = try await browser.post("/monitoring/runs/\(later)/subjects",
                                               try await Self.subjectForm(browser, run: later, name: "Сидорова Анна Ивановна"))
            #expect(twice.status == .unprocessableEntity && twice.contains(M.subjectExists))
        }
    }

    @Test func theSummaryTableExportsToXLSX() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let run = try await Self.open(browser, "teacher-competence", period: "2021/2022 учебный год, I полугодие",
                                          from: "2021-09-01", to: "2021-12-31", app)
            for (name, values) in [("Иванова Мария Петровна", ["2", "2", "1", "2", "2"]), ("Кузьмин Олег", ["0", "нет", "0", "0", "нет"])] {
                let subject = try await Self.addSubject(browser, run: run, name: name)
                try await browser.get("/monitoring/subjects/\(subject)")
                #expect(try await browser.post("/monitoring/subjects/\(subject)", Self.teacherValues(values)).status == .seeOther)
            }
            _ = try await Self.addSubject(browser, run: run, name: "Новый учитель")
            let download = try await browser.get("/monitoring/runs/\(run)/xlsx")
            #expect(download.status == .ok)
            let rows = try SheetReader.read(download.data)
            // The seed's own numbers head the columns (PRODUCT.md: Показатель 1 … 5, not the formula's П1 … П4).
            #expect(rows[0] == ["№ п/п", "Учитель", "Показатель № 1", "Показатель № 2", "Показатель № 3", "Показатель № 4",
                                "Показатель № 5", M.value, M.band, M.recommendation,
                                M.previous, M.change, M.enteredAt])
            #expect(rows.count == 4)
            #expect(Array(rows[1].prefix(10)) == ["1", "Иванова Мария Петровна", "2", "2", "1", "2", "2", "1.75", "уровень D",
                                                  "Отсутствие предметных дефицитов"])
            #expect(Array(rows[2].prefix(9)) == ["2", "Кузьмин Олег", "0", "нет", "0", "0", "нет", "0", "уровень А"])
            #expect(rows[3].prefix(2) == ["3", "Новый учитель"])
        }
    }

    @Test func aCoordinatorDefinesItsOwnInstrumentAsJSON() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("korenovsk")
            try await browser.get("/monitoring/instruments/new")
            let broken = MonitoringViews.exampleDefinition.replacingOccurrences(of: "{\"code\": \"3\", \"weight\": 0.5}",
                                                                                with: "{\"code\": \"9\", \"weight\": 0.5}")
            let refused = try await browser.postMultipart("/monitoring/instruments", fields: ["definition": broken])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains(M.describe(.formulaReadsUnknownCode("9"))))
            let notJSON = try await browser.postMultipart("/monitoring/instruments", fields: ["definition": "{\"id\": \"x\""])
            #expect(notJSON.contains(M.notJSON))
            let missing = try await browser.postMultipart("/monitoring/instruments",
                                                          fields: ["definition": "{\"id\": \"x\", \"subject\": \"school\", \"indicators\": []}"])
            #expect(missing.contains("Нет обязательного поля «title»."))
            let badBand = MonitoringViews.exampleDefinition.replacingOccurrences(of: "[1; 2)", with: "1 to 2")
            #expect(try await browser.postMultipart("/monitoring/instruments", fields: ["definition": badBand])
                .contains("Поле «bands[2].interval» заполнено неверно"))
            #expect(try await InstrumentRecord.query(on: app.db).count() == Instrument.builtIn.count)

            let saved = try await browser.postMultipart("/monitoring/instruments", fields: ["definition": MonitoringViews.exampleDefinition])
            #expect(saved.status == .seeOther)
            let record = try await Self.instrument("school-climate", app)
            let korenovsk = try await Demo.municipality("Кореновский район", app)
            #expect(!record.isBuiltIn && record.municipalityID == korenovsk.id)
            // A second one with the same code is refused.
            let again = try await browser.postMultipart("/monitoring/instruments", fields: ["definition": MonitoringViews.exampleDefinition])
            #expect(again.contains(M.codeTaken("school-climate")))
            // It runs like a built-in: 80 % · 0,01 + 1 + 2 · 0,5 = 2,8 — высокий уровень.
            let run = try await Self.open(browser, "school-climate", period: "2021 год", from: "2021-01-01", to: "2021-12-31", app)
            let school = try await Self.addSubject(browser, run: run, name: "МОБУ СОШ № 9 ст. Журавской")
            try await browser.get("/monitoring/subjects/\(school)")
            let form = try await browser.get("/monitoring/subjects/\(school)")
            #expect(form.contains("type=\"radio\""))
            let values = try await browser.post("/monitoring/subjects/\(school)", ["i0": "80", "i1": "1", "i2": "2"])
            #expect(try await browser.get(try #require(values.location, "\(values.body.prefix(3000))")).contains("Итоговое значение: 2,8 — высокий уровень."))
            // Another municipality neither sees it nor can use it.
            let other = Browser(app)
            try await other.signIn("municipal")
            let otherList = try await other.get("/monitoring")
            #expect(!otherList.contains("Мониторинг школьного благополучия"))
            #expect(try await other.get("/monitoring/instruments/\(record.id!)").status == .notFound)
            let foreign = try await other.post("/monitoring/runs", ["instrument": record.id!.uuidString, "period": "2021",
                                                                    "startsOn": "2021-01-01", "endsOn": "2021-12-31"])
            #expect(foreign.status == .unprocessableEntity && foreign.contains(M.instrumentRequired))
        }
    }

    @Test func anotherMunicipalityNeitherSeesNorFillsAMonitoring() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let run = try await Self.open(browser, "teacher-competence", period: "2021 год", from: "2021-01-01", to: "2021-12-31", app)
            let teacher = try await Self.addSubject(browser, run: run, name: "Иванова Мария Петровна")
            let other = Browser(app)
            try await other.signIn("korenovsk")
            #expect(try await other.get("/monitoring/runs/\(run)").status == .notFound)
            #expect(try await other.get("/monitoring/runs/\(run)/xlsx").status == .notFound)
            #expect(try await other.get("/monitoring/subjects/\(teacher)").status == .notFound)
            try await other.get("/monitoring")
            #expect(try await other.post("/monitoring/subjects/\(teacher)", Self.teacherValues(["2", "", "1", "1", "1"])).status == .notFound)
            #expect(try await other.post("/monitoring/runs/\(run)/subjects", ["name": "Чужой"]).status == .notFound)
            // The regional coordinator reads it but enters nothing; the federal coordinator opens none.
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.get("/monitoring/runs/\(run)").status == .ok)
            #expect(try await regional.post("/monitoring/subjects/\(teacher)", Self.teacherValues(["2", "", "1", "1", "1"])).status == .forbidden)
            let federal = Browser(app)
            try await federal.signIn("federal")
            #expect(try await federal.get("/monitoring").contains("2021 год"))
            #expect(try await federal.post("/monitoring/runs", ["period": "x"]).status == .forbidden)
            #expect(try await MonitoringSubmission.query(on: app.db).count() == 0)
        }
    }
}
