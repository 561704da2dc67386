import Foundation
import MEDKCore

extension Strings {
    enum Verification {
        static let title = "Верификация РПШ"
        static let parameters = "Параметры оценки образовательной среды школы"
        static let diagnosed = "Диагностирован в рисковом профиле"
        static let observed = "Подтверждается /не подтверждается наблюдениями"
        static let confirmed = "подтверждается"
        static let notConfirmed = "не подтверждается"
        static let note = "Примечание"
        static let addedRisks = "И иные факторы риска, отмеченные куратором:"
        static let markVerified = "РПШ верифицирован (по итогам посещения школы)"
        static let verifiedOn = "Дата верификации"
        static let futureDate = "Дата верификации не может быть позже сегодняшнего дня."
        static func beforeAssignment(_ start: String) -> String {
            "Дата верификации не может быть раньше начала вашей работы куратором этой школы (\(start))."
        }
        static let saved = "Протокол сохранён."
        static let verified = "Протокол сохранён, РПШ отмечен верифицированным."
        static let other = "Другое (укажите, что)"
        static func checksFactors(_ factors: [String]) -> String { "Проверяет факторы риска: " + factors.joined(separator: "; ") }
        static let mappingNote = "Каждая группа параметров проверяет перечисленные под ней факторы риска; «диагностирован в рисковом профиле» — наибольшая значимость среди них по РПШ школы. Группа 6 «Другое» с факторами каталога не связана: отмеченное в ней куратор добавляет к иным факторам риска."
        static let allGroupsNeeded = "Чтобы отметить РПШ верифицированным, укажите для каждого параметра, подтверждается ли он наблюдениями."
    }
}
