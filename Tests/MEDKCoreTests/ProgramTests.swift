import Foundation
import Testing
@testable import MEDKCore

@Suite("A direction's program and its monitoring values")
struct ProgramTests {
    static let cycle = CalendarDate(year: 2021, month: 1, day: 1)!...CalendarDate(year: 2021, month: 12, day: 31)!

    static func ids() -> () -> String {
        var next = 0
        return { next += 1; return "new-\(next)" }
    }

    static let complete: [String: String] = [
        "goal": "Повысить предметную компетентность учителей математики",
        "tasks": "Провести диагностику\n\nОрганизовать курсы",
        "success": "Не менее 80 % учителей прошли курсы",
        "indicator-title-0": "Доля учителей, прошедших курсы", "indicator-unit-0": "%",
        "indicator-baseline-0": "12,5", "indicator-target-0": "80", "indicator-date-0": "20.12.2021",
        "indicator-title-1": "", "indicator-unit-1": "", "indicator-baseline-1": "", "indicator-target-1": "", "indicator-date-1": "",
        "measure-title-0": "Курсы повышения квалификации", "measure-starts-0": "01.04.2021", "measure-ends-0": "30.06.2021",
        "measure-responsible-0": "Завуч Петрова И. И.", "measure-result-0": "Удостоверения 10 учителей",
    ]

    @Test func aCompleteProgramIsReadWithNumbersDatesAndNewIDsAndBlankRowsDropped() {
        let (program, problems) = ProgramForm.read(Self.complete, cycle: Self.cycle, newID: Self.ids())
        #expect(problems.isEmpty)
        #expect(program.missing().isEmpty)
        #expect(program.tasks == ["Провести диагностику", "Организовать курсы"])
        #expect(program.indicators.count == 1)
        #expect(program.indicators[0].baseline == 12.5 && program.indicators[0].target == 80)
        #expect(program.indicators[0].targetDate == CalendarDate(year: 2021, month: 12, day: 20))
        #expect(program.indicators[0].id == "new-1")
        #expect(program.measures[0].id == "new-2" && program.measures[0].ends == CalendarDate(year: 2021, month: 6, day: 30))
    }

    @Test func anEditKeepsTheIDsOfRowsSoMonitoringValuesStillPointAtThem() {
        var form = Self.complete
        form["indicator-id-0"] = "kept"
        let (program, _) = ProgramForm.read(form, cycle: Self.cycle, newID: Self.ids())
        #expect(program.indicators[0].id == "kept")
    }

    @Test func aDraftMayBeHalfWrittenButSubmittingNeedsEveryRequiredPart() {
        let (program, problems) = ProgramForm.read(["goal": "Цель", "indicator-title-0": "Доля"], cycle: Self.cycle)
        #expect(problems.isEmpty)
        let missing = program.missing()
        #expect(missing.contains(.init(.tasks, .required)))
        #expect(missing.contains(.init(.measures, .required)))
        #expect(missing.contains(.init(.successCriteria, .required)))
        #expect(missing.contains(.init(.indicator(row: 0, .target), .required)))
        #expect(missing.contains(.init(.indicator(row: 0, .unit), .required)))
        #expect(!missing.contains(.init(.goal, .required)))
    }

    @Test func targetsMustBeNumbersAndDatesMustBeDaysOfTheCycle() {
        var form = Self.complete
        form["indicator-target-0"] = "восемьдесят"
        form["indicator-baseline-0"] = "1 200"
        form["indicator-date-0"] = "20.12.2022"
        form["measure-starts-0"] = "31.02.2021"
        let (program, problems) = ProgramForm.read(form, cycle: Self.cycle)
        #expect(problems.contains(.init(.indicator(row: 0, .target), .notANumber)))
        #expect(problems.contains(.init(.indicator(row: 0, .targetDate), .outsideCycle)))
        #expect(problems.contains(.init(.measure(row: 0, .starts), .notADate)))
        #expect(program.indicators[0].baseline == 1200)
        #expect(problems.count == 3)
    }

    @Test func aMeasureCannotEndBeforeItStarts() {
        var form = Self.complete
        form["measure-ends-0"] = "01.03.2021"
        let (_, problems) = ProgramForm.read(form, cycle: Self.cycle)
        #expect(problems == [.init(.measure(row: 0, .ends), .endsBeforeStart)])
    }

    @Test func numbersAreReadAsPeopleTypeThem() {
        #expect(ProgramForm.number("85 %") == 85)
        #expect(ProgramForm.number("0,75") == 0.75)
        #expect(ProgramForm.number("-3") == -3)
        #expect(ProgramForm.number("12a") == nil)
        #expect(ProgramForm.number("") == nil)
        #expect(ProgramForm.number("1e9") == nil)
    }

    @Test func aMonitoringReportNeedsANumberForEveryIndicatorBeforeItIsSubmitted() {
        let indicators = [Program.Indicator(id: "a", title: "Доля", unit: "%", baseline: 10, target: 80, targetDate: nil),
                          Program.Indicator(id: "b", title: "Число", unit: "чел.", baseline: 0, target: 5, targetDate: nil)]
        let (report, problems) = MonitoringReport.read(["reached-a": "45,5", "reached-b": "", "reached-x": "1"],
                                                       indicators: indicators)
        #expect(problems.isEmpty)
        #expect(report.reached == ["a": 45.5])
        #expect(report.missing(of: indicators) == [.missing(indicator: "b")])
        let (_, wrong) = MonitoringReport.read(["reached-b": "много"], indicators: indicators)
        #expect(wrong == [.notANumber(indicator: "b")])
    }
}
