import Foundation

extension Strings {
    /// The JSON API: tokens on the account page, the reference page, and the API's problem details (issue 18).
    enum Api {
        static let tokensTitle = "Токены доступа к API"
        static let tokensLead = "Токен позволяет региональной системе или программе обращаться к МЭДК от вашего имени: она видит ровно то, что видите вы в выбранной роли. Токен показывается один раз — сохраните его сразу. Если токен попал в чужие руки, отзовите его."
        static let nav = "Токены API"
        static let reference = "Описание API"
        static let name = "Название"
        static let nameHint = "Например: «Региональная ИС, выгрузка ленты событий»."
        static let role = "Роль"
        static let scope = "Права"
        static let expires = "Действует до"
        static let expiresHint = "Не позднее чем через год."
        static let create = "Создать токен"
        static let created = "Создан"
        static let lastUsed = "Последнее обращение"
        static let state = "Состояние"
        static let revoke = "Отозвать"
        static let revokeConfirm = "Отозвать токен? Программы, которые им пользуются, сразу потеряют доступ."
        static let never = "ещё не было"
        static let live = "действует"
        static let expired = "срок истёк"
        static let revoked = "отозван"
        static let none = "Токенов нет."
        static let yourToken = "Ваш новый токен"
        static let shownOnce = "Скопируйте его сейчас: больше он показан не будет. В запросах передавайте его в заголовке «Authorization: Bearer …»."
        static let revokedDone = "Токен отозван."
        static let userTokens = "Токены доступа к API"

        static func scopeTitle(_ scope: ApiTokenScope) -> String {
            switch scope {
            case .read: "чтение"
            case .import: "чтение и загрузка данных"
            }
        }

        static let nameRequired = "Укажите название токена."
        static let nameTooLong = "Название токена — не длиннее 100 символов."
        static let badExpiry = "Укажите дату окончания действия в формате ГГГГ-ММ-ДД: не раньше завтрашнего дня и не позднее чем через год."
        static let badRole = "Выберите одну из своих ролей."
        static let badScope = "Выберите права токена."
        static let tooMany = "У вас уже 20 действующих токенов. Отзовите ненужные, прежде чем создавать новый."

        // Problem details (application/problem+json).
        static let unauthorized = "Нужен действующий токен доступа в заголовке «Authorization: Bearer …». Токен создаётся на странице «Токены API» учётной записи."
        static let importScope = "У этого токена только право чтения. Для загрузки данных создайте токен с правами «чтение и загрузка данных»."
        static let rateLimited = "Слишком много запросов с этим токеном. Повторите позже: через сколько секунд — в заголовке Retry-After."
        static let notFound = "Такого объекта нет или он вам недоступен."
        static let badRequest = "Запрос составлен неверно. Проверьте параметры по описанию API (/api)."
        static func unknownParameter(_ name: String) -> String {
            "У этой операции нет параметра «\(name.prefix(60))». Параметры каждой операции перечислены в описании API (/api)."
        }
        static func methodNotAllowed(_ allowed: [String]) -> String {
            "Этот адрес не принимает такой метод. Допустимо: \(allowed.joined(separator: ", "))."
        }
        static let badCursor = "Неверный курсор: передайте значение «next» из предыдущего ответа без изменений."
        static let badLimit = "Параметр limit — целое число от 1 до 500."
        static let badDate = "Дата — в формате ГГГГ-ММ-ДД."
        static let chooseTerritory = "Укажите регион или муниципалитет в параметре territory: по всей стране работа кураторов смотрится по регионам."
        static let unknownCycle = "Такого программного года нет."
        static let tooLarge = "Тело запроса слишком большое."
        static let invalid = "Данные не приняты: ничего не записано. Исправьте ошибки, перечисленные в errors, и отправьте всё снова."
        static let emptyList = "Список пуст: передайте хотя бы один элемент."
        static let unsupportedMediaType = "Тело запроса — JSON (Content-Type: application/json)."

        static func title(_ status: Int) -> String {
            switch status {
            case 400: "Неверный запрос"
            case 401: "Нужна авторизация"
            case 403: "Нет доступа"
            case 404: "Не найдено"
            case 405: "Метод не поддерживается"
            case 409: "Конфликт"
            case 413: "Слишком большой запрос"
            case 415: "Неподдерживаемый формат"
            case 422: "Данные не приняты"
            case 429: "Слишком много запросов"
            case 503: "Сервер занят"
            default: "Ошибка сервера"
            }
        }

        // The reference page.
        static let referenceLead = "Программный интерфейс МЭДК для региональных систем и ФИС ОКО. Каждый запрос выполняется с токеном доступа и видит ровно то, что видит владелец токена на страницах."
        static let document = "Документ OpenAPI 3.1 (JSON)"
        static let howTo = "Как начать"
        static let howToSteps = [
            "Войдите в МЭДК и откройте «Токены API» в верхней строке.",
            "Создайте токен: название, роль, права и срок действия. Скопируйте токен — он показывается один раз.",
            "Передавайте токен в заголовке каждого запроса: Authorization: Bearer <токен>.",
        ]
        static let example = "Пример"
        static let operations = "Операции"
        static let parameters = "Параметры"
        static let body = "Тело запроса"
        static let responses = "Ответы"
        static let schemas = "Схемы данных"
        static let required = "обязательный"
        static let location = "Где"
        static let type = "Тип"
        static let field = "Поле"
        static let details = "Описание"
        static let errorsTitle = "Ошибки"
        static let errorsText = "Любая ошибка — ответ application/problem+json (RFC 9457) с полями type, title, status и detail на русском языке; при 422 — ещё errors: элемент (item), поле (field) и что не так (detail). Объект вне вашей зоны ответственности отвечает 404, как и на страницах."
    }
}
