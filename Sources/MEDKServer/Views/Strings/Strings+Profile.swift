import Foundation
import MEDKCore

extension Strings {
    enum Profile {
        static let title = "Рисковый профиль школы (РПШ)"
        static let none = "Рисковый профиль ещё не загружен: его импортирует координатор по результатам анкетирования."
        static let respondents = "Анкетирование"
        static let done = "пройдено"
        static let notDone = "не пройдено"
        static let number = "№"
        static let factor = "Факторы риска"
        static let significance = "Значимость фактора риска"
        static let needsVerification = "требует верификации куратором"
        static let original = "Исходный файл РПШ"
        static let attach = "Прикрепить исходный файл РПШ"
        static let attached = "Исходный файл РПШ прикреплён."
        static let noOriginal = "Исходный файл не прикреплён."
    }
}
