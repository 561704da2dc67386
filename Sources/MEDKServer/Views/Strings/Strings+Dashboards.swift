import Foundation
import MEDKCore

extension Strings {
    /// Monitoring for coordinators (issue 5): inclusion indicators, visits, curator work, exports.
    enum Dashboards {
        static let navTitle = "Показатели"
        static let cycle = "Цикл программы"
        static let visitsNav = "Посещения"
        static let title = "Показатели включенности"
        static func title(_ territory: String) -> String { "Показатели включенности: \(territory)" }
        static let country = "Российская Федерация"
        static let total = "Итого"
        static let asOf = "На дату"
        static let asOfHint = "Показатели считаются по истории: отметка, сделанная позже этой даты, не учитывается."
        static let show = "Показать"
        static let today = "сегодня"
        static let badDate = "Дата указана неверно. Формат: дд.мм.гггг. Показаны данные на сегодня."
        static let noCycle = "Проект текущего года ещё не заведён."
        static let notAvailable = "нет данных"
        static let noPlan = "нет плана-графика"
        static let roadmapUndated = "пункты без сроков: доля от всех"
        static let roadmapNotYetDue = "сроки ещё не наступили: доля от всех"
        static let territoryOnly = "Показатель территории, а не школы: см. строку «Итого»"
        /// Under the table: which regional monitoring the plan column is judged against on the chosen day, and why.
        static func roadmapJudged(_ date: CalendarDate, event: String, day: CalendarDate, monitorings: [CalendarDate]) -> String {
            "Столбец «Исполнено мероприятий дорожной карты» оценивается на \(date.russian) («\(event)»): "
                + "это ближайший из региональных мониторингов года (\(monitorings.map(\.russian).joined(separator: " и "))) "
                + "не раньше выбранной даты \(day.russian), а после последнего — последний. В долю входят пункты плана-графика, срок которых наступил к "
                + "выбранной дате; если у плана нет пунктов со сроками или их сроки ещё не наступили, показана доля "
                + "исполненных из всех пунктов, и это сказано в ячейке."
        }
        static let region = "Регион"
        static let municipality = "Муниципалитет"
        static let school = "Школа"
        static func cell(_ tally: Tally) -> String { "\(tally.done) из \(tally.total)" }
        static func percent(_ fraction: Double) -> String { Common.percent(fraction) }
        static let downloadXLSX = "Скачать XLSX"
        static let downloadCSV = "Скачать CSV"
        static let curatorWork = "Работа кураторов"
        static let charts = "Графики"
        static let indicatorsLegend = "Показатели для контроля включенности региона (дорожная карта «500+»)"
        static let controlDate = "Контрольная дата"
        static let legendTitle = "Цвет ячейки"
        static func standing(_ standing: ControlStanding) -> String {
            switch standing {
            case .done: "выполнено всеми"
            case .dueSoon: "контрольная дата в ближайшие \(ControlStanding.soonDays) дней"
            case .overdue: "контрольная дата прошла, выполнено не всеми"
            case .open: "до контрольной даты больше \(ControlStanding.soonDays) дней"
            case .empty: "нечего считать"
            }
        }
        static let numerator = "Выполнено"
        static let denominator = "Всего школ"
        static let roadmapNumerator = "Исполнено пунктов"
        static let roadmapDenominator = "Всего пунктов"
        static let plansSentNumerator = "Направлено планов"
        static let plansSentDenominator = "Территорий"
        static let share = "Доля"
        static let note = "Примечание"
        /// Why a share cell of the export is empty.
        static func emptyShare(_ indicator: InclusionIndicator, _ why: String) -> String { "«\(indicatorTitle(indicator))»: \(why)" }
        static let noSchoolsTaking = "нет школ, участвующих в проекте на эту дату"
        static let planSent = "направлен"
        static let planNotSent = "не направлен"
        static let noItems = "в плане-графике нет пунктов"

        /// Short column titles; the full seed text is `indicatorText`.
        /// A column head short enough for the whole table to fit 1366 px; the full title is its <abbr title>.
        static func indicatorShort(_ indicator: InclusionIndicator) -> String {
            switch indicator {
            case .curatorAssigned: "Кураторы"
            case .questionnaireCompleted: "Анкеты"
            case .launchSeminar: "Семинар"
            case .visitedAndVerified: "Посещение, РПШ"
            case .directionsActivated: "Направления"
            case .regionalPlanSent: "План направлен"
            case .conceptDocumentsApproved: "Концепция"
            case .monitoring1Approved: "Мониторинг 1"
            case .monitoring2Approved: "Мониторинг 2"
            case .territoryRoadmapDone: "План-график"
            }
        }

        static func indicatorTitle(_ indicator: InclusionIndicator) -> String {
            switch indicator {
            case .curatorAssigned: "Назначены кураторы"
            case .questionnaireCompleted: "Завершено анкетирование"
            case .launchSeminar: "Очное участие в установочном семинаре"
            case .visitedAndVerified: "Посещены кураторами, РПШ верифицированы"
            case .directionsActivated: "Активированы рисковые направления"
            case .regionalPlanSent: "План-график направлен"
            case .conceptDocumentsApproved: "Концептуальные документы подтверждены"
            case .monitoring1Approved: "Мониторинг 1 этап подтверждён"
            case .monitoring2Approved: "Мониторинг 2 этап подтверждён"
            case .territoryRoadmapDone: "Исполнено мероприятий дорожной карты"
            }
        }

        /// «Показатель для контроля включенности региона», word for word from seed 001.
        static func indicatorText(_ indicator: InclusionIndicator) -> String {
            switch indicator {
            case .curatorAssigned: "Доля ОО из числа включенных в проект, в которых назначены кураторы"
            case .questionnaireCompleted: "Доля ОО из числа включенных в проект, в которых завершено анкетирование"
            case .launchSeminar: "Доля ОО из числа включенных в проект, принявших очное участие в установочном семинаре"
            case .visitedAndVerified: "Доля ОО из числа включенных в проект, посещенных кураторами"
            case .directionsActivated: "Доля ОО, активировавших рисковые направления в МЭДК"
            case .regionalPlanSent: "План-график направлен"
            case .conceptDocumentsApproved:
                "Доля ОО из числа включенных в проект, разместивших концептуальные документы, подтвержденные куратором"
            case .monitoring1Approved, .monitoring2Approved:
                "Доля ОО из числа включенных в проект, разместивших документы для мониторинга, подтвержденные куратором"
            case .territoryRoadmapDone: "Доля исполненных мероприятий региональной дорожной карты (на дату мониторинга)"
            }
        }

        /// How MEDK reads each indicator from the data, shown under the table.
        static func indicatorRule(_ indicator: InclusionIndicator) -> String {
            switch indicator {
            case .curatorAssigned: "куратор назначен на этот день"
            case .questionnaireCompleted: "рисковый профиль с завершённым анкетированием загружен"
            case .launchSeminar: "координатор отметил очное участие"
            case .visitedAndVerified: "куратор отметил посещение (кураторы посетили ОО, РПШ верифицированы)"
            case .directionsActivated: "школа активировала хотя бы одно направление"
            case .regionalPlanSent: "план-график (дорожная карта) территории загружен в МЭДК на этот день; в строке страны — доля регионов"
            case .conceptDocumentsApproved, .monitoring1Approved, .monitoring2Approved:
                "в разделе есть документы и все они подтверждены куратором на этот день"
            case .territoryRoadmapDone: "исполненные пункты плана-графика территории из тех, срок которых наступил"
            }
        }

        // Drill-down
        static func cellTitle(_ indicator: InclusionIndicator, _ territory: String) -> String {
            "\(indicatorTitle(indicator)): \(territory)"
        }
        static let done = "Выполнено"
        static let notDone = "Не выполнено"
        static let noSchools = "На эту дату в проекте нет ни одной школы."
        static let badIndicator = "Такого показателя нет. Выберите показатель в таблице."
        static let markSeminar = "Отметить очное участие"
        static let unmarkSeminar = "Снять отметку"
        static let seminarMarked = "Очное участие в установочном семинаре отмечено."
        static let seminarUnmarked = "Отметка об участии в установочном семинаре снята."
        static let seminarAlready = "Отметка уже в этом состоянии — ничего не изменилось."
        static let notInCycle = "Школа не участвует в проекте текущего года."
        static let backToTable = "К таблице показателей"

        // Curator work
        static func curatorWorkTitle(_ territory: String) -> String { "Работа кураторов: \(territory)" }
        static let curator = "Куратор"
        static let schools = "Школ"
        static let itemsWaiting = "Ждут проверки"
        static let medianDays = "Медиана от отправки до решения, дней"
        static let p90Days = "90-й процентиль, дней"
        static let overdueReviews = "Ждут дольше 5 рабочих дней"
        static let visitsThisMonth = "Посещений в этом месяце"
        static let lastActivity = "Последняя активность"
        static let schoolsTitle = "Школы"
        static let daysSinceAction = "Дней с последнего действия школы"
        static let lastVisit = "Последнее посещение"
        static let nextVisit = "Следующее посещение не позже"
        static let visitOverdue = "Посещение просрочено"
        static let never = "не было"
        static let noCurators = "В этой территории нет назначенных кураторов."
        static let latencyNote = "Время от отправки на проверку до решения куратора (подтверждено или возвращено) за весь год проекта, в календарных днях."
        static let curatorWorkByRegion = "Работа кураторов показывается по региону: по стране это тысячи кураторов и школ. Выберите регион."

        // Visits
        static let visitsTitle = "Посещения школ"
        static let myVisits = "Календарь посещений"
        static let logVisit = "Отметить посещение"
        static let visitDate = "Дата посещения"
        static let visitFormat = "Формат"
        static func format(_ format: VisitFormat) -> String {
            switch format {
            case .inPerson: "очно"
            case .remote: "дистанционно"
            }
        }
        static let participants = "Кто участвовал"
        static let participantsHint = "Например: директор, заместитель по УВР, педагоги начальных классов."
        static let purpose = "Цель посещения"
        static let outcome = "Результат"
        static let visitSaved = "Посещение отмечено."
        static let schoolRequired = "Выберите школу."
        static let notYourSchool = "Эта школа не закреплена за вами — выберите одну из своих школ."
        static let formatRequired = "Выберите формат: очно или дистанционно."
        static let purposeRequired = "Укажите цель посещения."
        static let futureVisit = "Посещение не может быть в будущем."
        static let beforeAssignment = "В этот день вы ещё не были куратором этой школы."
        static func tooLong(_ limit: Int) -> String { "Слишком длинный текст: не больше \(limit) символов." }
        static let noVisits = "Посещений пока нет."
        static let mySchools = "Мои школы и периодичность посещений"
        static let ruleTitle = "Периодичность посещений"
        static func rule(_ rule: VisitRule) -> String {
            let first = rule.firstVisitBy.map { "Первичное посещение ОО — до \($0.russian). " } ?? ""
            let until = rule.formingUntil.map { " (до подтверждения концептуальных документов школы, не позднее \($0.russian))" }
                ?? " (до подтверждения концептуальных документов школы)"
            return first + "На стадии формирования дорожной карты\(until) — не реже 1 раза в \(weeks(rule.formingWeeks)); "
                + "на стадии реализации программы — не реже 1 раза в \(weeks(rule.carryingWeeks))."
        }
        static func weeks(_ n: Int) -> String { n == 1 ? "неделю" : "\(n) \(RussianPlural("неделю", "недели", "недель").form(for: n))" }
        static let formingWeeks = "На стадии формирования дорожной карты: не реже 1 раза в … недель"
        static let carryingWeeks = "На стадии реализации программы: не реже 1 раза в … недель"
        static let badWeeks = "Укажите целое число недель от \(VisitRule.allowedWeeks.lowerBound) до \(VisitRule.allowedWeeks.upperBound)."
        static let ruleSaved = "Периодичность посещений сохранена."
        static let visitsOverdueCount = RussianPlural("школа ждёт посещения куратора дольше положенного",
                                                       "школы ждут посещения куратора дольше положенного",
                                                       "школ ждут посещения куратора дольше положенного")

        // Charts
        static func chartTitle(_ indicator: InclusionIndicator, _ territory: String) -> String {
            "\(indicatorTitle(indicator)): \(territory)"
        }
        static let overTime = "Доля школ по дням года проекта"
        static let byTerritory = "По территориям на выбранную дату"
        static let chartIndicator = "Показатель"

        // Exports
        static let indicatorsSheet = "Показатели"
        static let cellSheet = "Школы"
        static let curatorsSheet = "Кураторы"
        static let schoolsSheet = "Школы и посещения"
        static func fileName(_ what: String, _ territory: String, _ day: CalendarDate, _ ext: String) -> String {
            "\(what) — \(territory) — \(day.russian).\(ext)"
        }
        static let unknownExport = "Такой выгрузки нет."
        static let yes = "да"
        static let no = "нет"
    }
}
