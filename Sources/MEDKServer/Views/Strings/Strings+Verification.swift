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
        static let allGroupsNeeded = "Чтобы отметить РПШ верифицированным, укажите для каждого параметра, подтверждается ли он наблюдениями."
    }
}
