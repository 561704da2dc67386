import Fluent
import Foundation
import MEDKCore

extension Strings {
    /// The federal expertise of sampled schools' documents (issue 15; seeds 000, 001 «Экспертиза документов»).
    enum Expertise {
        static let navTitle = "Экспертиза"
        static let title = "Экспертиза документов"
        static let intro = "Федеральный координатор представляет регионам результаты выборочной экспертизы документов школ. Основным критерием при оценке материалов является наличие в программе преобразования ШНОР управленческого цикла, направленного на решение имеющихся проблем."
        static let rounds = "Этапы экспертизы"
        static let noRounds = "Этапов экспертизы в этом году ещё нет."
        static let newRound = "Новый этап экспертизы"
        static let roundTitle = "Название"
        static let roundTitleHint = "Например: «Экспертиза 28.06.2021»"
        static let dueOn = "Срок"
        static let create = "Создать этап"
        static let titleRequired = "Укажите название этапа."
        static let titleTaken = "Этап с таким названием в этом году уже есть."
        static let badDue = "Срок указан неверно: нужна дата внутри года программы."
        static let closedCycle = "Год программы закрыт: новые этапы экспертизы в нём не создаются."
        static func created(_ title: String) -> String { "Этап «\(title)» создан. Сформируйте выборку." }
        static let status = "Состояние"
        static func statusTitle(_ status: ExpertiseRoundStatus) -> String {
            switch status {
            case .open: "идёт"
            case .published: "результаты опубликованы"
            }
        }
        static let notDrawn = "выборка не сформирована"

        // Sample
        static let sample = "Выборка"
        static let drawTitle = "Сформировать выборку"
        static let drawHint = "Выборка стратифицирована по регионам: из каждого региона берётся указанное число школ или доля его школ-участниц. Один и тот же номер выборки на тех же школах всегда даёт тот же список."
        static let ruleKind = "Правило"
        static let perRegion = "N школ из каждого региона"
        static let percent = "p % школ каждого региона"
        static let ruleValue = "N или p"
        static let seed = "Номер выборки (зерно)"
        static let seedHint = "Запишите его: по нему выборку можно проверить и повторить."
        static let draw = "Сформировать выборку"
        static let badRuleValue = "Укажите целое число: N от 1 до 10 000 или p от 1 до 100."
        static let badSeed = "Номер выборки — целое число от 1 до 999 999 999."
        static let alreadyDrawn = "Выборка этого этапа уже сформирована: повторно она не формируется. Добавляйте и исключайте школы по одной, с причиной."
        static func drawn(_ count: Int) -> String { "Выборка сформирована: \(Common.schools(count))." }
        static func drawnWith(rule: String, seed: Int64, at: String) -> String { "Правило: \(rule). Номер выборки: \(seed). Сформирована \(at)." }
        static func rule(_ rule: SampleRule) -> String {
            switch rule {
            case .perRegion(let n): "\(Common.schools(n)) из каждого региона"
            case .percent(let p): "\(p) % школ каждого региона"
            }
        }
        static func ruleForRegion(_ rule: SampleRule, population: Int) -> String {
            switch rule {
            case .perRegion(let n): "\(n) из \(population)"
            case .percent(let p): "\(p) % от \(population) → \(rule.size(population: population)) (округление вверх с половины, не меньше 1)"
            }
        }
        static let region = "Регион"
        static let population = "Школ-участниц"
        static let inSample = "В выборке"
        static let regionRule = "Правило для региона"
        static func samplingError(_ error: SamplingError, on db: Database) async throws -> String {
            switch error {
            case .largerThanPopulation(let stratum, let population, let requested):
                let name = try await Region.find(stratum, on: db)?.name ?? "регион"
                return "В регионе «\(name)» \(Common.schools(population)) — выбрать \(requested) нельзя. Уменьшите N или выберите долю в процентах."
            case .invalidRule: return badRuleValue
            case .emptyPopulation: return "В этом году нет школ-участниц: выбирать не из чего."
            }
        }
        static func auditDrawn(_ title: String, count: Int, seed: UInt64) -> String { "\(title): \(Common.schools(count)), номер выборки \(seed)" }

        // Changing the sample by hand
        static let changeTitle = "Изменить выборку вручную"
        static let changeHint = "Школа добавляется или исключается с указанием причины; изменение сохраняется в истории выборки, сама выборка не переписывается."
        static let schoolCode = "Код ОО или полное название школы"
        static let reason = "Причина"
        static let add = "Добавить в выборку"
        static let remove = "Исключить из выборки"
        static let action = "Действие"
        static let reasonRequired = "Укажите причину изменения выборки."
        static let schoolNotFound = "Школа с таким кодом или названием не участвует в проекте в этом году."
        static let alreadyInSample = "Эта школа уже в выборке."
        static let notInSample = "Этой школы нет в выборке."
        static let hasSheets = "У этой школы уже есть экспертные листы: исключить её нельзя."
        static let drawFirst = "Сначала сформируйте выборку."
        static func changed(_ change: ExpertiseSampleChange) -> String {
            change == .added ? "Школа добавлена в выборку." : "Школа исключена из выборки."
        }
        static let history = "История изменений выборки"
        static func changeTitle(_ change: ExpertiseSampleChange) -> String {
            switch change {
            case .drawn: "выбрана"
            case .added: "добавлена вручную"
            case .removed: "исключена"
            }
        }
        static let school = "Школа"
        static let when = "Когда"

        // Experts
        static let experts = "Эксперты"
        static let assignTitle = "Назначить экспертов автоматически"
        static let assignHint = "Нагрузка распределяется поровну, не больше K школ на эксперта; эксперт не получает школы своего региона, пока есть свободный эксперт из другого. Назначаются только школы без эксперта."
        static let limit = "Не больше школ на эксперта (K)"
        static let secondShare = "Доля школ со вторым экспертом, % (проверка согласованности)"
        static let assign = "Назначить"
        static let badLimit = "K — целое число от 1 до 1000."
        static let badShare = "Доля второго эксперта — целое число от 0 до 100."
        static func assigned(_ count: Int) -> String { "Назначено экспертных листов: \(count)." }
        static let nothingToAssign = "У всех школ выборки уже есть эксперт."
        static let notAnExpert = "Этот пользователь не эксперт."
        static let alreadyAssigned = "Этот эксперт уже назначен на эту школу."
        static let assignOneTitle = "Назначить эксперта вручную"
        static let expert = "Эксперт"
        static let assignOne = "Назначить эксперта"
        static let expertRequired = "Выберите эксперта."
        static func assignmentError(_ error: any Error) -> String {
            switch error as? AssignmentError {
            case .noExperts: "В системе нет ни одного эксперта: сначала заведите пользователей с ролью «Эксперт»."
            case .notEnoughCapacity(let needed, let available):
                "Не хватает экспертов: нужно \(needed) назначений, а при K на эксперта доступно \(available). Увеличьте K или добавьте экспертов."
            case .invalidLimit: badLimit
            case .invalidSecondShare: badShare
            case .noSecondExpert: "Для второго мнения нужны хотя бы два эксперта."
            case nil: "Назначение не выполнено."
            }
        }
        static func auditAssigned(_ title: String, count: Int) -> String { "\(title): листов \(count)" }
        static func load(_ count: Int) -> String { "школ: \(count)" }

        // Sheets
        static let sheets = "Экспертные листы"
        static let sheet = "Экспертный лист"
        static func sheetTitle(_ school: String) -> String { "Экспертный лист: \(school)" }
        static let second = "второе мнение"
        static let myAssignments = "Мои школы на экспертизе"
        static let noAssignments = "Вам пока не назначены школы."
        static func state(_ state: ReviewState) -> String {
            switch state {
            case .draft: "черновик"
            case .submitted: "отправлен координатору"
            case .approved: "принят"
            case .returned: "возвращён на доработку"
            case .withdrawn: "отозван"
            }
        }
        static let criterion = "Критерий"
        static let score = "Балл"
        static let comment = "Комментарий"
        static let commentHint = "Обязателен, если балл ниже 2."
        static let conclusion = "Общее заключение"
        static let saveDraft = "Сохранить черновик"
        static let submit = "Отправить федеральному координатору"
        static let saved = "Черновик сохранён."
        static let submitted = "Экспертный лист отправлен федеральному координатору."
        static let accept = "Принять"
        static let returnSheet = "Вернуть эксперту"
        static let returnComment = "Что исправить"
        static let accepted = "Экспертный лист принят."
        static let returned = "Экспертный лист возвращён эксперту."
        static let total = "Итого баллов"
        static func totalOf(_ score: Int, _ max: Int) -> String { "\(score) из \(max)" }
        static let returnedBecause = "Возвращён с комментарием:"
        static let materials = "Материалы школы (только чтение)"
        static let openRoadmap = "Открыть дорожную карту школы"
        static let documents = "Документы"
        static let versions = "Версии"
        static let section = "Раздел"
        static let reviewHistory = "История проверки материалов"
        static let noDocuments = "Школа ещё не разместила документов."
        static let noHistory = "Материалы школы ещё не проверялись."
        static let sheetGone = "Экспертный лист не найден."
        static let changedMeanwhile = "Лист изменён в другой вкладке: откройте его заново, чтобы не потерять чужие правки."
        static func notEditable(_ state: ReviewState) -> String { "Лист сейчас в состоянии «\(Self.state(state))» и не редактируется." }
        static func refusal(_ refusal: ReviewRefusal) -> String {
            switch refusal {
            case .commentRequired: "Напишите комментарий: что исправить."
            case .newVersionRequired: "Лист возвращён: измените оценки или комментарии, прежде чем отправлять снова."
            case .notAllowed(let from, _): "Это действие недоступно: лист в состоянии «\(state(from))»."
            }
        }
        static func problem(_ problem: ScoreSheetProblem, rubric: [RubricCriterion]) -> String {
            let title = { (key: String) in rubric.first { $0.key == key }?.title ?? key }
            switch problem {
            case .unknownCriterion(let key): return "Неизвестный критерий «\(key)»."
            case .scoreOutOfScale(let key, let score, let max): return "«\(title(key))»: балл \(score) вне шкалы 0–\(max)."
            case .missingScore(let key): return "«\(title(key))»: поставьте балл."
            case .commentRequired(let key): return "«\(title(key))»: балл ниже максимального — напишите комментарий."
            case .conclusionRequired: return "Напишите общее заключение."
            }
        }
        static func eventTitle(_ kind: ReviewEventKind) -> String {
            switch kind {
            case .submitted: "Отправлен федеральному координатору"
            case .approved: "Принят"
            case .returned: "Возвращён эксперту"
            default: kind.rawValue
            }
        }

        // Publication
        static let publish = "Опубликовать результаты"
        static let publishHint = "После публикации принятые листы увидят школы, их кураторы и координаторы, а региональные координаторы — сводку по своему региону. До публикации листы видят только федеральный координатор и автор листа."
        static let publishQuestion = "Опубликовать результаты этапа? Отменить публикацию нельзя."
        static let published = "Результаты опубликованы."
        static let alreadyPublished = "Результаты этого этапа уже опубликованы."
        static func sheetsWaiting(_ count: Int) -> String { "Ждут решения экспертных листов: \(count). Примите или верните их перед публикацией." }
        static let nothingAccepted = "Нет ни одного принятого экспертного листа: публиковать нечего."
        static let roundPublished = "Этап опубликован: выборка и назначения больше не меняются."

        // Results
        static let results = "Результаты"
        static func resultsTitle(_ round: String) -> String { "Результаты: \(round)" }
        static func regionTitle(_ round: String, _ region: String) -> String { "\(round): \(region)" }
        static let byRegion = "Регионы"
        static let meanTotal = "Средний итог"
        static let meanByCriterion = "Средний балл по критериям"
        static let country = "Российская Федерация"
        static let schools = "Школ оценено"
        static let distribution = "Распределение итоговых баллов"
        static let totalScore = "Итоговый балл"
        static let schoolsCount = "Школ"
        static let sampledSchools = "Школы выборки"
        static let notScored = "не оценена"
        static let agreement = "Согласованность экспертов"
        static let agreementHint = "По школам, которые независимо оценили два эксперта (оба листа приняты): доля совпавших баллов и взвешенная каппа Коэна (линейные веса) по каждому критерию."
        static let pairs = "Пар оценок"
        static let equalShare = "Совпало"
        static let kappa = "Взвешенная каппа"
        static let noPairs = "Пока нет школ с двумя принятыми листами."
        static let notPublished = "Результаты этого этапа ещё не опубликованы."
        static let download = "Скачать XLSX"
        static let municipality = "Муниципалитет"
        static func fileName(_ what: String) -> String { "Экспертиза — \(what).xlsx" }
        static let publishedRounds = "Опубликованные результаты"
        static let schoolResults = "Результаты экспертизы школ"
        static let noResults = "Результатов экспертизы пока нет."
    }
}
