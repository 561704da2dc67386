import Foundation
import MEDKCore

extension Strings {
    /// The curators' activity report (issue 15), on which the curators are paid (seed 000).
    enum CuratorReports {
        static let navTitle = "Отчёт о работе кураторов"
        static let title = "Отчёт о работе кураторов"
        static func title(_ region: String) -> String { "Отчёт о работе кураторов: \(region)" }
        static func payment(_ payment: CuratorPayment) -> String {
            switch payment {
            case .first: "Первая оплата работы кураторов (ФИОКО)"
            case .final: "Финальная оплата работы кураторов (ФИОКО)"
            }
        }
        static func paymentShort(_ payment: CuratorPayment) -> String {
            switch payment {
            case .first: "Первая оплата"
            case .final: "Финальная оплата"
            }
        }
        static func period(_ period: ReportPeriod) -> String { "\(period.from.russian) — \(period.to.russian)" }
        static let periodLabel = "Период"
        static let from = "С"
        static let to = "По"
        static let show = "Показать"
        static let customPeriod = "Другой период"
        static let badPeriod = "Период указан неверно: нужны две даты в формате дд.мм.гггг внутри года программы, первая не позже второй. Показан период первой оплаты."
        static let intro = "Один ряд на куратора: школы, закреплённые за ним в периоде, посещения, решения по материалам школ, переписка и шаги, которые школы сделали в периоде. Посещения считаются по дню посещения, решения и сообщения — по времени региона."
        static let noCurators = "В этом периоде за школами региона не было закреплено кураторов."
        static let noCycle = "Проект текущего года ещё не заведён."

        // Columns
        static let curator = "Куратор"
        static let total = "Итого по региону"
        static let schools = "Школ закреплено"
        static let visitsInPerson = "Посещений очно"
        static let visitsRemote = "Посещений дистанционно"
        static let decided = "Решений по материалам"
        static let returned = "Из них возвращено с комментарием"
        static let medianDays = "Медиана срока решения, дней"
        static let p90Days = "90-й процентиль срока решения, дней"
        static let overdueReviews = "Проверок дольше 5 рабочих дней"
        static let chatMessages = "Сообщений в чатах"
        static let stepsCompleted = "Шагов школ выполнено"
        static let overdueHint = "Решения, принятые позже 5 рабочих дней после отправки, и материалы, ждавшие проверки дольше 5 рабочих дней на конец периода."

        // Confirmation
        static let confirm = "Подтвердить отчёт"
        static func confirmFor(_ payment: CuratorPayment) -> String { "Подтвердить отчёт для выплаты «\(paymentShort(payment))»" }
        static let confirmHint = "Подтверждённый отчёт сохраняется как есть: последующие изменения данных его не меняют. Повторное подтверждение создаёт новую версию, прежние сохраняются."
        static let confirmQuestion = "Подтвердить отчёт? Цифры будут сохранены в этом виде."
        static func confirmed(_ version: Int) -> String { "Отчёт подтверждён (версия \(version))." }
        static func notEnded(_ period: ReportPeriod) -> String {
            "Отчёт можно подтвердить только после окончания периода (\(period.to.russian)): сейчас цифры ещё меняются."
        }
        static let badPayment = "Не выбрана выплата: первая или финальная."
        static let closedCycle = "Год программы закрыт: его отчёты можно только просматривать."
        static let versions = "Подтверждённые версии"
        static let noVersions = "Отчёт для этой выплаты ещё не подтверждён."
        static func version(_ number: Int) -> String { "Версия \(number)" }
        static func confirmedBy(_ name: String, _ at: String) -> String { "подтвердил(а) \(name), \(at)" }
        static let latest = "действующая"
        static let download = "Скачать XLSX"
        static let downloadConfirmed = "Скачать подтверждённый отчёт (XLSX)"
        static func auditText(_ payment: CuratorPayment, version: Int) -> String {
            "\(paymentShort(payment)): версия \(version)"
        }

        // Federal overview
        static let overviewIntro = "Статус подтверждения отчётов регионов по каждой выплате. Скачать можно последнюю подтверждённую версию каждого региона — одним файлом, по листу на регион."
        static let region = "Регион"
        static let notConfirmed = "не подтверждён"
        static func confirmedStatus(_ version: Int, _ at: String) -> String { "подтверждён, версия \(version), \(at)" }
        static func regionsConfirmed(_ count: Int, of total: Int) -> String { "Подтвердили \(count) из \(total)" }
        static let downloadAll = "Скачать подтверждённые отчёты (XLSX, лист на регион)"
        static let nothingConfirmed = "Ни один регион ещё не подтвердил отчёт для этой выплаты."
        static let sheet = "Работа кураторов"
        static func fileName(_ what: String, _ payment: CuratorPayment, year: Int) -> String {
            "Отчёт о работе кураторов — \(what) — \(paymentShort(payment)) \(year).xlsx"
        }
        static func fileName(_ region: String, _ period: ReportPeriod) -> String {
            "Отчёт о работе кураторов — \(region) — \(period.from.russian)–\(period.to.russian).xlsx"
        }
    }
}
