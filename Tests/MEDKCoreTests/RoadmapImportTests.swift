import Foundation
import Testing
@testable import MEDKCore

private let header = RoadmapImport.columns.map(\.title)

@Test(arguments: [TerritoryRoadmap.seed004Sretensk, .seed003Korenovsk, .seed002])
func eachSeedPlanWrittenAsRowsReadsBackItemForItem(plan: TerritoryRoadmap) throws {
    let sheet = [header] + plan.items.map(RoadmapImport.cells(of:))
    let items = try RoadmapImport.validate(sheet, cycleYear: plan.cycleYear).get()
    #expect(items == plan.items)
}

@Test func theColumnsAreFoundUnderTheTitlesTheSeedsUse() throws {
    // Seed 004's table: «№», «Описание действий», «Дата», «Муниципальный показатель».
    let sretensk = [["№", "Описание действий", "Дата", "Муниципальный показатель"],
                    ["1.1.3", "анкетирование кураторов", "До 1 марта", "Кураторы прошли анкетирование"]]
    let item = try #require(try RoadmapImport.validate(sretensk, cycleYear: 2022).get().first)
    #expect(item.number?.description == "1.1.3" && item.indicator == "Кураторы прошли анкетирование")
    #expect(item.dueDate == CalendarDate(year: 2022, month: 3, day: 1))
    // Seed 003's table: «№ п/п», «Наименование мероприятия», «Форма/нормативный локальный акт», «Сроки выполнения», «Ответственные».
    let korenovsk = [["№ п/п", "Наименование мероприятия", "Форма/нормативный локальный акт", "Сроки выполнения", "Ответственные"],
                     ["2", "Создание тьюторского консультационного пункта", "приказ", "январь 2021", "управление образования"]]
    let second = try #require(try RoadmapImport.validate(korenovsk, cycleYear: 2021).get().first)
    #expect(second.form == "приказ" && second.responsible == "управление образования")
    #expect(second.dueDate == CalendarDate(year: 2021, month: 1, day: 31))
}

@Test func aDateCellOfAnXLSXFileIsKeptAsPeopleWriteIt() throws {
    let sheet = [["Мероприятие", "Сроки"], ["Семинар", "2021-03-15"]]
    let item = try #require(try RoadmapImport.validate(sheet, cycleYear: 2021).get().first)
    #expect(item.dueText == "15.03.2021" && item.dueDate == CalendarDate(year: 2021, month: 3, day: 15))
}

@Test func everyBadRowIsReportedWithItsLineAndColumn() {
    let sheet = [["№ п/п", "Раздел", "Мероприятие", "Строка таблицы"],
                 ["1.x", "", "Семинар", ""],
                 ["2", "иногда", "Совещание", ""],
                 ["3", "", "", "0"]]
    guard case .failure(let failure) = RoadmapImport.validate(sheet, cycleYear: 2021) else {
        Issue.record("a file with bad rows was accepted")
        return
    }
    #expect(failure.issues == [
        ImportIssue(row: 2, column: "№ п/п", problem: .invalidValue("1.x", allowed: ["1", "1.1", "1.1.3"])),
        ImportIssue(row: 3, column: "Раздел", problem: .invalidValue("иногда", allowed: ["да", "нет"])),
        ImportIssue(row: 4, column: "Мероприятие", problem: .required),
        ImportIssue(row: 4, column: "Строка таблицы", problem: .invalidValue("0", allowed: ["1", "2", "3"])),
    ])
}
