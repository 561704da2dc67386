import Foundation
import MEDKCore

extension Strings {
    enum Common {
        static let table = "Таблица"
        /// A share with one decimal, Russian style: «88,1 %», «100 %». Whole tenths, without String(format:),
        /// which is slow enough to matter in a table of a thousand cells.
        static func percent(_ fraction: Double) -> String {
            let tenths = Int((fraction * 1000).rounded())
            return (tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10),\(abs(tenths % 10))") + " %"
        }
        static let save = "Сохранить"
        static let create = "Создать"
        static let cancel = "Отмена"
        static let search = "Найти"
        static let reset = "Сбросить"
        static let back = "Назад"
        static let home = "На главную"
        static let yes = "да"
        static let no = "нет"
        static let none = "—"
        static let all = "все"
        static let rural = "сельская"
        static let urban = "городская"
        static let required = "обязательное поле"
        static let date = "Дата"
        static let from = "с"
        static let to = "по"
        static let nothingFound = "Ничего не найдено."
        static let schools = RussianPlural("школа", "школы", "школ")
        static let curators = RussianPlural("куратор", "куратора", "кураторов")
        static let users = RussianPlural("пользователь", "пользователя", "пользователей")
        static let rows = RussianPlural("строка", "строки", "строк")
        static let errors = RussianPlural("ошибка", "ошибки", "ошибок")
        static let municipalities = RussianPlural("муниципалитет", "муниципалитета", "муниципалитетов")
    }
}
