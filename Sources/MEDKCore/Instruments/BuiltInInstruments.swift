/// The monitoring instruments of seed 003 (Кореновский район, приказ № 579 от 17.12.2020, приложение № 2),
/// titles and bands word for word. Where the seed leaves something open, `rule` or `notes` says how we read it.
extension Instrument {
    public static let builtIn: [Instrument] = [
        .studentResults, .teacherCompetence, .methodologicalWork, .mentoringCentre, .tutorPoint,
    ]

    // MARK: - Student results

    /// «Мониторинг качества подготовки обучающихся в ШНОР»: the school enters each indicator for the
    /// previous and the current period; there is no formula, the result is the dynamics (`compare`).
    public static let studentResults = Instrument(
        id: "student-results",
        title: "Мониторинг качества подготовки обучающихся в ШНОР",
        subject: .school,
        indicators: [
            results("1.1", "Доля выпускников 9 класса, допущенных к итоговой аттестации, но не получивших аттестат об основном общем образовании", .percent, basic, .lower),
            results("1.2", "Доля выпускников 11 класса, допущенных к итоговой аттестации, но не получивших аттестат о среднем общем образовании", .percent, basic, .lower),
            results("1.3", "Доля выпускников 9 классов, получивших неудовлетворительные отметки ОГЭ по русскому языку", .percent, basic, .lower),
            results("1.4", "Доля выпускников 9 классов, получивших неудовлетворительные отметки ОГЭ по математике", .percent, basic, .lower),
            results("1.5", "Доля выпускников 11 классов, получивших результаты ниже минимального количества баллов ЕГЭ по русскому языку", .percent, basic, .lower),
            results("1.6", "Доля выпускников 11 классов, получивших результаты ниже минимального количества баллов ЕГЭ по математике (профильный уровень)", .percent, basic, .lower),
            results("1.7", "Доля обучающихся, показавших низкие результаты выполнения ВПР", .percent, basic, .lower),
            results("2.1", "Доля обучающихся, принявших участие в школьном этапе Всероссийской олимпиады школьников", .percent, gifted, .higher),
            results("2.2", "Доля обучающихся, принявших участие в муниципальном этапе Всероссийской олимпиады школьников", .percent, gifted, .higher),
            results("2.3", "Доля обучающихся, принявших участие в региональном этапе Всероссийской олимпиады школьников", .percent, gifted, .higher),
            results("2.4", "Доля обучающихся, ставших победителями и призёрами школьного этапа от общего числа учащихся школы, принявших участие в олимпиаде", .percent, gifted, .higher),
            results("2.5", "Доля обучающихся ставших победителями и призёрами муниципального этапа от общего числа учащихся школы, принявших участие в олимпиаде", .percent, gifted, .higher),
            results("2.6", "Доля обучающихся ставших победителями и призёрами регионального этапа от общего числа учащихся школы, принявших участие в олимпиаде", .percent, gifted, .higher),
            results("3.1", "Количество программ профильного обучения, реализуемых в школе за предыдущий учебный год", .count, profile, .higher),
            results("3.2", "Наличие выпускников, продолживших обучение после окончания 11 класса в соответствии с установленным профилем", .yesNo, profile, .higher),
            results("3.3", "Количество программ профориентационной направленности, реализуемых в образовательном учреждении за прошлый год", .count, profile, .higher),
            results("3.4", "Количество разработанных программ внеурочной деятельности", .count, profile, .higher),
            results("3.5", "Доля учащихся, охваченных программами внеурочной деятельности", .percent, profile, .higher),
            results("3.6", "Количество разработанных общеобразовательных дополнительных программ", .count, profile, .higher),
            results("3.7", "Доля учащихся, охваченных программами дополнительного образования", .percent, profile, .higher),
        ],
        notes: """
            Мониторинг проводится по итогам учебного года. Периодичность проведения мониторинга – 1 раз в год. \
            Сроки проведения мониторинга – 1 – 12 июля. Значения вносятся за предыдущий и текущий период; \
            доли ниже по показателям 1.1–1.7 и выше по остальным показателям считаются позитивной динамикой.
            """)

    private static let basic = "Базовая подготовка обучающихся"
    private static let gifted = "Работа с одарёнными детьми"
    private static let profile = "Развитие профильного обучения"

    private static func results(_ code: String, _ title: String, _ unit: IndicatorUnit, _ group: String,
                                _ better: InstrumentIndicator.BetterWhen) -> InstrumentIndicator {
        InstrumentIndicator(code: code, title: title, unit: unit, group: group, betterWhen: better)
    }

    // MARK: - Teacher subject competence

    /// Σ = (П № 1 + П № 2 + П № 3 + П № 4) : N, levels А/Б/С/D. The seed numbers the formula's П № 2–4
    /// after its Показатели № 3–5; Показатель № 2 (the test at ИРО) is reported beside, not in the formula.
    public static let teacherCompetence = Instrument(
        id: "teacher-competence",
        title: "Мониторинг оценки предметных компетенций педагогических работников ШНОР",
        subject: .teacher,
        indicators: [
            .init(code: "П1", title: "Экспертная оценка уровня предметной компетенции учителя муниципальным сообществом тьюторов",
                  unit: .scale(allowed: [0, 1, 2], notApplicable: false), label: "Показатель № 1"),
            // Optional (PRODUCT.md): the formula has four terms, so the ИРО test is shown beside the level, never in it.
            .init(code: "ИРО", title: "Тестовая оценка уровня предметной компетенции учителя в ИРО (непосредственно тестированием, КПК и др.)",
                  unit: .scale(allowed: [0, 1, 2], notApplicable: true), isRequired: false, label: "Показатель № 2"),
            .init(code: "П2", title: "Оценка уровня предметной компетенции учителя на основании освоения дополнительной профессиональной программы повышения квалификации или переподготовки в ГБОУ ИРО Краснодарского края в течение 1 года",
                  unit: .scale(allowed: [0, 1], notApplicable: false), label: "Показатель № 3"),
            .init(code: "П3", title: "Оценка уровня предметной компетенции учителя на основании документа, устанавливающего квалификационную категорию (высшая, первая) педагогическому работнику",
                  unit: .scale(allowed: [0, 1, 2], notApplicable: false), label: "Показатель № 4"),
            .init(code: "П4", title: "Преподавание учителем предмета на углубленном уровне в 5-11 классе или группе за два последних учебных года",
                  unit: .scale(allowed: [0, 1, 2], notApplicable: true), label: "Показатель № 5"),
        ],
        formula: .meanOfApplicable(["П1", "П2", "П3", "П4"]),
        bands: [
            Band(interval("[0; 0,3)"), label: "уровень А", recommendation: "Системные дефициты, требующие восполнения"),
            Band(interval("[0,3; 0,5)"), label: "уровень Б", recommendation: "Локальные дефициты, рекомендуемые к восполнению"),
            Band(interval("[0,5; 1,6)"), label: "уровень С", recommendation: "Несущественные предметные дефициты, восполняемые по желанию педагога"),
            Band(interval("[1,6; 1,75]"), label: "уровень D", recommendation: "Отсутствие предметных дефицитов"),
        ],
        rule: """
            В положении уровни заданы с разрывами: [0; 0,3), (0,3; 0,5), (0,5; 1,6), (1,6; 1,75] — значения 0,3, 0,5 \
            и 1,6 не попадали ни в один уровень. Каждый уровень замкнут снизу: значение, равное границе, относится \
            к более высокому уровню (0,3 — уровень Б, 0,5 — уровень С, 1,6 — уровень D).
            """,
        notes: """
            N – количество показателей в числителе (показатель П № 4 не считается при значении «нет»). \
            П № 2, П № 3 и П № 4 формулы — это Показатели № 3, 4 и 5 положения; Показатель № 2 (тестовая оценка в ИРО) \
            в формулу не входит и показывается рядом.
            """)

    // MARK: - Methodological work

    /// Σ = a + b + … + l of twelve 0/1 indicators, bands [0; 10], (10; 11], (11; 12]; the counts 8–12 are
    /// reported beside the sum.
    public static let methodologicalWork = Instrument(
        id: "methodological-work",
        title: "Мониторинг результативности системы методической работы",
        subject: .municipality,
        indicators: [
            .init(code: "a", title: "Наличие процедуры выявления профессиональных дефицитов", unit: .yesNo),
            .init(code: "b", title: "Наличие в дорожной карте по сопровождению ШНОР, муниципальных мероприятий по оказанию адресной методической помощи", unit: .yesNo),
            .init(code: "c", title: "Наличие в дорожной карте по сопровождению ШНОР, муниципальных мероприятий, реализуемых всеми субъектами (МКУ ИМЦ, РМО, наставники, тьюторы)", unit: .yesNo),
            .init(code: "d", title: "Регулярность методической помощи (наличие циклических мероприятий)", unit: .yesNo),
            .init(code: "e", title: "наличие раздела/страницы на сайте МОУО или ТМС", unit: .yesNo, group: availability),
            .init(code: "f", title: "наличие библиотеки методических изданий (электронной)", unit: .yesNo, group: availability),
            .init(code: "g", title: "наличие канала оперативного информирования школ с низкими образовательными результатами и/или школ, функционирующих в сложных социальных условиях", unit: .yesNo, group: availability),
            .init(code: "h", title: "Выполнение Дорожной карты: полнота и своевременность выполнения мероприятий", unit: .yesNo),
            .init(code: "i", title: "управленческие команды ШНОР", unit: .yesNo, group: coverage),
            .init(code: "j", title: "школьные методические объединения", unit: .yesNo, group: coverage),
            .init(code: "k", title: "педагоги ШНОР", unit: .yesNo, group: coverage),
            .init(code: "l", title: "Наличие мер, связанных с реализацией управленческих решений", unit: .yesNo),
            .init(code: "8", title: "Количество ШНОР, охваченных методической работой", unit: .count, unitLabel: "шт."),
            .init(code: "9", title: "Количество школ-лидеров, вовлеченных в сетевое взаимодействие со ШНОР", unit: .count, unitLabel: "шт."),
            .init(code: "10", title: "Количество ШНОР, вовлеченных в сетевое взаимодействие со школами-лидерами", unit: .count, unitLabel: "шт."),
            .init(code: "11", title: "Количество ШНОР, которым была оказана адресная методическая помощь", unit: .count, unitLabel: "шт."),
            .init(code: "12.1", title: "Численность участников муниципальных методических мероприятий", unit: .count, group: participants, unitLabel: "чел."),
            .init(code: "12.2", title: "Численность участников внутришкольных методических мероприятий, включенных в дорожную карту образовательной организации по данному проекту", unit: .count, group: participants, unitLabel: "чел."),
        ],
        formula: .sum(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]),
        bands: [
            Band(interval("[0; 10]"), label: "неудовлетворительный уровень оказания методической помощи ШНОР",
                 recommendation: "требуется внесение кардинальных изменений в работу МКУ ИМЦ по этому направлению и оказание методической помощи регионального уровня"),
            Band(interval("(10; 11]"), label: "удовлетворительный уровень оказания методической помощи ШНОР",
                 recommendation: "возможно оказание методической помощи по отдельным направлениям, более рациональное распределение функций между УО и МКУ ИМЦ"),
            Band(interval("(11; 12]"), label: "оптимальный уровень оказания методической помощи ШНОР",
                 recommendation: "рекомендуется распространение опыта муниципального образования в масштабах края"),
        ],
        notes: """
            Устойчивое продвижение на более высокий уровень является главным признаком повышения качества оказания \
            методической помощи ШНОР. Показатели 8–12 в сумму не входят и показываются рядом.
            """)

    private static let availability = "Доступность методической помощи"
    private static let coverage = "Охват методической помощью всех групп субъектов, нуждающихся в ней"
    private static let participants = "Численность участников методических мероприятий"

    // MARK: - Mentoring centre (МНЦ)

    /// Six indicators; the seed gives the bands for their sum but no formula, so the formula is our reading.
    public static let mentoringCentre = Instrument(
        id: "mentoring-centre",
        title: "Мониторинг эффективности работы муниципального наставнического центра (МНЦ)",
        subject: .mentoringCentre,
        indicators: [
            .init(code: "1", title: "Документационное обеспечение работы муниципального наставнического центра",
                  unit: .scale(allowed: [0, 1], notApplicable: false), group: mentoringPotential),
            .init(code: "2", title: "Качество кадрового состава муниципального наставнического центра",
                  unit: .interval(lower: 0, upper: 2), group: mentoringPotential),
            .init(code: "3", title: "Доступность наставнической помощи",
                  unit: .scale(allowed: [0, 1, 2, 3], notApplicable: false), group: mentoringOrganisation),
            .init(code: "4", title: "Интенсивность наставнического взаимодействия",
                  unit: .scale(allowed: [0, 1, 2, 3, 4, 5], notApplicable: false), group: mentoringOrganisation),
            .init(code: "5", title: "Перевод ШНОР в режим эффективного функционирования и развития",
                  unit: .interval(lower: 0, upper: 8), group: mentoringEffects),
            .init(code: "6", title: "Развитие управленческих компетенций администрации ШНОР",
                  unit: .scale(allowed: [0, 1, 2, 3, 4], notApplicable: false), group: mentoringEffects),
        ],
        formula: .sum(["1", "2", "3", "4", "5", "6"]),
        bands: [
            Band(interval("[0; 22]"), label: "неудовлетворительный уровень результативности МНЦ",
                 recommendation: "требуется внесение кардинальных изменений в работу МНЦ, внесение изменений в его состав или оказание методической помощи"),
            Band(interval("(22; 24]"), label: "удовлетворительный уровень результативности МНЦ",
                 recommendation: "возможно оказание методической помощи отдельным наставникам, более рациональное распределение функций между участниками МНЦ"),
            Band(interval("(24; 25]"), label: "оптимальный уровень результативности МНЦ",
                 recommendation: "рекомендуется использование другими муниципалитетами потенциала МНЦ и распространение его опыта в масштабах края"),
        ],
        notes: """
            Итоговое значение — сумма значений показателей № 1–6 (в положении формула не приведена, уровни заданы для суммы). \
            Показатели № 2 и № 5 — средние по выборке, значения [0; 2] и [0; 8]. Шкалы взяты из моделей интерпретации \
            положения (для показателя № 6 — {0;1;2;3;4}, хотя параметров пять), поэтому наибольшая сумма равна 23 и \
            уровень (24; 25] недостижим; границы сохранены как в положении. Устойчивое продвижение на более высокий \
            уровень является главным признаком повышения качества работы МНЦ. Сроки проведения: один раз в год – сентябрь.
            """)

    private static let mentoringPotential = "Показатели, отражающие потенциал муниципального наставнического центра"
    private static let mentoringOrganisation = "Показатели, отражающие эффективность организации работы муниципального наставнического центра"
    private static let mentoringEffects = "Показатели, отражающие образовательные эффекты работы муниципального наставнического центра"

    // MARK: - Tutor point (МТКП)

    /// Six indicators, sum against [0; 14], (14; 17], (17; 19]; the scales add up to exactly 19.
    public static let tutorPoint = Instrument(
        id: "tutor-point",
        title: "Мониторинг эффективности работы муниципального тьюторского консультационного пункта (МТКП)",
        subject: .tutorPoint,
        indicators: [
            .init(code: "1", title: "Документационное обеспечение работы МТКП",
                  unit: .scale(allowed: [0, 1], notApplicable: false), group: tutorPotential),
            .init(code: "2", title: "Качество кадрового состава тьюторского корпуса",
                  unit: .interval(lower: 0, upper: 3), group: tutorPotential),
            .init(code: "3", title: "Доступность тьюторской помощи",
                  unit: .scale(allowed: [0, 1, 2, 3], notApplicable: false), group: tutorOrganisation),
            .init(code: "4", title: "Интенсивность тьюторского взаимодействия",
                  unit: .scale(allowed: [0, 1, 2, 3, 4, 5], notApplicable: false), group: tutorOrganisation),
            .init(code: "5", title: "Качество образовательного процесса, реализуемого педагогами ШНОР",
                  unit: .interval(lower: 0, upper: 4), group: tutorEffects),
            .init(code: "6", title: "Профессиональное развитие педагогов ШНОР",
                  unit: .interval(lower: 0, upper: 3), group: tutorEffects),
        ],
        formula: .sum(["1", "2", "3", "4", "5", "6"]),
        bands: [
            Band(interval("[0; 14]"), label: "неудовлетворительный уровень результативности МТКП",
                 recommendation: "требуется внесение кардинальных изменений в работу МТКП, внесение изменений в его состав или оказание методической помощи"),
            Band(interval("(14; 17]"), label: "удовлетворительный уровень результативности МТКП",
                 recommendation: "возможно оказание методической помощи отдельным тьюторам, более рациональное распределение функций между участниками МТКП"),
            Band(interval("(17; 19]"), label: "оптимальный уровень результативности МТКП",
                 recommendation: "рекомендуется использование другими муниципалитетами потенциала МТКП и распространение его опыта в масштабах края"),
        ],
        notes: """
            Итоговое значение — сумма значений показателей № 1–6 (в положении формула не приведена, уровни заданы для суммы). \
            Показатели № 2, № 5 и № 6 — средние по выборке, значения [0; 3], [0; 4] и [0; 3]. Шкала показателя № 4 взята \
            из модели интерпретации положения — {0; 1; 2; 3; 4; 5}, хотя параметров четыре. Устойчивое продвижение на \
            более высокий уровень является главным признаком повышения качества работы МТКП. Сроки проведения: один раз \
            в год – сентябрь.
            """)

    private static let tutorPotential = "Показатели, отражающие потенциал МТКП"
    private static let tutorOrganisation = "Показатели, отражающие эффективность организации работы МТКП"
    private static let tutorEffects = "Показатели, отражающие образовательные эффекты работы МТКП"

    /// Built-in bands are written in the seed's notation; a typo there is a programming error.
    private static func interval(_ notation: String) -> BandInterval {
        guard let interval = BandInterval(notation) else { preconditionFailure("bad band notation \(notation)") }
        return interval
    }
}
