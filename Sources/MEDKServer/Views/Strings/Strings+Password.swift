import Foundation
import MEDKCore

extension Strings {
    enum Password {
        static let title = "Смена пароля"
        static let current = "Текущий пароль"
        static let new = "Новый пароль"
        static let repeatNew = "Новый пароль ещё раз"
        static let hint = "Не короче \(UserImport.minimumPasswordLength) символов."
        static let wrongCurrent = "Текущий пароль введён неверно."
        static let tooShort = "Новый пароль слишком короткий: нужно не меньше \(UserImport.minimumPasswordLength) символов."
        static let mismatch = "Новые пароли не совпадают. Введите один и тот же пароль дважды."
        static let changed = "Пароль изменён. Другие сеансы входа с этим логином закрыты."
    }
}
