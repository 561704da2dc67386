import Foundation
import MEDKCore

extension Strings {
    enum Login {
        static let tooLong = "Логин длиннее 64 символов или пароль длиннее 1024 байт — таких учётных записей нет. Проверьте, что вставили."
        static let title = "Вход в систему"
        static let login = "Логин"
        static let password = "Пароль"
        static let submit = "Войти"
        static let wrong = "Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock."
        static let locked = "Слишком много неудачных попыток входа. Вход для этого логина закрыт на 15 минут — попробуйте позже или обратитесь к администратору."
        static let empty = "Введите логин и пароль."
        static let signedOut = "Вы вышли из системы."
        static let intro = "Информационная система мониторинга электронных дорожных карт школ с низкими образовательными результатами."
    }
}
