import Foundation

extension Strings {
    enum Notifications {
        static let title = "Уведомления"
        static let bell = "Уведомления"
        static let unreadHidden = ", непрочитанных: "
        static func unread(_ count: Int) -> String { "Непрочитанных уведомлений: \(count)" }
        static let empty = "Уведомлений пока нет."
        static let markAllRead = "Отметить все как прочитанные"
        static let allRead = "Все уведомления отмечены как прочитанные."
        static let open = "Открыть"
        static let isNew = "новое"
        static let who = "Кто"
        static let more = "Более ранние уведомления"

        static func kindTitle(_ kind: NotificationKind) -> String {
            switch kind {
            case .submitted: "Отправлено на проверку"
            case .approved: "Согласовано"
            case .returned: "Возвращено на доработку"
            case .reopened: "Открыто для доработки"
            case .chatMessage: "Сообщение в чате"
            case .curatorAssigned: "Назначен куратор"
            case .curatorUnassigned: "Куратор снят со школы"
            case .controlDateSoon: "Приближается контрольная дата"
            case .controlDateOverdue: "Контрольная дата просрочена"
            case .reviewWaiting: "Материал давно ждёт проверки"
            case .visitOverdue: "Просрочено посещение школы"
            case .planItemDue: "Срок мероприятия плана-графика"
            }
        }

        static func reviewed(school: String, title: String, what: String) -> String { "\(school): «\(title)» — \(what)" }
        static func chatMessage(school: String) -> String { "\(school): новое сообщение в чате" }
        static func assignment(curator: String, school: String, ended: Bool) -> String {
            ended ? "\(curator) больше не куратор школы «\(school)»" : "\(curator) назначен куратором школы «\(school)»"
        }
    }
}
