import Foundation
import MEDKCore

extension Strings {
    enum Nav {
        static let roadmap = "Дорожная карта"
        static let mySchools = "Мои школы"
        static let schools = "Школы"
        static let regions = "Регионы"
        static let users = "Пользователи"
        static let territories = "Территории"
        static let importData = "Импорт"
        static let audit = "Журнал изменений"
        static let reviews = "На проверку"
        /// Read before the number beside a navigation item.
        static let waiting = ", ждут: "
        static let feed = "Лента событий"
        static let password = "Сменить пароль"
        static let mail = "Почта"
        static let logout = "Выйти"
        static let role = "Роль"
        static let switchRole = "Перейти"
        static let skipToContent = "Перейти к содержанию"
        static let breadcrumbs = "Навигационная цепочка"
        static let mainMenu = "Основное меню"
    }
}
