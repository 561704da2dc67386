import Foundation
import MEDKCore

extension Strings {
    /// What MEDK shows everyone: the footer, the territories' public pages and acts (issue 17).
    enum Openness {
        static let defaultInstallation = "Установка МЭДК"
        static func version(_ version: String) -> String { "МЭДК, версия \(version)" }
        static func support(_ contact: String) -> String { "Поддержка: \(contact)" }
        static let signIn = "Войти"
        static let publicMenu = "Открытые разделы"

        // Acts
        static let acts = "Нормативные акты"
        static let recommendations = "Рекомендации"
        static let noActs = "Опубликованных актов пока нет."
        static let noRecommendations = "Опубликованных рекомендаций пока нет."
        static func kindTitle(_ kind: TerritoryActKind) -> String {
            switch kind {
            case .order: "Приказ"
            case .regulation: "Положение"
            case .recommendation: "Методические рекомендации"
            }
        }
        static let publishAct = "Опубликовать акт"
        static let publishActHint = "Приказ, положение или рекомендации территории: они появятся на её открытой странице."
        static let actKind = "Вид документа"
        static let actNumber = "Номер"
        static let actNumberHint = "Например: 579 или 102-1."
        static let actDate = "Дата"
        static let actTitle = "Название"
        static let actTitleHint = "Например: «Об утверждении положения о муниципальной системе работы со ШНОР»."
        static let actFile = "Файл документа"
        static let actPublished = "Акт опубликован на открытой странице территории."
        static let actNumberRequired = "Укажите номер документа (до 50 знаков)."
        static let actDateRequired = "Укажите дату документа: не позже сегодняшней."
        static let actTitleRequired = "Укажите название документа (до 500 знаков)."
        static let actKindRequired = "Выберите вид документа."
        static let actFileRequired = "Приложите один файл документа."
        static func actLine(_ kind: TerritoryActKind, number: String, date: CalendarDate?) -> String {
            "\(kindTitle(kind)) от \(date?.russian ?? "—") № \(number)"
        }

        // The public page of a territory
        static let municipalitiesTitle = "Муниципалитеты региона"
        static let plansTitle = "Планы-графики"
        static let monitoringTitle = "Результаты мониторингов"
        static let monitoringHint = "Только сводные данные: сколько участников мониторинга попали в каждый уровень. Имена педагогов и данные обучающихся не публикуются."
        static let noMonitoring = "Итогов мониторингов пока нет."
        static let instrument = "Мониторинг"
        static let period = "Период"
        static let evaluated = "Оценено"
        static let levels = "Уровни"
        static func tooFewToShow(_ minimum: Int) -> String { "меньше \(minimum) участников: не публикуется" }
        static let indicatorsTitle = "Показатели включённости школ"
        static func indicatorsAsOf(_ day: CalendarDate) -> String { "На \(day.russian), школы территории вместе." }
        static let noCycle = "Год программы не открыт."
        static let indicator = "Показатель"
        static let done = "Выполнено"
        static let share = "Доля"
        static let practicesTitle = "Лучшие практики школ территории"
        static let noPractices = "Опубликованных практик пока нет."
        static let regionPage = "Страница региона"
    }
}
