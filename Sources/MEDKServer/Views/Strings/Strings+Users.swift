import Foundation
import MEDKCore

extension Strings {
    enum Users {
        static let title = "Пользователи"
        static let new = "Новый пользователь"
        static let login = "Логин"
        static let loginHint = "Латинские буквы, цифры, точка, дефис, подчёркивание."
        static let fullName = "ФИО"
        static let email = "E-mail"
        static let phone = "Телефон"
        static let password = "Пароль"
        static let passwordHint = "Не короче \(UserImport.minimumPasswordLength) символов. Пусто — будет создан и показан один раз."
        static let roles = "Роли"
        static let role = "Роль"
        static let scope = "Территория / школа"
        static let active = "Активен"
        static let blocked = "заблокирован"
        static let block = "Заблокировать"
        static let unblock = "Разблокировать"
        static let grant = "Назначить роль"
        static let revoke = "Отозвать"
        static let created = "Пользователь создан."
        static func createdWithPassword(_ password: String) -> String {
            "Пользователь создан. Пароль для первого входа: \(password) — передайте его пользователю, он показан один раз."
        }
        static let granted = "Роль назначена."
        static let revoked = "Роль отозвана."
        static let blockedDone = "Пользователь заблокирован; его сеансы закрыты."
        static let unblockedDone = "Пользователь разблокирован."
        static let loginTaken = "Такой логин уже занят."
        static let badLogin = "Логин может содержать только латинские буквы, цифры, точку, дефис и подчёркивание (2–64 символа)."
        static let nameRequired = "Укажите ФИО."
        static let badEmail = "Адрес электронной почты указан неверно."
        static let passwordShort = Password.tooShort
        static let roleRequired = "Выберите роль."
        static let placeRequired = "Для этой роли выберите, к чему она относится: регион, муниципалитет или школу."
        static let forbiddenGrant = "Вы не можете назначить эту роль в этой территории."
        static let notChangeable = "У этого пользователя есть роли, которые вы не можете назначать, поэтому изменять его роли, контакты и блокировать его вы не можете. Обратитесь к координатору более высокого уровня."
        static let duplicateGrant = "У пользователя уже есть эта роль."
        static let selfBlock = "Нельзя заблокировать самого себя."
        static let selfRevoke = "Нельзя отозвать собственную роль: попросите другого администратора или координатора."
        static let schoolCode = "Код ОО (если школы нет в списке)"
        static let searchPlaceholder = "Логин или ФИО"
        static let country = "вся страна"
        static let noGrants = "Ролей нет."
    }
}
