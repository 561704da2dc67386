import Foundation
import MEDKCore

extension Strings {
    enum Mail {
        // Letters
        static func subject(_ what: String) -> String { "МЭДК: \(what)" }
        static let openLink = "Открыть в ИС МЭДК"
        static let footer = "Это письмо отправила ИС МЭДК (проект «500+»). Настроить письма можно на странице «Почта» в личном кабинете."
        static let unsubscribeLink = "Больше не присылать такие письма"
        static let digestLead = "Уведомления за день"
        static let digestName = "ежедневная сводка уведомлений"
        static let digestNotifications = RussianPlural("уведомление", "уведомления", "уведомлений")
        static func digestSubject(_ count: Int) -> String { "МЭДК: сводка за день — \(digestNotifications(count))" }
        static func greeting(_ name: String) -> String { "Здравствуйте, \(name)!" }
        static let resetSubject = "МЭДК: восстановление пароля"
        static let resetText = "Кто-то (возможно, вы) запросил смену пароля для входа в ИС МЭДК. Чтобы задать новый пароль, откройте ссылку; она действует один час и только один раз:"
        static let resetButton = "Задать новый пароль"
        static let resetIgnore = "Если вы не запрашивали смену пароля, ничего не делайте: пароль останется прежним."
        static let testSubject = "МЭДК: проверка почты"
        static let testText = "Это проверочное письмо ИС МЭДК: если вы его читаете, отправка почты настроена верно."

        // Reminders
        static let days = RussianPlural("день", "дня", "дней")
        static let workingDays = RussianPlural("рабочий день", "рабочих дня", "рабочих дней")
        static func controlDateSoon(school: String, event: String, due: CalendarDate, daysLeft: Int) -> String {
            daysLeft == 0
                ? "\(school): сегодня контрольная дата «\(event)» (\(due.russian)), шаг ещё не выполнен"
                : "\(school): до контрольной даты «\(event)» (\(due.russian)) — \(days(daysLeft)), шаг ещё не выполнен"
        }
        static func controlDateOverdue(school: String, event: String, due: CalendarDate) -> String {
            "\(school): просрочено — контрольная дата «\(event)» (\(due.russian)) прошла, шаг не выполнен"
        }
        static func reviewWaiting(school: String, title: String, days: Int) -> String {
            "\(school): «\(title)» ждёт проверки \(workingDays(days))"
        }
        static func visitOverdue(school: String, due: CalendarDate) -> String {
            "\(school): посещение куратора просрочено — по правилу цикла его нужно было провести до \(due.russian)"
        }
        static func planItem(title: String, action: String, due: CalendarDate, late: Bool) -> String {
            late ? "«\(title)»: просрочено мероприятие «\(action)» (срок \(due.russian))"
                 : "«\(title)»: срок мероприятия «\(action)» — \(due.russian)"
        }

        // The account's e-mail settings
        static let preferencesTitle = "Почта"
        static let preferencesLead = "Уведомления всегда видны в ИС МЭДК (колокольчик «Уведомления»). Здесь можно выбрать, какие из них присылать на электронную почту: сразу, одним письмом в день (в 08:00 по времени вашего региона) или не присылать."
        static let address = "Адрес электронной почты"
        static let addressHint = "На него приходят уведомления и ссылка для восстановления пароля. Оставьте пустым, чтобы не получать писем."
        static let kindsLegend = "Какие уведомления присылать на почту"
        static func modeTitle(_ mode: MailMode) -> String {
            switch mode {
            case .now: "Сразу"
            case .digest: "Раз в день, сводкой"
            case .off: "Не присылать"
            }
        }
        static let save = "Сохранить"
        static let saved = "Настройки почты сохранены."
        static func badAddress(_ address: String) -> String {
            "«\(address)» — не адрес электронной почты. Укажите адрес вида name@example.ru."
        }

        // Unsubscribing
        static let unsubscribeTitle = "Отписка от писем"
        static func unsubscribeQuestion(_ what: String) -> String { "Больше не присылать на почту письма «\(what)»?" }
        static let unsubscribeButton = "Отписаться"
        static func unsubscribed(_ what: String) -> String { "Готово: письма «\(what)» больше не придут. Уведомления останутся в ИС МЭДК." }
        static let unsubscribeAfter = "Вернуть письма можно в личном кабинете: "
        static let badUnsubscribe = "Ссылка для отписки повреждена. Скопируйте её из письма целиком или настройте письма в личном кабинете."

        // Administration
        static let adminTitle = "Исходящая почта"
        static let adminCaption = "Исходящие письма, новые сверху"
        static let notConfigured = "Письма не отправляются: почта не настроена. Задайте MEDK_SMTP_URL и MEDK_MAIL_FROM и перезапустите ИС МЭДК — накопленные письма уйдут."
        static func statusTitle(_ status: MailStatus, configured: Bool) -> String {
            switch status {
            case .pending: configured ? "Ожидают отправки" : "Не отправлено: почта не настроена"
            case .sent: "Отправлены"
            case .failed: "Не доставлены"
            }
        }
        static let createdAt = "Создано"
        static let to = "Кому"
        static let subject = "Тема"
        static let state = "Состояние"
        static let attempts = "Попыток"
        static let serverAnswer = "Ответ почтового сервера"
        static let resendAll = "Отправить снова все недоставленные"
        static let resendOne = "Отправить снова"
        static let resentAll = "Недоставленные письма поставлены в очередь на отправку."
        static let resentOne = "Письмо поставлено в очередь на отправку."
        static let empty = "Писем нет."
        static let notificationGone = "Уведомление, о котором письмо, удалено: письмо не отправлено."
        static let more = "Более ранние письма"

        // Settings and commands
        static func badFrom(_ value: String) -> String { "MEDK_MAIL_FROM: «\(value)» — не адрес электронной почты." }
        static func badSMTPURL(_ why: String) -> String {
            "MEDK_SMTP_URL не читается (\(why)). Пример: smtp://user:password@mail.example.ru:587 или smtps://mail.example.ru:465."
        }
        static func digestsWritten(_ count: Int) -> String { "сводок: \(count)" }
        static func remindersWritten(_ count: Int) -> String { "напоминаний: \(count)" }
        static func jobSkipped(_ name: String, slot: String?) -> String {
            slot.map { "\(name): за период \($0) уже выполнена или выполняется другим экземпляром — не повторяется." }
                ?? "\(name): на этот момент выполнять нечего."
        }
    }
}
