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
        static let tooLong = "Новый пароль слишком длинный."

        // Password recovery (issue 14).
        static let forgot = "Забыли пароль?"
        static let recoveryTitle = "Восстановление пароля"
        static let recoveryLead = "Укажите логин или адрес электронной почты учётной записи. Мы отправим письмо со ссылкой для смены пароля; ссылка действует один час и только один раз."
        static let recoveryLogin = "Логин или адрес электронной почты"
        static let recoverySend = "Отправить ссылку"
        static let recoveryEmpty = "Укажите логин или адрес электронной почты."
        static let recoverySent = "Если такая учётная запись есть и в ней указан адрес электронной почты, на него отправлено письмо со ссылкой для смены пароля. Ссылка действует один час. Если письмо не пришло, проверьте папку «Спам» или обратитесь к своему координатору."
        static let backToLogin = "Вернуться ко входу"
        static let resetTitle = "Новый пароль"
        static let resetSave = "Сохранить пароль"
        static let linkInvalid = "Ссылка недействительна: она устарела (действует один час) или уже была использована."
        static let recoveryAgain = "Запросить новую ссылку"
        static let recovered = "Пароль изменён. Все сеансы входа с этим логином закрыты — войдите с новым паролем."
    }
}
