import Foundation
import MEDKCore

extension Strings {
    enum Monitoring {
        static let periodTaken = "Мониторинг этим инструментом за этот период уже открыт — откройте его из списка ниже."
        static let navTitle = "Мониторинги"
        static let title = "Мониторинги"
        static let runs = "Мониторинги территорий"
        static let noRuns = "Мониторингов пока нет."
        static let instruments = "Инструменты мониторинга"
        static let instrument = "Инструмент"
        static let territory = "Территория"
        static let period = "Период"
        static let periodHint = "Например: «2021/2022 учебный год, I полугодие»."
        static let dates = "Сроки"
        static func dates(_ run: MonitoringRun) -> String {
            let from = CalendarDate(run.startsOn)?.russian ?? run.startsOn, to = CalendarDate(run.endsOn)?.russian ?? run.endsOn
            return "\(from) – \(to)"
        }
        static let startsOn = "Начало периода"
        static let endsOn = "Конец периода"
        static let subjectKind = "Кого оценивает"
        static let kind = "Вид"
        static let builtIn = "встроенный (положение о комплексном мониторинге, приказ № 579 от 17.12.2020)"
        static let custom = "свой"
        static func customOf(_ territory: String) -> String { "свой: \(territory)" }
        static let newInstrument = "Описать новый инструмент"
        static let openTitle = "Открыть мониторинг"
        static let openRun = "Открыть мониторинг"
        static let view = "Открыть"
        static let choose = "— выберите —"
        static let opened = "Мониторинг открыт. Добавьте тех, кого он оценивает, и введите значения показателей."
        static let instrumentRequired = "Выберите инструмент мониторинга."
        static let periodRequired = "Укажите период, например «2021/2022 учебный год, I полугодие»."
        static let endBeforeStart = "Конец периода не может быть раньше его начала."
        static func tooLong(_ max: Int) -> String { "Слишком длинное значение: не больше \(max) символов." }

        // Subjects.
        static func subjectName(_ kind: SubjectKind) -> String {
            switch kind {
            case .teacher: "ФИО учителя"
            case .school: "Наименование ОО"
            case .municipality: "Наименование муниципалитета"
            case .mentoringCentre: "Наименование МНЦ"
            case .tutorPoint: "Наименование МТКП"
            }
        }
        static func addSubjectTitle(_ kind: SubjectKind) -> String { "Добавить: \(kind.title.lowercased())" }
        static let addSubject = "Добавить"
        static func subjectRequired(_ kind: SubjectKind) -> String { "Заполните поле «\(subjectName(kind))»." }
        static let subjectExists = "Такой участник уже есть в этом мониторинге."
        static let subjectAdded = "Добавлено. Введите значения показателей."
        static func noSubjects(_ kind: SubjectKind) -> String {
            "В мониторинге пока никого нет. Добавьте: \(kind.title.lowercased())."
        }

        // Results.
        static let rowNumber = "№ п/п"
        static let value = "Итоговое значение"
        static let band = "Уровень"
        static let recommendation = "Рекомендация"
        static let filled = "Заполнено"
        static let previous = "Предыдущий период"
        static func previousOf(_ run: MonitoringRun?) -> String { run.map { "Предыдущий период (\($0.period))" } ?? previous }
        static let current = "Текущий период"
        static let change = "Изменение"
        static let trendTitle = "Динамика"
        static let notFilled = "не заполнено"
        static let notFilledYet = "Значения ещё не введены."
        static let noValue = "нет значения"
        static let enterValues = "Ввести значения"
        static let summaryXLSX = "Скачать сводную форму (XLSX)"
        static let summarySheet = "Сводная форма"
        static let indicatorsSheet = "Показатели"
        static func summaryFileName(_ instrument: Instrument, run: MonitoringRun) -> String {
            "Сводная форма — \(instrument.title.prefix(80)), \(run.period.prefix(60)).xlsx"
        }
        static let aboutInstrument = "Показатели, формула и уровни"
        static func comparedWith(_ run: MonitoringRun) -> String {
            "Сравнение с предыдущим мониторингом: «\(run.period)» (\(dates(run))); участники сопоставляются по ФИО или наименованию."
        }
        static let noPreviousRun = "Предыдущего мониторинга этого инструмента у территории нет — сравнивать не с чем."
        // Schools and teachers of seed 003's monitorings (issue 16)
        static let school = "Школа"
        static let teacherSchool = "Краткое наименование организации"
        static let schoolRequired = "Выберите школу территории."
        static let taughtSubject = "Преподаваемый предмет"
        static let education = "Образование по диплому"
        static let experience = "Стаж педагогической работы (в полных годах)"
        static let hours = "Нагрузка недельная (в часах)"
        static func partIProblem(_ kind: TeacherPartI.Problem.Kind) -> String {
            switch kind {
            case .unknownSubject: "Выберите преподаваемый предмет из списка положения."
            case .missingEducation: "Укажите образование по диплому."
            case .educationTooLong: "Образование по диплому — не больше \(TeacherPartI.maxEducationLength) символов."
            case .experienceOutOfRange: "Стаж — целое число полных лет от 0 до 70."
            case .hoursOutOfRange: "Недельная нагрузка — число часов от 0 до 60."
            }
        }
        static let conclusionsTitle = "Выводы: школы, улучшившие результаты, и школы с низкими результатами"
        static let conclusionsRule = """
            По положению: определяются школы, улучшившие результаты обучения, и школы, которые по-прежнему демонстрируют \
            низкие результаты. Школа улучшила результаты группы, если хотя бы один её показатель изменился в лучшую сторону \
            и ни один — в худшую; все школы проекта отобраны как школы с низкими результатами, поэтому школа, не улучшившая \
            показатели группы, по-прежнему демонстрирует низкие результаты.
            """
        static let improvedSchools = "Улучшили результаты"
        static let stillLowSchools = "По-прежнему низкие результаты"
        static let notCompared = "Нет данных для сравнения"
        static func outcomeNote(_ outcome: Dynamics.Outcome) -> String {
            switch outcome {
            case .improved, .unchanged: ""
            case .worsened: " (отрицательная динамика)"
            case .mixed: " (разнонаправленная динамика)"
            }
        }
        static func list(_ names: [String]) -> String { names.isEmpty ? "—" : names.joined(separator: "; ") }
        static let levelsBySubject = "Уровни предметных компетенций по предметам"
        static let levelsBySchool = "Уровни предметных компетенций по образовательным организациям"
        static let withoutLevel = "Без уровня"
        static let total = "Всего"
        static let noTeachers = "Учителей пока нет."
        static let teacherGroups = "Группы учителей одного предмета с одинаковым уровнем"
        static let teacherGroupsHint = "По положению — на школьном и муниципальном уровнях, для планирования повышения квалификации; худший уровень — первым."
        static let schoolGroups = "Группы в школах"
        static let municipalGroups = "Группы по территории"
        static let teacherCount = "Учителей"
        static let teachersList = "Учителя"
        static let levelDynamics = "Динамика уровней"
        static func movesSummary(_ moves: [TeacherLevels.Move: Int], since period: String) -> String {
            "По сравнению с мониторингом «\(period)» (те же учителя той же школы): уровень повысился — \(moves[.up] ?? 0), "
                + "не изменился — \(moves[.same] ?? 0), понизился — \(moves[.down] ?? 0)."
        }
        static func move(_ move: TeacherLevels.Move) -> String {
            switch move {
            case .up: "повысился"
            case .same: "не изменился"
            case .down: "понизился"
            }
        }
        static let conclusionsOfMethodologist = "Заключения методиста"
        static let conclusionsHint = "По формам положения для оценки предметных и методических компетенций учителя."
        static let subjectCompetence = "Уровень сформированности предметных компетенций"
        static let subjectDeficits = "Профессионально-предметные дефициты (проблемные для учителя разделы программы по предмету)"
        static let methodCompetence = "Уровень сформированности методических компетенций"
        static let methodDeficits = "Профессионально-методические дефициты"
        static let notAssessed = "не оценивался"
        static let saveConclusions = "Сохранить заключения"
        static let conclusionsSaved = "Заключения сохранены."
        static let badConclusions = "Заключения не сохранены: выберите уровень из списка и опишите дефициты не длиннее \(TeacherConclusions.maxDeficitsLength) символов."
        static let deficitsTitle = "Виды дефицитов, подлежащих устранению"
        static let noConclusions = "Заключений методиста пока нет."
        static let previousPeriod = "Предыдущий период"
        static let currentPeriod = "Текущий период"
        /// The error key of an indicator's previous-period field.
        static func previousKey(_ code: String) -> String { "previous:\(code)" }
        static func earlierOffered(_ period: String) -> String {
            "Значения предыдущего периода подставлены из мониторинга «\(period)» этой же школы; их можно исправить."
        }
        static func planSuggestion(_ tally: Tally, day: CalendarDate, done: Bool) -> String {
            let figure = tally.total == 0 ? "в планах-графиках территории нет пунктов, срок которых наступил"
                : "по планам-графикам территории исполнено \(tally.done) из \(tally.total) пунктов (\(Strings.Common.percent(tally.fraction ?? 0)))"
            return "На \(day.russian) \(figure): предложено «\(done ? Strings.Common.yes : Strings.Common.no)». Значение можно изменить."
        }
        static func valueText(_ row: MonitoringResultRow, _ instrument: Instrument) -> String {
            guard let evaluation = row.evaluation else { return row.submission == nil ? notFilled : "" }
            return value(evaluation.value, in: instrument)
        }
        /// A result with the decimals that decide its band (22,004 is not «22» beside a band ending at 22).
        static func value(_ x: Double?, in instrument: Instrument) -> String {
            x.map { decimal($0, digits: instrument.decisiveDecimals(for: $0)) } ?? noValue
        }
        static func changeText(_ dynamics: Dynamics, hasFormula: Bool) -> String {
            if hasFormula { return dynamics.change.map(signed) ?? "" }
            let better = dynamics.indicators.filter { $0.trend == .improved }.count
            let worse = dynamics.indicators.filter { $0.trend == .worsened }.count
            return "улучшение: \(better), ухудшение: \(worse)"
        }
        static func trend(_ trend: Dynamics.Trend) -> String {
            switch trend {
            case .improved: "улучшение"
            case .unchanged: "без изменений"
            case .worsened: "ухудшение"
            }
        }
        static let dynamicsTitle = "Динамика по сравнению с предыдущим периодом"
        static let trend = "Динамика"

        // One subject.
        static let resultTitle = "Результат"
        static func resultSentence(_ evaluation: Evaluation, _ instrument: Instrument) -> String {
            guard evaluation.value != nil else { return "Итоговое значение: нет значения (все показатели формулы — «нет»)." }
            return "Итоговое значение: \(value(evaluation.value, in: instrument))"
                + (evaluation.band.map { " — \($0.label)." } ?? " — не попадает ни в один уровень.")
        }
        static func recommendationSentence(_ band: Band) -> String { "\(recommendation): \(band.recommendation)." }
        static func previousSentence(_ previous: Evaluation, change: Double?, _ instrument: Instrument) -> String {
            "В предыдущем периоде: \(value(previous.value, in: instrument))" + (previous.band.map { " — \($0.label)" } ?? "")
                + (change.map { "; изменение \(signed($0))." } ?? ".")
        }
        static func saved(_ evaluation: Evaluation, _ instrument: Instrument) -> String {
            evaluation.value == nil && evaluation.band == nil ? "Значения сохранены." : "Значения сохранены. " + resultSentence(evaluation, instrument)
        }
        static let formTitle = "Значения показателей"
        static let formHint = "Поля со звёздочкой обязательны. Дробные значения — с запятой или точкой. «нет» — показатель не оценивался и не входит в расчёт."
        static let save = "Сохранить и рассчитать"
        static let refused = "Значения не сохранены: исправьте ошибки. Ничего не изменено."
        static let history = "История ввода"
        static let enteredAt = "Когда введено"
        static let who = "Кто"
        static let code = "№"
        static let indicator = "Показатель"
        static let notApplicableOption = "нет (не оценивался)"
        static let interpretation = "Модель интерпретации"
        static let formula = "Формула"
        static let interval = "Значение"
        static let rule = "Правило"
        static func unitHint(_ indicator: InstrumentIndicator) -> String {
            let values: String = switch indicator.unit {
            case .percent: "от 0 до 100"
            case .count: "целое число, не меньше 0"
            case .yesNo: "да или нет"
            case .scale(let allowed, let notApplicable):
                "{" + (allowed.map { decimal($0) } + (notApplicable ? [IndicatorValue.notApplicableText] : [])).joined(separator: "; ") + "}"
            case .interval(let lower, let upper): "от \(decimal(lower)) до \(decimal(upper))"
            }
            return "\(indicator.unitTitle): \(values)" + (indicator.isRequired ? "" : "; необязательный")
        }

        /// "1,25"; up to two decimals, as the seed writes values.
        static func decimal(_ x: Double, digits: Int = 2) -> String {
            let scale = pow(10, Double(digits))
            let rounded = (x * scale).rounded() / scale
            if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
            return String(format: "%.\(digits)f", rounded).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
                .replacingOccurrences(of: ".", with: ",")
        }
        static func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + decimal(x) }
        /// For HTML attributes and form values: a point, no rounding.
        static func plain(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
        static func formValue(_ value: IndicatorValue) -> String {
            switch value {
            case .number(let x): plain(x)
            case .notApplicable: IndicatorValue.notApplicableText
            }
        }
        static func shown(_ value: IndicatorValue) -> String {
            switch value {
            case .number(let x): decimal(x)
            case .notApplicable: IndicatorValue.notApplicableText
            }
        }

        static func describe(_ formula: Formula, in instrument: Instrument) -> String {
            switch formula {
            case .sum(let codes): "Σ = " + codes.joined(separator: " + ")
            case .meanOfApplicable(let codes):
                "Σ = (" + codes.joined(separator: " + ") + ") : N, где N — число показателей в числителе со значением (показатели со значением «нет» не считаются)"
            case .count(let codes, let condition):
                "число показателей из " + codes.joined(separator: ", ") + " со значением \(condition.comparison.rawValue) \(decimal(condition.value))"
            case .ratio(let numerator, let denominator): "\(numerator) : \(denominator)"
            case .weightedSum(let terms): terms.map { "\(decimal($0.weight)) × \($0.code)" }.joined(separator: " + ")
            }
        }

        /// One refused value, named by its indicator so that the person finds the field.
        static func describe(_ problem: InstrumentProblem, indicator: InstrumentIndicator?) -> String {
            let name = indicator.map { "Показатель \($0.code) «\($0.title.count > 90 ? $0.title.prefix(90) + "…" : $0.title)»" }
                ?? "Показатель \(problem.code)"
            let entered = problem.value.map { " (введено \(decimal($0)))" } ?? ""
            let what: String = switch problem.kind {
            case .missing: "не заполнен — укажите значение."
            case .unknownIndicator: "такого показателя в инструменте нет."
            case .notApplicableNotAllowed: "значение «нет» для этого показателя не допускается — укажите число."
            case .notANumber: "введите число."
            case .percentOutOfRange: "доля в процентах должна быть от 0 до 100\(entered)."
            case .negativeCount: "количество не может быть отрицательным\(entered)."
            case .fractionalCount: "количество должно быть целым числом\(entered)."
            case .notYesNo: "выберите «да» или «нет»."
            case .notInScale:
                "допустимые значения: " + (indicator.map { unitHint($0) } ?? "") + entered + "."
            case .outOfInterval:
                if case .interval(let lower, let upper)? = indicator?.unit {
                    "значение должно быть от \(decimal(lower)) до \(decimal(upper))\(entered)."
                } else {
                    "значение вне допустимых границ\(entered)."
                }
            }
            return "\(name): \(what)"
        }

        // Defining an instrument.
        static let newInstrumentTitle = "Новый инструмент мониторинга"
        static let definitionHelp = [
            "id — код инструмента латиницей (например, school-climate); title — название; subject — кого оценивает: school, teacher, municipality, mentoringCentre, tutorPoint.",
            "Единицы показателей (unit.kind): percent — %, от 0 до 100; count — целое число; yesNo — да/нет (1/0); scale — баллы из списка allowed, notApplicable: true разрешает «нет»; interval — любое число от lower до upper.",
            "Формула (formula.kind): sum — сумма; meanOfApplicable — среднее без «нет»; count — число показателей, удовлетворяющих условию where; ratio — отношение numerator к denominator; weightedSum — сумма с весами terms.",
            "Уровни (bands): interval в записи положения — «[0; 0,3)», «(10; 11]»; квадратная скобка включает границу, круглая — нет; label — название уровня; recommendation — рекомендация.",
        ]
        static let definition = "Определение (JSON)"
        static let definitionFile = "или файл с определением (JSON)"
        static let define = "Проверить и сохранить"
        static let defined = "Инструмент сохранён. Им можно открывать мониторинги."
        static let definitionRefused = "Инструмент не сохранён: исправьте определение. Ничего не изменено."
        static let definitionRequired = "Вставьте определение инструмента (JSON) или выберите файл."
        static let notJSON = "Определение не читается: это не JSON."
        static let badCode = "Код инструмента (id) — от 1 до 64 латинских букв, цифр, знаков «-» и «_», например school-climate."
        static let titleRequired = "Укажите название инструмента (title)."
        static func codeTaken(_ code: String) -> String { "Инструмент с кодом «\(code)» уже есть — выберите другой код (id)." }
        static let downloadJSON = "Скачать определение (JSON)"
        static let indicators = "Показатели"
        static let unit = "Единица измерения"
        static let group = "Группа показателей"
        static let requiredTitle = "Обязательный"

        static func describe(_ problem: InstrumentDefinitionProblem) -> String {
            switch problem {
            case .noIndicators: "В инструменте нет ни одного показателя (indicators)."
            case .duplicateCode(let code): "Код показателя «\(code)» повторяется — у каждого показателя свой код."
            case .formulaReadsUnknownCode(let code): "Формула читает показатель «\(code)», которого нет среди показателей."
            case .formulaReadsNothing: "Формула не читает ни одного показателя."
            case .emptyScale(let code): "У показателя «\(code)» пустая шкала: перечислите допустимые баллы (allowed)."
            case .invertedInterval(let code): "У показателя «\(code)» нижняя граница больше верхней."
            case .emptyBand(let index): "Уровень № \(index + 1): в его интервал не попадает ни одно число."
            }
        }

        /// Where and why the JSON does not fit, in words a coordinator can act on.
        static func describe(_ error: DecodingError) -> String {
            func path(_ context: DecodingError.Context, _ key: CodingKey? = nil) -> String {
                let keys = context.codingPath + (key.map { [$0] } ?? [])
                return keys.map { $0.intValue.map { "[\($0 + 1)]" } ?? $0.stringValue }.joined(separator: ".")
                    .replacingOccurrences(of: ".[", with: "[")
            }
            func expected(_ type: Any.Type) -> String {
                switch type {
                case is String.Type: "текст в кавычках"
                case is Double.Type, is Int.Type: "число"
                case is Bool.Type: "true или false"
                default: String(describing: type).hasPrefix("Array") ? "список в квадратных скобках" : "объект в фигурных скобках"
                }
            }
            switch error {
            case .keyNotFound(let key, let context): return "Нет обязательного поля «\(path(context, key))»."
            case .typeMismatch(let type, let context):
                return "Поле «\(path(context))» заполнено неверно: ожидается \(expected(type))."
            case .valueNotFound(_, let context): return "Поле «\(path(context))» не заполнено."
            case .dataCorrupted(let context):
                if context.codingPath.isEmpty { return notJSON }
                if context.codingPath.last?.stringValue == "interval" {
                    return "Поле «\(path(context))» заполнено неверно: интервал записывается как в положении, например «[0; 0,3)» или «(10; 11]»."
                }
                return "Поле «\(path(context))» заполнено неверно: недопустимое значение."
            @unknown default: return notJSON
            }
        }
    }
}
