import Foundation
import MEDKCore

extension Strings {
    /// The bank of best practices (issue 17; PRODUCT.md «Bank of best practices»).
    enum Practices {
        static let navTitle = "Лучшие практики"
        static let title = "Лучшие практики"
        static let intro = "Школы и кураторы описывают свои практики; региональный координатор публикует их в открытом банке лучших практик или возвращает на доработку с комментарием."
        static let newPractice = "Описать практику"
        static let newTitle = "Новая практика"
        static let mine = "Практики"
        static let waiting = "Ждут решения"
        static let noPractices = "Практик пока нет."
        static let catalogueLink = "Открытый банк лучших практик"

        // The form
        static let school = "Школа"
        static let practiceTitle = "Название практики"
        static let summary = "Кратко о практике"
        static let summaryHint = "Два-три предложения: что это и чем полезно другим школам."
        static let factors = "Риск-факторы, на которые отвечает практика"
        static let description = "Описание практики"
        static let actions = "Что было сделано"
        static let results = "Что изменилось (результаты, с цифрами)"
        static let resultsHint = "Например: «доля обучающихся с результатами ВПР на «2» снизилась с 31 % до 18 %»."
        static let authors = "Авторы (как их опубликовать)"
        static let authorsHint = "Только имена, которые авторы согласны опубликовать. Можно оставить пустым."
        static let files = "Файлы"
        static let filesHint = "PDF, документы, таблицы, презентации, изображения, до 10 файлов за раз."
        static let removeFile = "убрать файл"
        static let save = "Сохранить черновик"
        static let submit = "Отправить на публикацию"

        // Problems
        static let titleRequired = "Укажите название практики."
        static let summaryRequired = "Опишите практику кратко."
        static let descriptionRequired = "Заполните описание практики."
        static let factorRequired = "Отметьте хотя бы один риск-фактор, на который отвечает практика."
        static let unknownFactor = "Такого риск-фактора нет в перечне года программы."
        static func tooLong(_ limit: Int) -> String { "Не длиннее \(limit) знаков." }
        static let chooseSchool = "Выберите школу."
        static let noSchool = "Практику описывают школа или её куратор; у вас нет школы, о которой можно её написать."
        static let noCycle = "Год программы не открыт: практики пока не принимаются."
        static let notEditable = "Практика на рассмотрении или опубликована: изменить её сейчас нельзя."
        static let changedMeanwhile = "Практику только что изменили в другом окне: откройте её заново."
        static let gone = "Практики больше нет."
        static let tooManyFiles = "За один раз можно добавить не больше 10 файлов."
        static let nothingChanged = "Верните практику на публикацию после исправлений: сначала измените её."
        static func refusal(_ refusal: ReviewRefusal) -> String {
            switch refusal {
            case .commentRequired: "Напишите комментарий: что нужно исправить."
            case .newVersionRequired: nothingChanged
            case .notAllowed: "Это действие с практикой сейчас невозможно."
            }
        }

        // Flash
        static let saved = "Черновик сохранён."
        static let submitted = "Практика отправлена региональному координатору."
        static let published = "Практика опубликована в банке лучших практик."
        static let returned = "Практика возвращена на доработку."
        static let unpublished = "Практика снята с публикации и возвращена авторам."

        // The page
        static let state = "Состояние"
        static func stateTitle(_ state: ReviewState) -> String {
            switch state {
            case .draft: "черновик"
            case .submitted: "на рассмотрении"
            case .approved: "опубликована"
            case .returned: "на доработке"
            case .withdrawn: "отозвана"
            }
        }
        static let returnComment = "Комментарий координатора"
        static let decisionTitle = "Решение регионального координатора"
        static let comment = "Комментарий"
        static let commentHint = "Обязателен, если практика возвращается: что нужно исправить."
        static let publish = "Опубликовать"
        static let sendBack = "Вернуть на доработку"
        static let unpublishTitle = "Снять с публикации"
        static let unpublishHint = "Практика исчезнет из открытого банка и вернётся авторам с вашим комментарием."
        static let unpublish = "Снять с публикации"
        static let history = "История"
        static func event(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "отправлена на публикацию"
            case .approve: "опубликована"
            case .return: "возвращена на доработку"
            case .reopen: "снята с публикации"
            case .newVersion: "изменена"
            case .withdraw: "отозвана"
            }
        }
        static func notification(_ move: ReviewMove, title: String, school: String) -> String {
            "\(school): практика «\(title)» \(event(move))"
        }
        static let edit = "Исправить практику"
        static let publicLink = "Открыть в банке практик"
        static let region = "Регион"
        static let municipality = "Муниципалитет"
        static let cycle = "Год программы"
        static let updated = "Изменена"
        static let author = "Автор"

        // The public catalogue
        static let catalogueTitle = "Банк лучших практик"
        static let catalogueIntro = "Практики школ проекта «500+», опубликованные региональными координаторами: что сделано против риска и что изменилось."
        static let query = "Поиск по словам"
        static let queryHint = "Ищутся все формы слова: «программы» найдёт и «программа»."
        static let anyFactor = "любой риск-фактор"
        static let anyRegion = "любой регион"
        static let anyCycle = "любой год"
        static let factor = "Риск-фактор"
        static let byFactor = "Практики по риск-факторам"
        static let found = RussianPlural("практика", "практики", "практик")
        static func foundCount(_ count: Int) -> String {
            count > PracticeQueries.countLimit ? "Найдено более \(PracticeQueries.countLimit) практик: уточните запрос." : "Найдено: \(found(count))."
        }
        static let noneFound = "По этому запросу опубликованных практик нет. Попробуйте другие слова или снимите фильтр."
        static let queryTooLong = "Запрос слишком длинный: не больше 200 знаков."
        static let filter = "Найти"
        static let previousPage = "← Предыдущие"
        static let nextPage = "Следующие →"
        static func pageOf(_ page: Int, _ pages: Int) -> String { "Страница \(page) из \(pages)" }
        static let schoolPractices = "Опубликованные практики школы"
        static let practiceSchool = "Школа"
        static let whatWasDone = actions
        static let whatChanged = "Что изменилось"
        static let publishedOn = "Опубликована"
        static let filesTitle = "Материалы"
        static let territoriesTitle = "Открытые страницы регионов"
    }
}
