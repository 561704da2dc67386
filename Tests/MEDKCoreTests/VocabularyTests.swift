import Foundation
import Testing
@testable import MEDKCore

@Test(arguments: [(1, "документ"), (2, "документа"), (4, "документа"), (5, "документов"), (11, "документов"),
                  (12, "документов"), (14, "документов"), (21, "документ"), (22, "документа"), (25, "документов"),
                  (101, "документ"), (111, "документов"), (0, "документов")])
func documentsAreCountedInCorrectRussian(count: Int, word: String) {
    #expect(RussianPlural("документ", "документа", "документов").form(for: count) == word)
}

@Test func datesAreReadInRussianAndStoredFormAndShownAsDayMonthYear() {
    #expect(CalendarDate("15.02.2021") == CalendarDate(year: 2021, month: 2, day: 15))
    #expect(CalendarDate("2021-02-15")?.russian == "15.02.2021")
    #expect(CalendarDate("30.02.2021") == nil)
    #expect(CalendarDate("29.02.2024") != nil)
    #expect(CalendarDate("15/02/2021") == nil)
    #expect(CalendarDate("2021-2-15")?.iso == "2021-02-15")
}

@Test func theDayOfAMomentIsJudgedInTheRegionsTimeZone() {
    // 22:30 UTC on 14 February is already 15 February in Moscow.
    let moment = Date(timeIntervalSince1970: 1_613_341_800)
    #expect(CalendarDate(moment, in: TimeZone(identifier: "UTC")!).russian == "14.02.2021")
    #expect(CalendarDate(moment, in: TimeZone(identifier: "Europe/Moscow")!).russian == "15.02.2021")
}

@Test func the2021MethodologyHoldsTheTenRiskFactorsAndTheFederalControlDates() {
    let m = Methodology.cycle2021
    #expect(m.riskFactors.count == 10)
    #expect(m.riskFactors.first?.title == "Недостаточная предметная и методическая компетентность педагогических работников")
    #expect(m.riskFactors.last?.title == "Низкий уровень оснащения школы")
    #expect(m.controlDates.count == 18)
    #expect(m.controlDates.filter { $0.indicator != nil }.count == 10)
    #expect(m.controlDates.first { $0.kind == .conceptDocuments }?.date.russian == "30.04.2021")
    #expect(m.controlDates.first { $0.kind == .monitoring2 }?.date.russian == "01.11.2021")
    #expect(m.controlDates.map(\.date) == m.controlDates.map(\.date).sorted())
}

@Test func rolesAreReadFromTheirRussianTitlesInImportFiles() {
    #expect(Role(title: "Муниципальный координатор") == .municipal)
    #expect(Role(title: "  куратор ") == .curator)
    #expect(Role(title: "ОО") == .school)
    #expect(Role(title: "curator") == .curator)
    #expect(Role(title: "директор") == nil)
}
