import Foundation
import MEDKCore

extension Strings {
    enum Chat {
        static let unreadTitle = "Непрочитанные сообщения"
        static let unreadColumn = "Непрочитанных"
        static let noUnread = "Непрочитанных сообщений нет."
        static let title = "Чат"
        static let message = "Сообщение"
        static let send = "Отправить"
        static let aboutDocument = "О документе (необязательно)"
        static let document = "Документ"
        static let empty = "Сообщений пока нет. Напишите первое — его увидят школа, куратор и координаторы."
        static let emptyMessage = "Напишите текст сообщения."
        static func tooLong(_ max: Int) -> String { "Сообщение длиннее \(max) символов — сократите его или разделите на несколько." }
        static let unread = RussianPlural("новое сообщение", "новых сообщения", "новых сообщений")
    }
}
