import Foundation
import MEDKCore

extension Strings {
    enum TerritoryRoadmaps {
        typealias Column = RoadmapImport.Column
        static let navTitle = "Планы-графики"
        static let title = "Планы-графики территорий"
        static func listTitle(_ territory: String) -> String { "Планы-графики: \(territory)" }
        static let territory = "Территория"
        static let planTitle = "Название плана-графика"
        static let planCrumb = "План-график"
        static let itemCrumb = "Пункт"
        static let year = "Год реализации"
        static let yearHint = "Год, к которому относятся сроки без года («До 30 апреля»)."
        static let orderNumber = "Номер приказа об утверждении"
        static let orderDate = "Дата приказа"
        static let approvedBy = "утверждён приказом"
        static let order = "Приказ"
        static func order(_ roadmap: TerritoryRoadmapRecord) -> String? {
            let number = roadmap.orderNumber.map { "№ \($0)" }
            let date = roadmap.orderDay.map { "от \($0.russian)" }
            let text = [number, date].compactMap { $0 }.joined(separator: " ")
            return text.isEmpty ? nil : text
        }
        static let items = "Мероприятий"
        static let noPlans = "Планов-графиков пока нет."
        static let noItems = "В плане-графике нет ни одного пункта."
        static let municipalPlans = "Планы-графики муниципалитетов"
        static let publicLink = "Публичная страница территории"
        static let exportXLSX = "Скачать XLSX"
        static let sheetName = "План-график"
        static func exportFileName(_ roadmap: TerritoryRoadmapRecord, day: CalendarDate) -> String {
            "План-график \(roadmap.cycleYear) на \(day.russian).xlsx"
        }

        static let number = Column.number
        static let action = Column.action
        static let form = Column.form
        static let due = Column.due
        static let responsible = Column.responsible
        static let indicator = Column.indicator
        static let target = Column.target
        static let column = Column.column
        static let dueDate = "Срок (дата)"
        static let standing = "Исполнение"
        static let standingToday = "Исполнение на сегодня"
        static func standingColumn(_ day: CalendarDate) -> String { "Исполнение на \(day.russian)" }
        static func stateTitle(_ state: RoadmapStanding.State) -> String? {
            switch state {
            case .heading: nil
            case .open: "не отмечено"
            case .done(let day?): "выполнено \(day.russian)"
            case .done(nil): "выполнено"
            case .notDone: "не выполнено"
            case .overdue: "просрочено"
            }
        }

        // The share done as of a day.
        static let shareTitle = "Доля выполненных мероприятий"
        static let asOf = "На дату"
        static let show = "Показать"
        static func shareToday(_ day: CalendarDate) -> String { "Выполнено на \(day.russian)" }
        static let actionsOf = RussianPlural("мероприятия", "мероприятий", "мероприятий")
        static let actions = RussianPlural("мероприятие", "мероприятия", "мероприятий")
        static func percent(_ fraction: Double) -> String { Common.percent(fraction) }
        static func shareShort(_ share: RoadmapProgress.Share) -> String {
            guard let fraction = share.fraction else { return Strings.Common.none }
            return "\(share.done) из \(share.due) (\(percent(fraction)))"
        }
        static func shareSentence(_ share: RoadmapProgress.Share, asOf day: CalendarDate) -> String {
            guard let fraction = share.fraction else {
                return "На \(day.russian) срок ещё не наступил ни для одного мероприятия."
            }
            return "На \(day.russian) выполнено \(share.done) из \(actionsOf(share.due)) со сроком до этой даты — \(percent(fraction))."
        }
        static func overdueSentence(_ count: Int) -> String { "Просрочено: \(actions(count))." }
        static let shareRule = "Доля выполненных — мероприятия со сроком не позже выбранной даты, отмеченные выполненными к этой дате, к числу всех мероприятий со сроком не позже этой даты. Мероприятия без конкретного срока («ежеквартально», «в течение года») в долю не входят. Отметка учитывается с того дня, когда её сделали, поэтому доля на прошедшую дату не меняется."
        static func itemsSummary(_ count: Int) -> String { "Мероприятия плана-графика (\(count))" }

        // Import.
        static let importTitle = "Загрузить план-график из файла"
        static let importIntro = "Каждая строка таблицы — пункт плана-графика в том порядке, как в документе. Файл сначала проверяется целиком: если в любой строке ошибка, не загружается ничего. Если план-график с таким названием и годом уже есть, он обновляется по файлу; повторная загрузка того же файла ничего не меняет."
        static let columnsHint = "В столбце «Раздел» пишут «да» для строк-заголовков разделов. «Столбец» и «Строка таблицы» нужны для плана в несколько столбцов (муниципальный орган / методическая служба / школа). Сроки пишут как в документе: «28 января», «До 1 марта», «С 18 января по 4 февраля», «ежеквартально», «в течение года»."
        static let titleHint = "Как в приказе об утверждении."
        static let titleRequired = "Укажите название плана-графика."
        static let badYear = "Укажите год реализации четырьмя цифрами, например 2022."
        static func tooLong(_ max: Int) -> String { "Слишком длинное значение: не больше \(max) символов." }
        static let reimportTitle = "Загрузить план-график заново из файла"
        static let reimportIntro = "Строки файла сопоставляются с пунктами по порядку. Изменённые пункты обновляются, отметки о выполнении сохраняются. Пункты, у которых есть отметки, удалить нельзя."
        static func markedItemsMissing(_ numbers: [String]) -> String {
            "Файл не загружен: в нём нет пунктов, у которых уже есть отметки о выполнении (\(numbers.joined(separator: ", "))). Верните эти строки в файл. Ничего не изменено."
        }
        static func removedRows(_ count: Int) -> String { "Удалено пунктов: \(count)." }

        // Marks.
        static let markDoneTitle = "Отметить выполнение"
        static let markNotDoneTitle = "Отметить невыполнение"
        static let markDone = "Отметить выполненным"
        static let markNotDone = "Отметить невыполненным"
        static let doneOnColumn = "Дата выполнения"
        static let evidence = "Подтверждение"
        static let evidenceFile = "Файл-подтверждение"
        static let evidenceLink = "или ссылка на подтверждение"
        static let evidenceHint = "Например, приказ на сайте управления образования: https://…"
        static let comment = "Комментарий"
        static let reason = "Причина невыполнения"
        static let history = "История отметок"
        static let markedAt = "Когда отмечено"
        static let who = "Кто"
        static let mark = "Отметка"
        static let noMarks = "Отметок пока нет."
        static let backToPlan = "К плану-графику"
        static let markedDone = "Пункт отмечен выполненным."
        static let markedNotDone = "Пункт отмечен невыполненным."
        static let notDone = "не выполнено"
        static func doneOn(_ day: CalendarDate?) -> String { day.map { "выполнено \($0.russian)" } ?? "выполнено" }
        static let headingCannotBeMarked = "Это заголовок раздела: отмечают мероприятия под ним."
        static let doneOnRequired = "Укажите дату выполнения в формате дд.мм.гггг."
        static let doneOnInFuture = "Дата выполнения не может быть позже сегодняшнего дня."
        static let evidenceRequired = "Приложите подтверждение выполнения: файл или ссылку."
        static let badLink = "Ссылка указана неверно: она должна начинаться с http:// или https:// и не содержать пробелов."
        static let reasonRequired = "Напишите причину, по которой мероприятие не выполнено."

        // The public page.
        static func publicTitle(_ territory: String) -> String { "\(territory): открытая страница" }
        static let publicIntro = "Информационная площадка территории: её нормативные акты, планы-графики проекта и доля выполненных мероприятий на сегодня, рекомендации, итоги мониторингов и показатели школ. Страница открыта без входа в систему."
    }
}
