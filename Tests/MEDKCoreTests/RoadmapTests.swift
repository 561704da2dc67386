import Foundation
import Testing
@testable import MEDKCore

private func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

// MARK: - Share done as of a date

/// A due 01.03 done 28.02; B due 01.03 done 05.03 (late); C due 10.03 never done;
/// D due 20.03 done early on 01.03; E periodic (no due date) done 01.03.
private let marks: [(due: CalendarDate?, doneOn: CalendarDate?)] = [
    (day("01.03.2022"), day("28.02.2022")),
    (day("01.03.2022"), day("05.03.2022")),
    (day("10.03.2022"), nil),
    (day("20.03.2022"), day("01.03.2022")),
    (nil, day("01.03.2022")),
]

@Test(arguments: [("28.02.2022", 0, 0), ("01.03.2022", 1, 2), ("04.03.2022", 1, 2), ("06.03.2022", 2, 2),
                  ("15.03.2022", 2, 3), ("25.03.2022", 3, 4)])
func theShareDoneCountsOnlyItemsDueByTheDateAndDoneByIt(asOf: String, done: Int, due: Int) {
    #expect(RoadmapProgress.shareDone(items: marks, asOf: day(asOf)) == .init(done: done, due: due))
}

@Test func beforeAnythingIsDueThereIsNoShareToShow() {
    #expect(RoadmapProgress.shareDone(items: marks, asOf: day("28.02.2022")).fraction == nil)
    #expect(RoadmapProgress.shareDone(items: marks, asOf: day("15.03.2022")).fraction == 2.0 / 3.0)
}

@Test func anItemIsOverdueOnlyAfterItsDueDayPassesUndone() {
    #expect(RoadmapProgress.overdue(items: marks, asOf: day("01.03.2022")) == [])
    #expect(RoadmapProgress.overdue(items: marks, asOf: day("02.03.2022")) == [1])
    #expect(RoadmapProgress.overdue(items: marks, asOf: day("11.03.2022")) == [2])
}

@Test func sretenskDoneOnTimeExceptOneLateItemAsOfTheEndOfApril() {
    let roadmap = TerritoryRoadmap.seed004Sretensk
    let items = roadmap.actions.map { item -> (due: CalendarDate?, doneOn: CalendarDate?) in
        // Everything done on its due day, except 1.1.7 (concept documents, due 30.04) done on 05.05.
        (item.dueDate, item.number?.description == "1.1.7" ? day("05.05.2022") : item.dueDate)
    }
    // Due by 30.04.2022: 1.1.1–1.1.7, 3.3, the unnumbered row after it, 4.1, 4.2, 5.2, 5.3.
    #expect(RoadmapProgress.shareDone(items: items, asOf: day("30.04.2022")) == .init(done: 12, due: 13))
    #expect(RoadmapProgress.overdue(items: items, asOf: day("01.05.2022")).map { roadmap.actions[$0].number?.description } == ["1.1.7"])
}

// MARK: - Item numbers

@Test func itemNumbersSortPartByPartSoThatOnePointTwoComesBeforeOnePointTen() {
    let numbers = ["1.10", "1.2", "2", "1.1.3", "1", "1.1."].compactMap(RoadmapItemNumber.init)
    #expect(numbers.sorted().map(\.description) == ["1", "1.1", "1.1.3", "1.2", "1.10", "2"])
    #expect(RoadmapItemNumber("1.1.") == RoadmapItemNumber("1.1"))
    #expect(RoadmapItemNumber("1.1")!.isAncestor(of: RoadmapItemNumber("1.1.3")!))
    #expect(!RoadmapItemNumber("1.1")!.isAncestor(of: RoadmapItemNumber("1.10")!))
    #expect(RoadmapItemNumber("") == nil)
    #expect(RoadmapItemNumber("1..2") == nil)
    #expect(RoadmapItemNumber("а.1") == nil)
}

// MARK: - Due texts

/// Every distinct due text of the three seeds, with what it means (cycle years: 004 → 2022, 003 → 2021).
private let dueTexts: [(text: String, year: Int, due: RoadmapDue)] = [
    // seed 004
    ("До 31 декабря 2021г.", 2022, .date(day("31.12.2021"))),
    ("До 1 марта", 2022, .date(day("01.03.2022"))),
    ("28 января", 2022, .date(day("28.01.2022"))),
    ("С 18 января по 4 февраля", 2022, .range(day("18.01.2022"), day("04.02.2022"))),
    ("До 22 марта", 2022, .date(day("22.03.2022"))),
    ("До 30 апреля", 2022, .date(day("30.04.2022"))),
    ("Еженедельно, пятница, 15.00", 2022, .weekly),
    ("Весенняя сессия 18 марта 2022г., осенняя сессия ноябрь 2022г.", 2022, .dates([day("18.03.2022"), day("30.11.2022")])),
    ("В течение года", 2022, .throughoutYear),
    ("По плану РУМО", 2022, .text("По плану РУМО")),
    ("в течение всего периода", 2022, .throughoutYear),
    ("В течение всего периода", 2022, .throughoutYear),
    ("В течение всего периода сопровождения", 2022, .throughoutYear),
    ("Контрольные даты федеральной Дорожной карты Адресной методической помощи («500+») и регионального Плана-графика", 2022,
     .text("Контрольные даты федеральной Дорожной карты Адресной методической помощи («500+») и регионального Плана-графика")),
    ("По графику ФИОКО", 2022, .text("По графику ФИОКО")),
    ("До 1 марта 2022г.", 2022, .date(day("01.03.2022"))),
    ("До 30 марта 2022г.", 2022, .date(day("30.03.2022"))),
    ("До 1 марта 2022г., до 15 ноября 2022г.", 2022, .dates([day("01.03.2022"), day("15.11.2022")])),
    ("10.03-24.03.2022г.", 2022, .range(day("10.03.2022"), day("24.03.2022"))),
    ("25.04-01.06.2022г.", 2022, .range(day("25.04.2022"), day("01.06.2022"))),
    ("По графику Министерства образования", 2022, .text("По графику Министерства образования")),
    ("29.04 16.05 01.06 17.06 30.06 16.09 17.10 01.11", 2022,
     .dates(["29.04", "16.05", "01.06", "17.06", "30.06", "16.09", "17.10", "01.11"].map { day($0 + ".2022") })),
    ("март", 2022, .range(day("01.03.2022"), day("31.03.2022"))),
    ("май- июнь", 2022, .range(day("01.05.2022"), day("30.06.2022"))),
    ("май- сентябрь", 2022, .range(day("01.05.2022"), day("30.09.2022"))),
    ("сентябрь", 2022, .range(day("01.09.2022"), day("30.09.2022"))),
    ("Декабрь", 2022, .range(day("01.12.2022"), day("31.12.2022"))),
    ("До 15 декабря", 2022, .date(day("15.12.2022"))),
    ("До 1 ноября 2022г.", 2022, .date(day("01.11.2022"))),
    ("До 20 декабря", 2022, .date(day("20.12.2022"))),
    // seed 003, приложение № 3
    ("январь 2021", 2021, .range(day("01.01.2021"), day("31.01.2021"))),
    ("февраль-май 2021", 2021, .range(day("01.02.2021"), day("31.05.2021"))),
    ("февраль 2021", 2021, .range(day("01.02.2021"), day("28.02.2021"))),
    ("Февраль 2021, в течение года", 2021, .text("Февраль 2021, в течение года")),
    ("февраль-март 2021", 2021, .range(day("01.02.2021"), day("31.03.2021"))),
    ("По плану работы ГБОУ ИРО КК", 2021, .text("По плану работы ГБОУ ИРО КК")),
    ("раз в четверть", 2021, .quarterly),
    ("раз в полугодие", 2021, .halfYearly),
    ("по плану работы", 2021, .text("по плану работы")),
    ("март 2021", 2021, .range(day("01.03.2021"), day("31.03.2021"))),
    ("в течение года", 2021, .throughoutYear),
    ("раз в два месяца", 2021, .everyTwoMonths),
    ("декабрь 2020", 2021, .range(day("01.12.2020"), day("31.12.2020"))),
    ("в конце четверти", 2021, .quarterly),
    ("до 1 декабря 2020", 2021, .date(day("01.12.2020"))),
    ("после проведения оценочной процедуры", 2021, .text("после проведения оценочной процедуры")),
    ("не реже одного в четверть", 2021, .quarterly),
    ("по плану работы МТКП; по плану работы", 2021, .text("по плану работы МТКП; по плану работы")),
    ("МНЦ по плану работы ИРО КК, МКУ ИМЦ", 2021, .text("МНЦ по плану работы ИРО КК, МКУ ИМЦ")),
]

@Test(arguments: dueTexts.indices)
func aDueTextOfTheSeedsIsReadAsTheDocumentMeansIt(index: Int) {
    let (text, year, due) = dueTexts[index]
    #expect(RoadmapDue.parse(text, cycleYear: year) == due, "\(text)")
}

@Test func everyDueTextInTheTranscriptionsIsOneWeHaveChecked() {
    let checked = Set(dueTexts.map(\.text))
    for roadmap in [TerritoryRoadmap.seed004Sretensk, .seed003Korenovsk, .seed002] {
        for item in roadmap.items {
            guard let text = item.dueText else { continue }
            #expect(checked.contains(text), "\(text)")
            #expect(item.due == RoadmapDue.parse(text, cycleYear: roadmap.cycleYear))
        }
    }
}

@Test func otherCommonRussianDueTextsAreReadToo() {
    #expect(RoadmapDue.parse("ежеквартально", cycleYear: 2022) == .quarterly)
    #expect(RoadmapDue.parse("Ежемесячно", cycleYear: 2022) == .monthly)
    #expect(RoadmapDue.parse("ноябрь-февраль 2022", cycleYear: 2022) == .range(day("01.11.2021"), day("28.02.2022")))
    #expect(RoadmapDue.parse("с 1 по 12 июля", cycleYear: 2022) == .range(day("01.07.2022"), day("12.07.2022")))
    #expect(RoadmapDue.parse("1 – 12 июля", cycleYear: 2022) == .range(day("01.07.2022"), day("12.07.2022")))
    #expect(RoadmapDue.parse("1 –", cycleYear: 2022) == .text("1 –"))
    #expect(RoadmapDue.parse("1 по 5 мая", cycleYear: 2022) == .text("1 по 5 мая"))
    #expect(RoadmapDue.parse("31 апреля", cycleYear: 2022) == .text("31 апреля"))
    #expect(RoadmapDue.parse("  до   15   мая ", cycleYear: 2022) == .date(day("15.05.2022")))
    #expect(RoadmapDue.parse("", cycleYear: 2022) == .text(""))
}

@Test func theDueDateIsTheDayTheEndOfTheRangeOrTheLastDeadline() {
    #expect(RoadmapDue.date(day("01.03.2022")).dueDate == day("01.03.2022"))
    #expect(RoadmapDue.range(day("01.05.2022"), day("30.06.2022")).dueDate == day("30.06.2022"))
    #expect(RoadmapDue.dates([day("01.03.2022"), day("15.11.2022")]).dueDate == day("15.11.2022"))
    #expect(RoadmapDue.quarterly.dueDate == nil)
    #expect(RoadmapDue.throughoutYear.dueDate == nil)
    #expect(RoadmapDue.text("По графику ФИОКО").dueDate == nil)
}

@Test func aRoadmapSurvivesAJSONRoundTrip() throws {
    for roadmap in [TerritoryRoadmap.seed004Sretensk, .seed003Korenovsk, .seed002] {
        let decoded = try JSONDecoder().decode(TerritoryRoadmap.self, from: try JSONEncoder().encode(roadmap))
        #expect(decoded == roadmap)
    }
    let json = try JSONEncoder().encode(RoadmapDue.range(day("10.03.2022"), day("24.03.2022")))
    #expect(String(decoding: json, as: UTF8.self).contains(#""from":"2022-03-10""#))
}

// MARK: - The three transcriptions

@Test func sretensksRoadmapHasEveryRowOfOrder102Dash1() {
    let roadmap = TerritoryRoadmap.seed004Sretensk
    #expect(roadmap.orderNumber == "102-1")
    #expect(roadmap.orderDate == day("04.03.2022"))
    #expect(roadmap.cycleYear == 2022)
    // 10 section rows (1, 1.1, 1.2, 2–8) and 36 actions, one of them unnumbered (after 3.3).
    #expect(roadmap.items.count == 46)
    #expect(roadmap.items.filter(\.isHeading).count == 10)
    #expect(roadmap.actions.count == 36)
    #expect(roadmap.actions.filter { $0.number == nil }.count == 1)
    let numbered = roadmap.items.compactMap(\.number)
    #expect(numbered == numbered.sorted())
    let first = roadmap.items[2]
    #expect(first.number?.description == "1.1.1")
    #expect(first.dueText == "До 31 декабря 2021г.")
    #expect(first.indicator?.hasPrefix("Назначен муниципальный координатор") == true)
    #expect(roadmap.items.last?.indicator == "Аналитический отчёт. Доля ОО с подтвержденным наступлением позитивных изменений.")
}

@Test func korenovsksRoadmapHasItemsOneToFiftyOneUnderTwoLevels() {
    let roadmap = TerritoryRoadmap.seed003Korenovsk
    #expect(roadmap.orderNumber == "579")
    #expect(roadmap.orderDate == day("17.12.2020"))
    #expect(roadmap.cycleYear == 2021)
    #expect(roadmap.items.count == 53)
    #expect(roadmap.items.filter(\.isHeading).map(\.action) == ["Муниципальный уровень", "Уровень образовательной организации"])
    #expect(roadmap.actions.map { $0.number?.description } == (1...51).map { String($0) })
    let item40 = roadmap.actions[39]
    #expect(item40.action == "Подготовка социального паспорта школы")
    #expect(item40.dueText == "декабрь 2020")
    #expect(roadmap.actions[31].action == "Организация семинаров/вебинаров по плану работы сообщества")
    #expect(roadmap.actions[31].form == "семинары/вебинары")
    #expect(roadmap.actions[31].due == .quarterly)
    #expect(roadmap.actions[0].responsible == "управление образования")
    #expect(roadmap.actions[0].form == "профессионально-педагогическое объединение/приказ")
}

@Test func theThreeColumnRoadmapKeepsEachCellUnderItsColumn() {
    let roadmap = TerritoryRoadmap.seed002
    #expect(roadmap.orderNumber == nil && roadmap.orderDate == nil)
    #expect(roadmap.columns == ["Муниципальный орган управления образованием", "Муниципальная методическая служба",
                                "Школа, функционирующая в неблагоприятных условиях"])
    // 6 section rows and 75 filled cells in 28 table rows.
    #expect(roadmap.items.count == 81)
    #expect(roadmap.items.filter(\.isHeading).map { $0.number?.description } == ["1", "1.1", "1.1", "1.2", "2", "3"])
    #expect(roadmap.actions.count == 75)
    #expect(Set(roadmap.actions.compactMap(\.row)) == Set(1...28))
    #expect(roadmap.actions.allSatisfy { $0.column != nil && $0.due == nil && $0.dueDate == nil })
    let firstRow = roadmap.actions.filter { $0.row == 1 }
    #expect(firstRow.map(\.column) == roadmap.columns)
    #expect(firstRow[0].action.hasPrefix("Назначить муниципального координатора проекта"))
    // A cell split by a page break is one item.
    #expect(roadmap.actions.contains { $0.action == "Подготовить и подписать приказ (постановление) об участии школ, функционирующих в неблагоприятных социальных условиях, в региональном конкурсном отборе." })
}
