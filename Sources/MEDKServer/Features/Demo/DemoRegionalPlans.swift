import Fluent
import Foundation
import MEDKCore

/// Each region's plan-schedule for the demo's current year, with the items the regional coordinator has marked
/// done by today (some late, some not at all): what the dashboards' «План-график» column and the region's plan page
/// show for a year under way.
enum DemoRegionalPlans {
    /// The regional tasks of seed 001's roadmap, with due texts read in the plan's year.
    static let items: [(number: String, action: String, due: String, indicator: String)] = [
        ("1", "Назначение кураторов школ-участниц проекта и заключение договоров с ними", "До 1 марта",
         "Кураторы назначены всем школам региона"),
        ("2", "Проведение установочного семинара/вебинара для школ", "До 15 февраля",
         "Школы приняли очное участие в семинаре"),
        ("3", "Организация первичного посещения школ кураторами", "До 10 марта", "Школы посещены, РПШ верифицированы"),
        ("4", "Утверждение регионального плана-графика реализации проекта", "До 22 марта", "Приказ об утверждении"),
        ("5", "Размещение концептуальных документов школ в МЭДК", "До 30 апреля", "Документы размещены и подтверждены"),
        ("6", "Проведение вебинаров по методическим запросам школ", "До 15 мая", "Проведено не менее двух вебинаров"),
        ("7", "Первый этап мониторинга реализации региональной дорожной карты", "До 21 июня", "Отчёт о мониторинге"),
        ("8", "Второй этап мониторинга реализации региональной дорожной карты", "До 20 сентября", "Отчёт о мониторинге"),
        ("9", "Контроль размещения школами результатов мониторинга 2 этапа", "До 1 ноября", "Результаты размещены"),
        ("10", "Подведение итогов реализации проекта в регионе", "До 20 декабря", "Итоговый отчёт региона"),
    ]

    static func seed(region: Region, year: Int, coordinator: UUID, now: Date, on db: Database) async throws {
        let today = CalendarDate(now, in: InclusionFacts.defaultZone)
        var random = SeededRandom(named: "plan \(region.name) \(year)")
        let plan = TerritoryRoadmapRecord(owner: Place(region: try region.requireID()), cycleYear: year,
                                          title: "План-график реализации проекта «500+» в регионе на \(year) год",
                                          orderNumber: "\(random.int(100...480))-р",
                                          orderDate: CalendarDate(year: year, month: 3, day: random.int(1...20)),
                                          createdBy: coordinator, at: LivingYearDemo.moment(CalendarDate(year: year, month: 2, day: 1)!, hour: 10))
        try await plan.create(on: db)
        for (position, entry) in items.enumerated() {
            let item = RoadmapItemRecord(roadmapID: try plan.requireID(), position: position,
                                         item: RoadmapItem(number: entry.number, action: entry.action, dueText: entry.due,
                                                           cycleYear: year, indicator: entry.indicator))
            try await item.create(on: db)
            guard let due = item.due, due < today, random.chance(0.7) else { continue }
            // Marked on the day it was done: a figure as of an earlier day does not count it.
            let doneOn = min(today, due.adding(days: random.int(-12...20)))
            try await RoadmapItemMark(itemID: try item.requireID(), roadmapID: try plan.requireID(), isDone: true, doneOn: doneOn,
                                      evidenceSHA256: nil, evidenceName: nil, evidenceLink: nil, comment: "",
                                      by: coordinator, at: min(now, LivingYearDemo.moment(doneOn, hour: 18)), on: doneOn).create(on: db)
        }
    }
}
