import Foundation
import MEDKCore

extension Strings {
    enum Roadmap {
        static let documents = "Документы"
        static let noDocuments = "Документов пока нет."
        static let upload = "Загрузить"
        static let uploadTitle = "Загрузить документы"
        static let files = "Файлы"
        static let title = "Название документа"
        static let titleHint = "Если файлов несколько, названия возьмутся из имён файлов; их можно изменить позже."
        static func filesHint(_ megabytes: Int) -> String {
            "PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, PPT/PPTX, JPG/PNG, MP4/WEBM; до \(megabytes) МБ каждый. Можно выбрать несколько файлов."
        }
        static let chooseFile = "Выберите файл для загрузки."
        static let chooseOneFile = "Выберите один файл — новую версию документа."
        static func tooManyFiles(_ max: Int) -> String { "За один раз можно загрузить не больше \(max) файлов." }
        static func uploaded(_ count: Int) -> String {
            count == 1 ? "Документ загружен. Когда он готов, отправьте его куратору на проверку."
                : "Загружено \(Strings.Roadmap.documentsPlural(count)). Отправьте каждый куратору на проверку, когда он готов."
        }
        static let documentsPlural = RussianPlural("документ", "документа", "документов")
        static let versionAdded = "Новая версия загружена. Отправьте документ куратору снова."
        static let defaultTitleFallback = "Документ"
        static func defaultTitle(_ fileName: String) -> String {
            let base = (SafeFileName.make(fileName) as NSString).deletingPathExtension
            return base.isEmpty ? defaultTitleFallback : String(base.prefix(300))
        }
        static let state = "Состояние"
        static let version = "Версия"
        static let versions = "Версии"
        static let file = "Файл"
        static let size = "Размер"
        static let uploadedBy = "Загрузил"
        static let uploadedAt = "Когда"
        static let open = "Открыть"
        static let download = "Скачать"
        static let history = "История"
        static let event = "Событие"
        static let who = "Кто"
        static let comment = "Комментарий"
        static let curatorComment = "Комментарий куратора"
        static let newVersion = "Загрузить новую версию"
        static let waitingOn = "Кто действует"
        static let updated = "Изменён"
        static let returnHint = "Напишите, что именно нужно изменить: без этого школа не сможет доработать документ."
        static let reopenHint = "Напишите, почему документ открыт снова и что нужно изменить."
        static let conflict = "Документ уже изменён: пока вы смотрели страницу, его изменил другой участник. Проверьте новое состояние — ваше действие не выполнено."
        static let commentRequired = "Верните документ с комментарием: напишите, что нужно изменить. Без комментария доработка невозможна."
        static let newVersionRequired = "Документ был возвращён на доработку: сначала загрузите новую версию, затем отправьте снова."
        static func notAllowed(_ state: ReviewState, of noun: Noun = .document) -> String {
            "Это действие недоступно: \(noun.word) сейчас в состоянии «\(stateTitle(state, of: noun))». Обновите страницу."
        }
        static func message(_ failure: DocumentActions.Failure, of noun: Noun = .document) -> String {
            switch failure {
            case .conflict: conflict
            case .refused(.commentRequired): commentRequired
            case .refused(.newVersionRequired): newVersionRequired
            case .refused(.notAllowed(let from, _)): notAllowed(from, of: noun)
            }
        }
        static func message(_ failure: UploadReceiver.Failure) -> String {
            switch failure {
            case .malformed: return Errors.badRequest
            case .refused(let name, let refusal):
                let file = "Файл «\(SafeFileName.make(name))»"
                return switch refusal {
                case .empty: "\(file) пустой — выберите файл с содержимым."
                case .incomplete: "\(file) загружен не полностью — дождитесь окончания загрузки и отправьте форму снова."
                case .tooLarge(let limit): "\(file) больше \(limit / 1024 / 1024) МБ — загрузка остановлена. Уменьшите файл (например, сожмите видео) или разделите его."
                case .executable: "\(file) — программа. Программы загружать нельзя."
                case .archiveWithExecutable(let entry): "\(file) содержит программу или макрос («\(entry)») — загрузить его нельзя. Сохраните документ без макросов."
                case .unsupportedType: "\(file) — неподдерживаемый тип. Можно загрузить PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, PPT/PPTX, JPG/PNG, MP4/WEBM."
                case .mismatchedExtension(let expected): "Содержимое файла не соответствует его расширению: \(file) должен называться *.\(expected.first ?? "")."
                }
            }
        }
        static func moved(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "Документ отправлен куратору на проверку."
            case .approve: "Документ согласован."
            case .return: "Документ возвращён школе на доработку с комментарием."
            case .reopen: "Документ открыт для доработки."
            case .withdraw: "Документ отозван: он остаётся в истории, но не учитывается в разделе и показателях."
            case .newVersion: versionAdded
            }
        }
        static func deleted(_ title: String) -> String { "Черновик «\(title)» удалён." }
        static let deleteDraft = "Удалить черновик"
        static func previewTitle(_ version: Int) -> String { "Документ (версия \(version))" }
        static func previewOf(_ file: String) -> String { "Просмотр файла «\(file)»" }
        static func openFile(_ file: String) -> String { "Браузер не показывает файл здесь — открыть «\(file)»" }
        static let reviewComment = "Комментарий для школы"
        static let reviewHint = "Чтобы вернуть документ на доработку, напишите, что именно изменить. Согласовать можно без комментария."
        static let withdrawnTitle = "Отозванные документы"
        static let withdrawnHint = "Документы, отозванные школой: они хранятся в истории, но не учитываются в статусе раздела и в показателях."
        static let deleteHint = "Черновик ещё не отправлялся куратору: его можно удалить. В истории останется запись об удалении."
        static func moveHint(_ move: ReviewMove) -> String {
            switch move {
            case .reopen: reopenHint
            case .withdraw: "Если документ загружен по ошибке или не в тот раздел, отзовите его и укажите причину. Отозванный документ остаётся в истории, но не учитывается в разделе и показателях."
            default: returnHint
            }
        }
        static func moveButton(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "Отправить куратору"
            case .approve: "Согласовать"
            case .return: "Вернуть на доработку"
            case .reopen: "Открыть для доработки"
            case .withdraw: "Отозвать документ"
            case .newVersion: newVersion
            }
        }
        /// What is reviewed, for the words that agree with it: «самообследование согласовано», «программа согласована».
        enum Noun: Sendable {
            case document, selfAssessment, program, monitoringReport

            /// The noun of a review event's item (`review_events.item_type`).
            init(itemType: String) {
                self = switch itemType {
                case SelfAssessmentRecord.itemType: .selfAssessment
                case ProgramRecord.itemType: .program
                case MonitoringReportRecord.itemType: .monitoringReport
                default: .document
                }
            }

            var word: String {
                switch self {
                case .document: "документ"
                case .selfAssessment: "самообследование"
                case .program: "программа"
                case .monitoringReport: "мониторинг"
                }
            }

            /// The short participle's ending: «согласован», «согласована», «согласовано».
            func agreeing(_ masculine: String) -> String {
                switch self {
                case .document, .monitoringReport: masculine
                case .program: masculine + "а"
                case .selfAssessment: masculine + "о"
                }
            }
        }

        static func stateTitle(_ state: ReviewState, of noun: Noun = .document) -> String {
            switch state {
            case .draft: "черновик"
            case .submitted: "на проверке у куратора"
            case .approved: noun.agreeing("согласован")
            case .returned: noun.agreeing(noun == .document || noun == .monitoringReport ? "возвращён" : "возвращен") + " на доработку"
            case .withdrawn: noun.agreeing("отозван")
            }
        }
        static func waitingOn(_ state: ReviewState) -> String {
            switch state {
            case .draft, .returned: "школа"
            case .submitted: "куратор"
            case .approved, .withdrawn: "—"
            }
        }
        static func sectionStatus(_ status: SectionStatus) -> String {
            switch status {
            case .notStarted: "не начато"
            case .draft: "черновик"
            case .waitingForCurator: "ждёт куратора"
            case .returned: "возвращено"
            case .done: "выполнено"
            }
        }
        static func sectionTitle(_ section: DocumentSection) -> String {
            switch section {
            case .diagnostics: "Стартовая диагностика"
            case .conceptDocuments: "Концептуальные документы"
            case .program: "Программа"
            case .stage1: "Этап 1"
            case .stage2: "Этап 2"
            case .monitoring1: "Мониторинг 1"
            case .monitoring2: "Мониторинг 2"
            }
        }
        static func eventTitle(_ kind: ReviewEventKind, of noun: Noun = .document) -> String {
            switch kind {
            case .uploaded: noun == .document ? "загружен" : noun == .monitoringReport ? "сохранён" : noun.agreeing("сохранен")
            case .submitted: noun.agreeing("отправлен") + " на проверку"
            case .approved: noun.agreeing("согласован")
            case .returned: noun.agreeing(noun == .document || noun == .monitoringReport ? "возвращён" : "возвращен") + " на доработку"
            case .reopened: noun.agreeing("открыт") + " для доработки"
            case .withdrawn: noun.agreeing("отозван") + " школой"
            case .deleted: "черновик удалён"
            }
        }
        static let queueTitle = "Документы на проверку"
        static let queueEmpty = "Нет документов, ожидающих проверки."
        static let waiting = "Ждёт"
        static let school = "Школа"
        static let days = RussianPlural("день", "дня", "дней")
        static let hours = RussianPlural("час", "часа", "часов")
        static func waited(_ seconds: TimeInterval) -> String {
            let days = Int(seconds / 86_400)
            return days >= 1 ? Strings.Roadmap.days(days) : Strings.Roadmap.hours(max(0, Int(seconds / 3600)))
        }
        static let feedTitle = "Лента событий"
        static func feedTitle(of year: Int) -> String { "Лента событий: \(year) год" }
        static let feedEmpty = "Событий нет."
        static let kind = "Событие"
        static let curator = "Куратор"
        static let from = "С даты"
        static let to = "По дату"
        static let more = "Дальше →"
        static let allSections = "Разделы"
        static func size(_ bytes: Int64) -> String {
            bytes >= 1_048_576 ? String(format: "%.1f МБ", Double(bytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
                : "\(max(1, (bytes + 1023) / 1024)) КБ"
        }
        static let uploading = "Загрузка…"
    }
}
