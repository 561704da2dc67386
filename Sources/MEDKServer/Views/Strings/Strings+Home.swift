import Foundation
import MEDKCore

extension Strings {
    enum Home {
        static let title = "Главная"
        static let schoolTitle = "Дорожная карта школы"
        static let notParticipating = "Школа не участвует в текущем году реализации проекта."
        static let cycle = "Год реализации проекта"
        static let curator = "Куратор"
        static let noCurator = "Куратор пока не назначен."
        static let sections = "Разделы дорожной карты"
        static let section = "Раздел"
        static let status = "Состояние"
        static let dueBy = "Контрольная дата"
        static let when = "Срок"
        static let nextStep = "Следующий шаг"
        static let nothingToDo = "Всё, что нужно сейчас, отправлено: ждём решения куратора."
        static let returnedTitle = "Возвращено на доработку"
        static func rework(_ title: String) -> String { "Доработать: «\(title)»" }
        static func nextAction(_ section: RoadmapSection, started: Bool) -> String {
            switch section {
            case .selfAssessment: started ? "Отправить самообследование куратору" : "Заполнить самообследование"
            case .directions: "Активировать направления"
            case .programs: started ? "Отправить программы куратору" : "Написать программы направлений"
            case .conceptDocuments: started ? "Отправить концептуальные документы куратору" : "Загрузить концептуальные документы"
            case .stage1: "Загрузить документы этапа 1"
            case .stage2: "Загрузить документы этапа 2"
            case .monitoring1: started ? "Отправить мониторинг 1 куратору" : "Внести значения мониторинга 1"
            case .monitoring2: started ? "Отправить мониторинг 2 куратору" : "Внести значения мониторинга 2"
            case .diagnostics: "Загрузить документы стартовой диагностики"
            case .verification: "Открыть верификацию РПШ"
            case .chat: "Написать куратору"
            }
        }
        /// «просрочено на 12 дней», «осталось 5 дней», «ждёт куратора 3 дня»; nil when there is nothing to say.
        static func timing(_ timing: SchoolSteps.Timing) -> String? {
            switch timing {
            case .done, .undated: nil
            case .overdue(let days): "просрочено на \(Roadmap.days(days))"
            case .left(0): "срок сегодня"
            case .left(let days): "\(RussianPlural("остался", "осталось", "осталось").form(for: days)) \(Roadmap.days(days))"
            case .waitingForCurator(0): "ждёт куратора с сегодняшнего дня"
            case .waitingForCurator(let days): "ждёт куратора \(Roadmap.days(days))"
            case .returned: "нужно доработать"
            }
        }
        static let notStarted = "не начато"
        static let controlDates = "Контрольные даты дорожной карты 500+"
        static let nextControlDate = "Ближайшая контрольная дата"
        static let noNextControlDate = "контрольные даты этого года реализации проекта прошли"
        static let event = "Событие"
        static let indicator = "Показатель для контроля включенности"
        static let curatorTitle = "Мои школы"
        static let mySchools = "Школы"
        static let allClear = "Срочных дел нет: всё проверено, посещения в срок, школы работают."
        static func waitingReviews(_ count: Int) -> String { "Ждут проверки: \(count)" }
        static let allReviews = "Все документы на проверку →"
        static func overdueVisits(_ count: Int) -> String { "Просрочены посещения: \(count)" }
        static let logVisit = "Записать посещение →"
        static func silentSchools(_ count: Int) -> String { "Школы без движения \(CuratorToDo.silentDays) дней и больше: \(count)" }
        static let lastMove = "Последнее действие школы"
        static let writeToSchool = "Написать школе"
        static let contact = "Связь"
        static let attentionTitle = "Требует внимания"
        static let attentionNone = "Сегодня всё в срок: показатели не отстают от контрольных дат, проверки и посещения идут вовремя."
        static func behind(_ indicator: String, tally: Tally, controlDate: CalendarDate) -> String {
            "«\(indicator)»: \(tally.fraction.map(Common.percent) ?? "—") (\(tally.done) из \(tally.total)), контрольная дата \(controlDate.russian) прошла"
        }
        static func slowCurators(_ count: Int) -> String { "Кураторов, у которых документы ждут проверки дольше 5 рабочих дней: \(count)" }
        static func overdueVisitsIn(_ count: Int) -> String { "Школ с просроченным посещением куратора: \(count)" }
        static func silentIn(_ count: Int) -> String { "Школ без движения \(CuratorToDo.silentDays) дней и больше: \(count)" }
        static func overduePlanItems(_ count: Int) -> String { "Просроченных пунктов плана-графика: \(count)" }
        static let noAssignedSchools = "Вам пока не назначено ни одной школы. Назначения делает муниципальный или региональный координатор."
        static let assignedSince = "Куратор с"
        static let federalTitle = "Регионы"
        static let participating = "Школ в проекте"
        static let withCurator = "С куратором"
        static let curatorsCount = "Кураторов"
        static let adminTitle = "Администрирование"
        static let adminUsers = "Пользователи"
        static let adminTerritories = "Территории"
        static let totals = "Всего в системе"

        static func sectionTitle(_ section: RoadmapSection) -> String {
            switch section {
            case .diagnostics: "Стартовая диагностика"
            case .verification: "Верификация РПШ"
            case .selfAssessment: "Самообследование"
            case .directions: "Направления"
            case .programs: "Программы направлений"
            case .conceptDocuments: "Концептуальные документы"
            case .stage1: "Этап 1"
            case .stage2: "Этап 2"
            case .monitoring1: "Мониторинг 1"
            case .monitoring2: "Мониторинг 2"
            case .chat: "Чат"
            }
        }
    }
}
