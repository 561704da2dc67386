/// A cycle's methodology as data: the risk-factor catalogue and the federal control dates.
/// New cycles get their own copy, so a later change of methodology never rewrites a past year.
public struct Methodology: Sendable, Equatable {
    public struct RiskFactor: Sendable, Equatable {
        public let number: Int
        public let title: String

        public init(number: Int, title: String) {
            self.number = number
            self.title = title
        }
    }

    public struct ControlDate: Sendable, Equatable {
        public let date: CalendarDate
        public let event: String
        public let description: String
        /// «Показатель для контроля включенности региона»; nil where the seed has «-».
        public let indicator: String?
        /// Stable code that later features (sections, inclusion indicators) refer to.
        public let kind: ControlDateKind?
    }

    public let year: Int
    public let title: String
    public let riskFactors: [RiskFactor]
    public let controlDates: [ControlDate]
}

/// The control dates that the roadmap and the coordinators' indicators are judged against.
public enum ControlDateKind: String, Sendable, CaseIterable, Codable {
    case curatorsAssigned = "curators_assigned"
    case questionnairesCompleted = "questionnaires_completed"
    case launchSeminar = "launch_seminar"
    case profilesPlaced = "profiles_placed"
    case firstVisit = "first_visit"
    case regionalPlans = "regional_plans"
    case conceptDocuments = "concept_documents"
    case monitoring1 = "monitoring_1"
    case regionalMonitoring1 = "regional_monitoring_1"
    case regionalMonitoring2 = "regional_monitoring_2"
    case monitoring2 = "monitoring_2"
}

extension Methodology {
    /// The 2021 methodology: the 10 risk factors of seed 003 (risk profile and self-analysis card)
    /// and the «Дорожная карта 500+» of seed 001, word for word.
    public static let cycle2021 = Methodology(
        year: 2021,
        title: "Проект адресной методической помощи «500+» — 2021",
        riskFactors: [
            "Недостаточная предметная и методическая компетентность педагогических работников",
            "Дефицит педагогических кадров",
            "Высокая доля обучающихся с ОВЗ",
            "Низкое качество преодоления языковых и культурных барьеров",
            "Высокая доля обучающихся с рисками учебной неуспешности",
            "Низкая учебная мотивация обучающихся",
            "Низкий уровень вовлеченности родителей",
            "Низкий уровень дисциплины в классе",
            "Пониженный уровень школьного благополучия",
            "Низкий уровень оснащения школы",
        ].enumerated().map { RiskFactor(number: $0.offset + 1, title: $0.element) },
        controlDates: [
            .init(date: d(2021, 2, 15), event: "Назначение кураторов",
                  description: "Регион назначает кураторов в отобранные школы",
                  indicator: "Доля ОО из числа включенных в проект, в которых назначены кураторы",
                  kind: .curatorsAssigned),
            .init(date: d(2021, 2, 15), event: "Завершено анкетирование школ-участниц проекта",
                  description: "ОО прошли анкетирование для формирования рискованных профилей школ (РПШ)",
                  indicator: "Доля ОО из числа включенных в проект, в которых завершено анкетирование",
                  kind: .questionnairesCompleted),
            .init(date: d(2021, 2, 15), event: "Установочный семинар/вебинар для школ",
                  description: "Регионы проводят установочные мероприятия для своих ОО",
                  indicator: "Доля ОО из числа включенных в проект, принявших очное участие в установочном семинаре",
                  kind: .launchSeminar),
            .init(date: d(2021, 2, 24), event: "РПШ размещены в МЭДК",
                  description: "Школы и кураторы начинают работу с РПШ", indicator: nil, kind: .profilesPlaced),
            .init(date: d(2021, 2, 26), event: "Вебинар для кураторов",
                  description: "Консультации кураторов по вопросам первичного посещения школы и верификации РПШ",
                  indicator: nil, kind: nil),
            .init(date: d(2021, 3, 1), event: "Заключены договоры с кураторами",
                  description: "Заключены договоры с кураторами на оказание консультирования школ",
                  indicator: nil, kind: nil),
            .init(date: d(2021, 3, 10), event: "Первичное посещение ОО",
                  description: "Кураторы посетили ОО, РПШ верифицированы, в МЭДК соответствующие отметки",
                  indicator: "Доля ОО из числа включенных в проект, посещенных кураторами; доля ОО, активировавших рисковые направления в МЭДК",
                  kind: .firstVisit),
            .init(date: d(2021, 3, 15), event: "Еженедельные методические вебинары",
                  description: "С 10.03 до 02.04 пройдут научно-методические вебинары темами которых будут предлагаемые Методикой адресной поддержки педагогические технологии",
                  indicator: nil, kind: nil),
            .init(date: d(2021, 3, 22), event: "Региональные планы-графики",
                  description: "Регионы направляют планы-графики (дорожные карты) региональных мероприятий по проекту",
                  indicator: "План-график направлен", kind: .regionalPlans),
            .init(date: d(2021, 4, 30), event: "Размещение концептуальных документов школами",
                  description: "Школы разместили концептуальные документы: Концепцию развития, дорожную карту в ИС МЭДК",
                  indicator: "Доля ОО из числа включенных в проект, разместивших концептуальные документы, подтвержденные куратором",
                  kind: .conceptDocuments),
            .init(date: d(2021, 5, 15), event: "Проведены вебинары по методическим запросам школ",
                  description: "В рамках подготовки концептуальных документов, школы могут сформулировать запрос на дополнительную консультацию. Ответы на частные вопросы предоставляются на форуме поддержки для школ, ответы на частотные вопросы будут даны в рамках методических вебинаров",
                  indicator: nil, kind: nil),
            .init(date: d(2021, 5, 30), event: "Мониторинг 1 этап",
                  description: "ОО разместили данные для первичного мониторинга наступления позитивных изменений в ИС МЭДК",
                  indicator: "Доля ОО из числа включенных в проект, разместивших документы для мониторинга, подтвержденные куратором",
                  kind: .monitoring1),
            .init(date: d(2021, 6, 21), event: "Первый этап мониторинга реализации региональных дорожных карт",
                  description: "Регионы направляют результаты мониторинга реализации планов-графиков (дорожных карт) региональных мероприятий по проекту",
                  indicator: "Доля исполненных мероприятий региональной дорожной карты (на дату мониторинга)",
                  kind: .regionalMonitoring1),
            .init(date: d(2021, 6, 28), event: "Экспертиза документов",
                  description: "Федеральный координатор представляет регионам результаты выборочной экспертизы документов школ",
                  indicator: nil, kind: nil),
            .init(date: d(2021, 9, 20), event: "Второй этап мониторинга реализации региональных дорожных карт",
                  description: "Регионы направляют результаты мониторинга реализации планов-графиков (дорожных карт) региональных мероприятий по проекту",
                  indicator: "Доля исполненных мероприятий региональной дорожной карты (на дату мониторинга)",
                  kind: .regionalMonitoring2),
            .init(date: d(2021, 11, 1), event: "Мониторинг 2 этап",
                  description: "ОО разместили данные для второго мониторинга в ИС МЭДК",
                  indicator: "Доля ОО из числа включенных в проект, разместивших документы для мониторинга, подтвержденные куратором",
                  kind: .monitoring2),
            .init(date: d(2021, 11, 15), event: "Экспертиза документов",
                  description: "Федеральный координатор представляет регионам результаты выборочной экспертизы документов школ",
                  indicator: nil, kind: nil),
            .init(date: d(2021, 12, 20), event: "Подведение итогов проекта",
                  description: "Подведение итогов проекта, обсуждение планов на 2022", indicator: nil, kind: nil),
        ]
    )

    private static func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day)! }
}
