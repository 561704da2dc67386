import Foundation
import MEDKCore

extension Strings {
    /// Programme years: the federal coordinator prepares, opens and closes cycles.
    enum Cycles {
        static let navTitle = "Циклы программы"
        static let title = "Циклы программы"
        static let intro = "Каждый год программы — свой цикл: свой перечень факторов риска, свои контрольные даты и периодичность посещений. Следующий цикл создаётся копией одного из прежних; пока он черновик, его даты можно исправить. Открытый цикл становится текущим с даты начала; закрытый остаётся архивом только для чтения."
        static let cycle = "Цикл"
        static let year = "Год"
        static let dates = "Сроки"
        static let status = "Состояние"
        static let copiedFrom = "Создан на основе"
        static let current = "текущий"
        static func statusTitle(_ status: CycleStatus) -> String {
            switch status {
            case .draft: "черновик"
            case .open: "открыт"
            case .closed: "закрыт (архив)"
            }
        }
        static func span(_ cycle: Cycle) -> String { "\(cycle.starts.russian) – \(cycle.ends.russian)" }

        // Creating the next cycle.
        static let newTitle = "Новый цикл"
        static let newHint = "Перечень факторов риска, контрольные даты (сдвинутые на новый год) и периодичность посещений копируются из выбранного цикла; исходный цикл не меняется."
        static let titleField = "Название"
        static let titleHint = "Например: «Проект адресной методической помощи «500+», 2022 год»."
        static let source = "Копировать из цикла"
        static let startsOn = "Начало цикла"
        static let endsOn = "Окончание цикла"
        static let create = "Создать черновик цикла"
        static func created(_ cycle: Cycle) -> String {
            "Черновик цикла \(cycle.year) года создан. Проверьте контрольные даты и откройте цикл."
        }

        // One cycle.
        static let factors = "Факторы риска"
        static let controlDates = "Контрольные даты"
        static let date = "Дата"
        static let event = "Событие"
        static let indicator = "Показатель"
        static let datesHint = "Даты сдвинуты на разницу лет; исправьте те, что в новом году приходятся на другой день."
        static let saveDates = "Сохранить даты"
        static let datesSaved = "Контрольные даты сохранены."
        static let datesUnchanged = "Даты не изменились."
        static let openCycle = "Открыть цикл"
        static func openConfirm(_ cycle: Cycle) -> String {
            "Открыть цикл \(cycle.year) года? С \(cycle.starts.russian) он станет текущим, его контрольные даты больше нельзя будет менять."
        }
        static let opened = "Цикл открыт. С даты начала он текущий."
        static let closeCycle = "Закрыть цикл"
        static func closeConfirm(_ cycle: Cycle) -> String {
            "Закрыть цикл \(cycle.year) года? Он останется архивом: все страницы и выгрузки откроются, но изменить в нём ничего будет нельзя."
        }
        static let closed = "Цикл закрыт и остаётся архивом."
        static let visitRule = "Периодичность посещений"

        static func archived(_ cycle: Cycle) -> String {
            "Цикл \(cycle.year) года закрыт и хранится как архив: в нём ничего нельзя изменить. Ничего не изменено."
        }

        // A school's other years.
        static let otherYears = "Другие годы программы"
        static func openYear(_ year: Int) -> String { "Открыть \(year) год" }
        static func pastYearNote(_ cycle: Cycle) -> String {
            "Это \(cycle.year) год программы: шаги показаны такими, какими они были к его концу (\(cycle.ends.russian))."
        }
        static let toRunningYear = "К текущему году"
        static let yearDocuments = "Документы этого года"
        static func yearOutcome(documents: Int, approved: Int) -> String {
            documents == 0 ? "Документов в этом году нет." : "Документов: \(documents), согласовано куратором: \(approved)."
        }

        // Schools of the cycle.
        static let schools = "Школы цикла"
        static func schoolCount(_ count: Int) -> String {
            count == 0 ? "В цикле пока нет школ." : "Школ в цикле: \(count)."
        }
        static func carryTitle(_ source: Cycle) -> String { "Перенести школы из цикла «\(source.title)»" }
        static let carryHint = "Школы выбранных регионов становятся участниками этого цикла с даты его начала; школы, которые уже в нём, не меняются. Отдельные школы включаются в цикл на их странице или импортом."
        static let region = "Регион"
        static let sourceSchools = "Школ в исходном цикле"
        static func regionLabel(_ name: String, _ count: Int) -> String { "\(name) — школ: \(count)" }
        static let withCurators = "Вместе с кураторами (назначения, действующие в исходном цикле)"
        static let carry = "Перенести школы"
        static func carried(_ schools: Int, _ curators: Int) -> String {
            "Перенесено школ: \(schools), назначений кураторов: \(curators)."
        }
        static let importTitle = "Включить школы по списку кодов"
        static let importHint = "Файл CSV или XLSX со столбцом «Код ОО», по строке на школу. Файл проверяется целиком: при любой ошибке ни одна школа не включается. Школы, которые уже в цикле, не меняются."
        static let importFile = "Файл со списком"
        static let importButton = "Проверить и включить"
        static func included(_ added: Int, present: Int) -> String {
            "Включено в цикл школ: \(added)" + (present > 0 ? "; уже были в цикле: \(present)." : ".")
        }
        static let noSource = "Этот цикл создан не копией другого цикла: переносить школы не из чего."
        static let regionsRequired = "Отметьте хотя бы один регион."

        // Refusals.
        static let refused = "Ничего не изменено: исправьте ошибки."
        static let badYear = "Укажите год цикла числом от 2000 до 2100."
        static let titleRequired = "Укажите название цикла (не длиннее 200 знаков)."
        static let sourceRequired = "Выберите цикл, из которого копировать."
        static let sourceIsDraft = "Копировать можно только открытый или закрытый цикл, не черновик."
        static let datesRequired = "Укажите даты начала и окончания цикла."
        static func datesOutsideYear(_ year: Int) -> String { "Начало и окончание цикла должны быть в \(year) году." }
        static let endBeforeStart = "Окончание цикла не может быть раньше его начала."
        static func yearTaken(_ year: Int) -> String { "Цикл \(year) года уже есть — выберите другой год." }
        static let notDraft = "Цикл уже открыт или закрыт: его контрольные даты не меняются."
        static let notOpen = "Закрыть можно только открытый цикл."
        static func overlaps(_ other: Cycle) -> String {
            "Сроки цикла пересекаются с открытым циклом «\(other.title)» (\(span(other))). Закройте его или измените сроки."
        }
        static func badDate(_ event: String) -> String { "«\(event)»: дата не читается, укажите её как дд.мм.гггг." }
        static func dateOutsideCycle(_ event: String, _ cycle: Cycle) -> String {
            "«\(event)»: дата должна быть в сроках цикла (\(span(cycle)))."
        }

        // The audit journal.
        static func createdSummary(_ cycle: Cycle, from source: Cycle) -> String { "\(cycle.title) (копия цикла \(source.year) года)" }
        static func datesChangedSummary(_ cycle: Cycle, _ changes: [(String, CalendarDate)]) -> String {
            "\(cycle.title): " + changes.map { "«\($0.0)» — \($0.1.russian)" }.joined(separator: "; ")
        }
        static func openedSummary(_ cycle: Cycle) -> String { "\(cycle.title), с \(cycle.starts.russian)" }
        static func closedSummary(_ cycle: Cycle) -> String { cycle.title }
        static func includedSummary(_ cycle: Cycle, added: Int) -> String { "\(cycle.title): по списку кодов включено школ \(added)" }
        static func carriedSummary(_ cycle: Cycle, schools: Int, curators: Int) -> String {
            "\(cycle.title): школ \(schools), назначений кураторов \(curators)"
        }
        // Reminders (issue 14)
        static let reminderDays = "Напоминать о контрольной дате за (дней)"
        static let reminderDaysHint = "Через запятую, например «7, 1»: школы, не выполнившие шаг, и их кураторы получат напоминание за столько дней до даты; на следующий день после неё — «просрочено»."
        static let badReminderDays = "Дни напоминаний: укажите от одного до пяти целых чисел от 1 до 60 через запятую, например «7, 1»."
    }
}
