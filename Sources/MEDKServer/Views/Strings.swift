import Foundation
import MEDKCore

/// Every word MEDK shows a person, in Russian, in one place.
enum Strings {
    static let appName = "МЭДК"
    static let appTitle = "Мониторинг электронных дорожных карт"
    static let programme = "Проект адресной методической помощи «500+»"

    enum Common {
        static let table = "Таблица"
        /// A share with one decimal, Russian style: «88,1 %», «100 %». Whole tenths, without String(format:),
        /// which is slow enough to matter in a table of a thousand cells.
        static func percent(_ fraction: Double) -> String {
            let tenths = Int((fraction * 1000).rounded())
            return (tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10),\(abs(tenths % 10))") + " %"
        }
        static let save = "Сохранить"
        static let create = "Создать"
        static let cancel = "Отмена"
        static let search = "Найти"
        static let reset = "Сбросить"
        static let back = "Назад"
        static let home = "На главную"
        static let yes = "да"
        static let no = "нет"
        static let none = "—"
        static let all = "все"
        static let rural = "сельская"
        static let urban = "городская"
        static let required = "обязательное поле"
        static let date = "Дата"
        static let from = "с"
        static let to = "по"
        static let nothingFound = "Ничего не найдено."
        static let schools = RussianPlural("школа", "школы", "школ")
        static let curators = RussianPlural("куратор", "куратора", "кураторов")
        static let users = RussianPlural("пользователь", "пользователя", "пользователей")
        static let rows = RussianPlural("строка", "строки", "строк")
        static let errors = RussianPlural("ошибка", "ошибки", "ошибок")
        static let municipalities = RussianPlural("муниципалитет", "муниципалитета", "муниципалитетов")
    }

    enum Nav {
        static let roadmap = "Дорожная карта"
        static let mySchools = "Мои школы"
        static let schools = "Школы"
        static let regions = "Регионы"
        static let users = "Пользователи"
        static let territories = "Территории"
        static let importData = "Импорт"
        static let audit = "Журнал изменений"
        static let reviews = "На проверку"
        static let feed = "Лента событий"
        static let password = "Сменить пароль"
        static let logout = "Выйти"
        static let role = "Роль"
        static let switchRole = "Перейти"
        static let skipToContent = "Перейти к содержанию"
        static let breadcrumbs = "Навигационная цепочка"
        static let mainMenu = "Основное меню"
    }

    enum Login {
        static let tooLong = "Логин длиннее 64 символов или пароль длиннее 1024 байт — таких учётных записей нет. Проверьте, что вставили."
        static let title = "Вход в систему"
        static let login = "Логин"
        static let password = "Пароль"
        static let submit = "Войти"
        static let wrong = "Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock."
        static let locked = "Слишком много неудачных попыток входа. Вход для этого логина закрыт на 15 минут — попробуйте позже или обратитесь к администратору."
        static let empty = "Введите логин и пароль."
        static let signedOut = "Вы вышли из системы."
        static let intro = "Информационная система мониторинга электронных дорожных карт школ с низкими образовательными результатами."
    }

    enum Password {
        static let title = "Смена пароля"
        static let current = "Текущий пароль"
        static let new = "Новый пароль"
        static let repeatNew = "Новый пароль ещё раз"
        static let hint = "Не короче \(UserImport.minimumPasswordLength) символов."
        static let wrongCurrent = "Текущий пароль введён неверно."
        static let tooShort = "Новый пароль слишком короткий: нужно не меньше \(UserImport.minimumPasswordLength) символов."
        static let mismatch = "Новые пароли не совпадают. Введите один и тот же пароль дважды."
        static let changed = "Пароль изменён. Другие сеансы входа с этим логином закрыты."
    }

    enum Roles {
        static func title(_ role: Role) -> String { role.title }
        static let switched = "Роль переключена."
        static let noRoles = "У вашей учётной записи нет ни одной роли. Обратитесь к администратору."
    }

    enum Errors {
        static func missingAsset(_ path: String) -> String {
            "MEDK_PUBLIC_DIR: нет файла \(path). Укажите каталог Public с css/medk.css, js/medk.js и favicon.svg."
        }
        static let notFoundTitle = "Страница не найдена"
        static let notFound = "Такой страницы нет или у вас нет к ней доступа. Проверьте адрес или вернитесь на главную."
        static let forbiddenTitle = "Доступ запрещён"
        static let forbidden = "Это действие вам недоступно в текущей роли."
        static let malformedForm = "Форма пришла повреждённой (так бывает, если связь оборвалась во время отправки). Ничего не изменено — обновите страницу и отправьте форму ещё раз."
        static let tooLargeTitle = "Слишком большой запрос"
        static let busyTitle = "Сервер перегружен"
        static let busy = "Сейчас с МЭДК работает очень много людей, и ваш запрос не дождался очереди. Ничего не изменено — повторите действие через полминуты."
        static let duplicate = "Такая запись уже есть — возможно, форма была отправлена дважды или кто-то сделал то же самое одновременно с вами. Обновите страницу: повторно ничего не записано."
        static func bodyTooLarge(kilobytes: Int) -> String {
            let size = kilobytes >= 1024 ? "\(kilobytes / 1024) МБ" : "\(kilobytes) КБ"
            return "Запрос больше \(size) — так много эта форма не принимает. Ничего не изменено; если вы загружали файл, уменьшите его или разделите на части."
        }
        static let csrf = "Форма устарела или отправлена не со страницы МЭДК. Обновите страницу и повторите действие — ничего не изменено."
        static let serverTitle = "Ошибка на сервере"
        static let server = "Что-то пошло не так на нашей стороне. Ничего не изменено; повторите действие через минуту. Если ошибка повторяется, сообщите администратору время ошибки."
        static let badRequestTitle = "Неверный запрос"
        static let badRequest = "Запрос не удалось разобрать. Вернитесь назад и заполните форму ещё раз."
        static let tooLarge = "Файл слишком большой."
        static let conflictTitle = "Данные уже изменены"
    }

    enum Home {
        static let title = "Главная"
        static let schoolTitle = "Дорожная карта школы"
        static let notParticipating = "Школа не участвует в текущем году реализации проекта."
        static let cycle = "Год реализации проекта"
        static let curator = "Куратор"
        static let noCurator = "Куратор пока не назначен."
        static let sections = "Разделы дорожной карты"
        static let section = "Раздел"
        static let status = "Состояние"
        static let dueBy = "Контрольная дата"
        static let when = "Срок"
        static let nextStep = "Следующий шаг"
        static let nothingToDo = "Всё, что нужно сейчас, отправлено: ждём решения куратора."
        static let returnedTitle = "Возвращено на доработку"
        static func rework(_ title: String) -> String { "Доработать: «\(title)»" }
        static func nextAction(_ section: RoadmapSection, started: Bool) -> String {
            switch section {
            case .selfAssessment: started ? "Отправить самообследование куратору" : "Заполнить самообследование"
            case .directions: "Активировать направления"
            case .programs: started ? "Отправить программы куратору" : "Написать программы направлений"
            case .conceptDocuments: started ? "Отправить концептуальные документы куратору" : "Загрузить концептуальные документы"
            case .stage1: "Загрузить документы этапа 1"
            case .stage2: "Загрузить документы этапа 2"
            case .monitoring1: started ? "Отправить мониторинг 1 куратору" : "Внести значения мониторинга 1"
            case .monitoring2: started ? "Отправить мониторинг 2 куратору" : "Внести значения мониторинга 2"
            case .diagnostics: "Загрузить документы стартовой диагностики"
            case .verification: "Открыть верификацию РПШ"
            case .chat: "Написать куратору"
            }
        }
        /// «просрочено на 12 дней», «осталось 5 дней», «ждёт куратора 3 дня»; nil when there is nothing to say.
        static func timing(_ timing: SchoolSteps.Timing) -> String? {
            switch timing {
            case .done, .undated: nil
            case .overdue(let days): "просрочено на \(Roadmap.days(days))"
            case .left(0): "срок сегодня"
            case .left(let days): "\(RussianPlural("остался", "осталось", "осталось").form(for: days)) \(Roadmap.days(days))"
            case .waitingForCurator(0): "ждёт куратора с сегодняшнего дня"
            case .waitingForCurator(let days): "ждёт куратора \(Roadmap.days(days))"
            case .returned: "нужно доработать"
            }
        }
        static let notStarted = "не начато"
        static let controlDates = "Контрольные даты дорожной карты 500+"
        static let nextControlDate = "Ближайшая контрольная дата"
        static let noNextControlDate = "контрольные даты этого года реализации проекта прошли"
        static let event = "Событие"
        static let indicator = "Показатель для контроля включенности"
        static let curatorTitle = "Мои школы"
        static let mySchools = "Школы"
        static let allClear = "Срочных дел нет: всё проверено, посещения в срок, школы работают."
        static func waitingReviews(_ count: Int) -> String { "Ждут проверки: \(count)" }
        static let allReviews = "Все документы на проверку →"
        static func overdueVisits(_ count: Int) -> String { "Просрочены посещения: \(count)" }
        static let logVisit = "Записать посещение →"
        static func silentSchools(_ count: Int) -> String { "Школы без движения \(CuratorToDo.silentDays) дней и больше: \(count)" }
        static let lastMove = "Последнее действие школы"
        static let writeToSchool = "Написать школе"
        static let contact = "Связь"
        static let attentionTitle = "Требует внимания"
        static let attentionNone = "Сегодня всё в срок: показатели не отстают от контрольных дат, проверки и посещения идут вовремя."
        static func behind(_ indicator: String, tally: Tally, controlDate: CalendarDate) -> String {
            "«\(indicator)»: \(tally.fraction.map(Common.percent) ?? "—") (\(tally.done) из \(tally.total)), контрольная дата \(controlDate.russian) прошла"
        }
        static func slowCurators(_ count: Int) -> String { "Кураторов, у которых документы ждут проверки дольше 5 рабочих дней: \(count)" }
        static func overdueVisitsIn(_ count: Int) -> String { "Школ с просроченным посещением куратора: \(count)" }
        static func silentIn(_ count: Int) -> String { "Школ без движения \(CuratorToDo.silentDays) дней и больше: \(count)" }
        static func overduePlanItems(_ count: Int) -> String { "Просроченных пунктов плана-графика: \(count)" }
        static let noAssignedSchools = "Вам пока не назначено ни одной школы. Назначения делает муниципальный или региональный координатор."
        static let assignedSince = "Куратор с"
        static let federalTitle = "Регионы"
        static let participating = "Школ в проекте"
        static let withCurator = "С куратором"
        static let curatorsCount = "Кураторов"
        static let adminTitle = "Администрирование"
        static let adminUsers = "Пользователи"
        static let adminTerritories = "Территории"
        static let totals = "Всего в системе"

        static func sectionTitle(_ section: RoadmapSection) -> String {
            switch section {
            case .diagnostics: "Стартовая диагностика"
            case .verification: "Верификация РПШ"
            case .selfAssessment: "Самообследование"
            case .directions: "Направления"
            case .programs: "Программы направлений"
            case .conceptDocuments: "Концептуальные документы"
            case .stage1: "Этап 1"
            case .stage2: "Этап 2"
            case .monitoring1: "Мониторинг 1"
            case .monitoring2: "Мониторинг 2"
            case .chat: "Чат"
            }
        }
    }

    enum Schools {
        static let title = "Школы"
        static let new = "Добавить школу"
        static let fullName = "Полное наименование"
        static let shortName = "Краткое наименование"
        static let address = "Адрес"
        static let locality = "Местность"
        static let code = "Код ОО"
        static let codeHint = "Необязательно; уникален во всей системе."
        static let municipality = "Муниципалитет"
        static let region = "Регион"
        static let participates = "Участвует в проекте текущего года"
        static let participatesShort = "В проекте"
        static let curators = "Кураторы"
        static let searchPlaceholder = "Часть наименования или код"
        static let created = "Школа добавлена."
        static let nameRequired = "Укажите полное наименование школы."
        static let municipalityRequired = "Выберите муниципалитет."
        static let codeTaken = "Школа с таким кодом ОО уже есть в системе."
        static let duplicate = "В этом муниципалитете уже есть школа с таким наименованием."
        static let tooLong = "Слишком длинное значение."
        static let assignTitle = "Назначить куратора"
        static let curator = "Куратор"
        static let startsOn = "Дата начала"
        static let endsOn = "Последний день"
        static let assign = "Назначить"
        static let unassign = "Снять"
        static let assigned = "Куратор назначен."
        static let unassigned = "Куратор снят с сопровождения школы."
        static let noCurators = "Кураторы не назначены."
        static let noCuratorsInRegion = "В списке кураторов региона никого нет. Создайте пользователя с ролью «Куратор» этого региона."
        static let alreadyAssigned = "Этот куратор уже сопровождает школу в этот период."
        static let badDate = "Дата указана неверно. Формат: дд.мм.гггг."
        static let endBeforeStart = "Последний день не может быть раньше даты начала."
        static let curatorRequired = "Выберите куратора."
        static let notInCycle = "Школа не участвует в проекте текущего года — сначала включите её."
        static let include = "Включить в проект текущего года"
        static let included = "Школа включена в проект."
        static let history = "История назначений"
        static let current = "сейчас"
        static let filter = "Фильтр"
        static let count = "Найдено"
    }

    enum Territories {
        static let title = "Территории"
        static let regions = "Регионы"
        static let municipalities = "Муниципалитеты"
        static let newRegion = "Новый регион"
        static let newMunicipality = "Новый муниципалитет"
        static let name = "Наименование"
        static let timeZone = "Часовой пояс"
        static let region = "Регион"
        static let regionCreated = "Регион создан."
        static let municipalityCreated = "Муниципалитет создан."
        static let nameRequired = "Укажите наименование."
        static let regionExists = "Регион с таким наименованием уже есть."
        static let municipalityExists = "В этом регионе уже есть муниципалитет с таким наименованием."
        static let badTimeZone = "Выберите часовой пояс из списка."
        static let regionRequired = "Выберите регион."
        /// Russia's zones as people name them, by the city whose time they keep; the IANA name stays in the database.
        static let zones: [(identifier: String, city: String)] = [
            ("Europe/Kaliningrad", "Калининград"), ("Europe/Moscow", "Москва"), ("Europe/Volgograd", "Волгоград"),
            ("Europe/Kirov", "Киров"), ("Europe/Samara", "Самара"), ("Europe/Astrakhan", "Астрахань"),
            ("Europe/Saratov", "Саратов"), ("Europe/Ulyanovsk", "Ульяновск"), ("Asia/Yekaterinburg", "Екатеринбург"),
            ("Asia/Omsk", "Омск"), ("Asia/Novosibirsk", "Новосибирск"), ("Asia/Barnaul", "Барнаул"),
            ("Asia/Tomsk", "Томск"), ("Asia/Novokuznetsk", "Новокузнецк"), ("Asia/Krasnoyarsk", "Красноярск"),
            ("Asia/Irkutsk", "Иркутск"), ("Asia/Chita", "Чита"), ("Asia/Yakutsk", "Якутск"),
            ("Asia/Khandyga", "Хандыга"), ("Asia/Vladivostok", "Владивосток"), ("Asia/Ust-Nera", "Усть-Нера"),
            ("Asia/Magadan", "Магадан"), ("Asia/Sakhalin", "Сахалин"), ("Asia/Srednekolymsk", "Среднеколымск"),
            ("Asia/Kamchatka", "Камчатка"), ("Asia/Anadyr", "Анадырь"),
        ]
        /// «Чита (UTC+9)»: the offset is today's, as the zone's rules give it.
        static func zoneName(_ identifier: String) -> String {
            let city = zones.first { $0.identifier == identifier }?.city ?? identifier
            guard let zone = TimeZone(identifier: identifier) else { return city }
            let seconds = zone.secondsFromGMT()
            let hours = seconds / 3600, minutes = abs(seconds % 3600) / 60
            let offset = (seconds >= 0 ? "+" : "−") + "\(abs(hours))" + (minutes == 0 ? "" : ":\(minutes < 10 ? "0" : "")\(minutes)")
            return "\(city) (UTC\(offset))"
        }
    }

    enum Users {
        static let title = "Пользователи"
        static let new = "Новый пользователь"
        static let login = "Логин"
        static let loginHint = "Латинские буквы, цифры, точка, дефис, подчёркивание."
        static let fullName = "ФИО"
        static let email = "E-mail"
        static let phone = "Телефон"
        static let password = "Пароль"
        static let passwordHint = "Не короче \(UserImport.minimumPasswordLength) символов. Пусто — будет создан и показан один раз."
        static let roles = "Роли"
        static let role = "Роль"
        static let scope = "Территория / школа"
        static let active = "Активен"
        static let blocked = "заблокирован"
        static let block = "Заблокировать"
        static let unblock = "Разблокировать"
        static let grant = "Назначить роль"
        static let revoke = "Отозвать"
        static let created = "Пользователь создан."
        static func createdWithPassword(_ password: String) -> String {
            "Пользователь создан. Пароль для первого входа: \(password) — передайте его пользователю, он показан один раз."
        }
        static let granted = "Роль назначена."
        static let revoked = "Роль отозвана."
        static let blockedDone = "Пользователь заблокирован; его сеансы закрыты."
        static let unblockedDone = "Пользователь разблокирован."
        static let loginTaken = "Такой логин уже занят."
        static let badLogin = "Логин может содержать только латинские буквы, цифры, точку, дефис и подчёркивание (2–64 символа)."
        static let nameRequired = "Укажите ФИО."
        static let badEmail = "Адрес электронной почты указан неверно."
        static let passwordShort = Password.tooShort
        static let roleRequired = "Выберите роль."
        static let placeRequired = "Для этой роли выберите, к чему она относится: регион, муниципалитет или школу."
        static let forbiddenGrant = "Вы не можете назначить эту роль в этой территории."
        static let notChangeable = "У этого пользователя есть роли, которые вы не можете назначать, поэтому изменять его роли, контакты и блокировать его вы не можете. Обратитесь к координатору более высокого уровня."
        static let duplicateGrant = "У пользователя уже есть эта роль."
        static let selfBlock = "Нельзя заблокировать самого себя."
        static let selfRevoke = "Нельзя отозвать собственную роль: попросите другого администратора или координатора."
        static let schoolCode = "Код ОО (если школы нет в списке)"
        static let searchPlaceholder = "Логин или ФИО"
        static let country = "вся страна"
        static let noGrants = "Ролей нет."
    }

    enum Import {
        static func tooManyRows(_ limit: Int) -> String {
            "В файле больше \(limit) строк — столько за один раз не загрузить. Разделите файл на части и загрузите их по очереди; ничего не изменено."
        }
        static func firstShown(_ shown: Int, of total: Int) -> String { "Показаны первые \(shown) из \(total) ошибок: исправьте их и загрузите файл снова." }
        static let title = "Импорт"
        static let schoolsTitle = "Импорт школ"
        static let usersTitle = "Импорт пользователей"
        static let riskProfilesTitle = "Импорт рисковых профилей школ (РПШ)"
        static let riskProfilesNote = "Значимость каждого фактора риска: высокая, средняя, низкая или «нет». Группы респондентов, прошедших анкетирование: да или нет."
        static func title(_ kind: ImportController.Kind) -> String {
            switch kind {
            case .schools: schoolsTitle
            case .users: usersTitle
            case .riskProfiles: riskProfilesTitle
            }
        }
        static func sheetName(_ kind: ImportController.Kind) -> String {
            switch kind {
            case .schools: "Школы"
            case .users: "Пользователи"
            case .riskProfiles: "РПШ"
            }
        }
        static let file = "Файл CSV или XLSX"
        static let submit = "Проверить и загрузить"
        static let intro = "Файл сначала проверяется целиком. Если в любой строке есть ошибка, не загружается ничего — исправьте файл и загрузите его снова. Повторная загрузка того же файла ничего не меняет."
        static let formats = "Подходят XLSX и CSV в кодировке UTF-8 или Windows-1251 с разделителем «;» или «,» — так сохраняет русский Excel."
        static let template = "Образец файла"
        static let columns = "Столбцы"
        static let requiredMark = "обязательный"
        static let failed = "Файл не загружен: исправьте ошибки и загрузите его снова. Ничего не изменено."
        static let row = "Строка"
        static let column = "Столбец"
        static let problem = "Ошибка"
        static let noFile = "Выберите файл для загрузки."
        static func tooLarge(_ megabytes: Int) -> String { "Файл больше \(megabytes) МБ. Разделите его на части." }
        static func userChangedMeanwhile(_ login: String) -> String {
            "Пока шёл импорт, пользователю «\(login)» назначили роль, которую вы не можете назначать. Ничего не импортировано: уберите его строку из файла и загрузите файл снова."
        }
        static let unreadableEncoding = "Не удалось прочитать текст файла: сохраните его как CSV в кодировке UTF-8 или Windows-1251."
        static let unsupportedFormat = "Это не CSV и не XLSX. Старый формат .xls не поддерживается: сохраните файл как «Книга Excel (.xlsx)»."
        static let unreadableXLSX = "Файл XLSX повреждён или не читается. Откройте его в Excel и сохраните заново."
        static let empty = "Файл пустой."
        static func unterminatedQuote(_ line: Int) -> String { "В строке \(line) не закрыта кавычка." }
        static func done(created: Int, updated: Int, unchanged: Int) -> String {
            "Загружено: добавлено \(created), обновлено \(updated), без изменений \(unchanged)."
        }
        static let includedInCycle = "Добавленные школы включены в проект текущего года."
        static let generatedPasswords = "Пароли для первого входа новых пользователей (показаны один раз — сохраните их):"
        static let roleLabels = "Роли: " + Role.allCases.map(\.title).joined(separator: ", ") + "."

        static func describe(_ problem: ImportProblem) -> String {
            switch problem {
            case .noRows: "В файле нет строк с данными."
            case .missingColumn: "Нет обязательного столбца."
            case .required: "Не заполнено обязательное поле."
            case .tooLong(let max): "Слишком длинное значение: не больше \(max) символов."
            case .invalidValue(let value, let allowed):
                "Недопустимое значение «\(value)». Допустимо: \(allowed.joined(separator: ", "))."
            case .invalidLogin(let login): "Логин «\(login)» недопустим: " + Users.badLogin
            case .invalidEmail(let email): "Неверный адрес электронной почты «\(email)»."
            case .passwordTooShort(let min): "Пароль короче \(min) символов."
            case .unknownRegion(let name): "Регион «\(name)» не найден. Проверьте написание или создайте регион."
            case .unknownMunicipality(let name): "Муниципалитет «\(name)» не найден. Проверьте написание или создайте его."
            case .ambiguousMunicipality(let name): "Муниципалитет «\(name)» есть в нескольких регионах — заполните столбец «Регион»."
            case .unknownSchool(let name): "Школа «\(name)» не найдена."
            case .duplicateInFile(let other): "Повторяет строку \(other) этого файла."
            case .codeTakenElsewhere(let code): "Код ОО \(code) уже принадлежит школе другого муниципалитета."
            case .loginTakenByAnother(let login): "Логин «\(login)» уже занят другим человеком (ФИО не совпадает)."
            case .userOutsideScope(let login): "Логин «\(login)» принадлежит пользователю с ролью, которую вы не можете назначать: импорт не может менять его данные и роли. Выберите другой логин."
            case .forbidden: "У вас нет прав на эту территорию."
            }
        }
    }

    enum Audit {
        static let title = "Журнал изменений"
        static let at = "Когда"
        static let actor = "Кто"
        static let action = "Действие"
        static let summary = "Что"
        static let system = "система"
        static let empty = "Записей нет."
        static let signIn = "Вход в систему"
        static let signInFailed = "Неудачная попытка входа"
        static let signOut = "Выход из системы"
        static let passwordChanged = "Смена пароля"
        static let next = "Дальше →"
        static func action(_ action: AuditLog.Action) -> String {
            switch action {
            case .signIn: signIn
            case .signInFailed: signInFailed
            case .signOut: signOut
            case .passwordChanged: passwordChanged
            case .regionCreated: "Создан регион"
            case .municipalityCreated: "Создан муниципалитет"
            case .schoolCreated: "Создана школа"
            case .schoolUpdated: "Изменены сведения о школе"
            case .participationCreated: "Школа включена в проект"
            case .userCreated: "Создан пользователь"
            case .userBlocked: "Пользователь заблокирован"
            case .userUnblocked: "Пользователь разблокирован"
            case .roleGranted: "Назначена роль"
            case .roleRevoked: "Снята роль"
            case .curatorAssigned: "Назначен куратор"
            case .curatorUnassigned: "Куратор снят со школы"
            case .imported: "Импорт из файла"
            case .verificationSaved: "Сохранена верификация РПШ"
            case .profileFileAttached: "Приложен файл рискового профиля"
            case .territoryRoadmapImported: "Загружен план-график"
            case .roadmapItemMarked: "Отмечен пункт плана-графика"
            case .instrumentDefined: "Определён инструмент мониторинга"
            case .monitoringOpened: "Открыт мониторинг"
            case .monitoringSubjectAdded: "Добавлен объект мониторинга"
            case .monitoringValuesEntered: "Внесены значения мониторинга"
            case .seminarMarked: "Отмечено участие в установочном семинаре"
            case .visitLogged: "Записано посещение школы"
            case .visitRuleChanged: "Изменена периодичность посещений"
            }
        }
    }

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

    enum Chat {
        static let unreadTitle = "Непрочитанные сообщения"
        static let unreadColumn = "Непрочитанных"
        static let noUnread = "Непрочитанных сообщений нет."
        static let title = "Чат"
        static let message = "Сообщение"
        static let send = "Отправить"
        static let aboutDocument = "О документе (необязательно)"
        static let document = "Документ"
        static let empty = "Сообщений пока нет. Напишите первое — его увидят школа, куратор и координаторы."
        static let emptyMessage = "Напишите текст сообщения."
        static func tooLong(_ max: Int) -> String { "Сообщение длиннее \(max) символов — сократите его или разделите на несколько." }
        static let unread = RussianPlural("новое сообщение", "новых сообщения", "новых сообщений")
    }

    enum Profile {
        static let title = "Рисковый профиль школы (РПШ)"
        static let none = "Рисковый профиль ещё не загружен: его импортирует координатор по результатам анкетирования."
        static let respondents = "Анкетирование"
        static let done = "пройдено"
        static let notDone = "не пройдено"
        static let number = "№"
        static let factor = "Факторы риска"
        static let significance = "Значимость фактора риска"
        static let needsVerification = "требует верификации куратором"
        static let original = "Исходный файл РПШ"
        static let attach = "Прикрепить исходный файл РПШ"
        static let attached = "Исходный файл РПШ прикреплён."
        static let noOriginal = "Исходный файл не прикреплён."
    }

    enum Verification {
        static let title = "Верификация РПШ"
        static let parameters = "Параметры оценки образовательной среды школы"
        static let diagnosed = "Диагностирован в рисковом профиле"
        static let observed = "Подтверждается /не подтверждается наблюдениями"
        static let confirmed = "подтверждается"
        static let notConfirmed = "не подтверждается"
        static let note = "Примечание"
        static let addedRisks = "И иные факторы риска, отмеченные куратором:"
        static let markVerified = "РПШ верифицирован (по итогам посещения школы)"
        static let verifiedOn = "Дата верификации"
        static let futureDate = "Дата верификации не может быть позже сегодняшнего дня."
        static func beforeAssignment(_ start: String) -> String {
            "Дата верификации не может быть раньше начала вашей работы куратором этой школы (\(start))."
        }
        static let saved = "Протокол сохранён."
        static let verified = "Протокол сохранён, РПШ отмечен верифицированным."
        static let allGroupsNeeded = "Чтобы отметить РПШ верифицированным, укажите для каждого параметра, подтверждается ли он наблюдениями."
    }

    enum SelfAssessment {
        static let title = "Самообследование"
        static let hint = "Отметьте только актуальные для школы факторы риска и для каждого опишите меры и период, необходимый для их реализации."
        static let empty = "Актуальные факторы риска не указаны."
        static let noneChosen = "Отметьте хотя бы один актуальный фактор риска."
        static let fix = "Заполните меры и период для каждого отмеченного фактора."
        static let needMeasures = "Опишите меры."
        static let needPeriod = "Укажите период."
        static let saved = "Самообследование сохранено. Когда оно готово, отправьте его куратору."
        static func moved(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "Самообследование отправлено куратору на проверку."
            case .approve: "Самообследование согласовано."
            case .return: "Самообследование возвращено школе с комментарием."
            case .reopen: "Самообследование открыто для доработки."
            case .withdraw: Roadmap.moved(.withdraw)
            case .newVersion: saved
            }
        }
    }

    enum Directions {
        static let title = "Направления"
        static let hint = "Отметьте факторы риска, по которым школа будет работать: ровно те, что признаны актуальными в согласованном самообследовании."
        static let activate = "Активировать направления"
        static let activated = "Направления активированы."
        static let none = "Направления ещё не активированы."
        static let notApproved = "Активировать направления можно только после того, как куратор согласует самообследование."
        static func mismatch(_ mismatch: DirectionRule.Mismatch, factors: [String]) -> String {
            let name = { (number: Int) in "«\(number). \(number <= factors.count ? factors[number - 1] : "")»" }
            var parts: [String] = []
            if !mismatch.missing.isEmpty {
                parts.append("не выбраны актуальные риски самообследования: " + mismatch.missing.map(name).joined(separator: ", "))
            }
            if !mismatch.extra.isEmpty {
                parts.append("выбраны риски, которых нет в самообследовании: " + mismatch.extra.map(name).joined(separator: ", "))
            }
            return "Направления должны совпадать с актуальными рисками согласованного самообследования — " + parts.joined(separator: "; ") + "."
        }
    }

    /// A direction's page: its program and its stages' evidence.
    enum Direction {
        static func title(_ number: Int, _ factor: String) -> String { "Направление \(number). \(factor)" }
        static let open = "Открыть"
        static let program = "Программа"
        static func stage(_ section: DocumentSection) -> String { section == .stage1 ? "Этап 1" : "Этап 2" }
        static let stageHint = "Загрузите документы, подтверждающие выполнение мероприятий программы, и отметьте, какие мероприятия они подтверждают."
        static let measuresEvidenced = "Подтверждает мероприятия"
        static let chooseMeasures = "Отметьте хотя бы одно мероприятие программы, которое подтверждает документ."
        static let unknownMeasure = "Отмеченного мероприятия нет в программе направления. Обновите страницу."
        static let programNotApproved = "Документы этапов загружаются после того, как куратор согласует программу направления."
        static let noEvidence = "Документов пока нет."
        static let noProgramFiles = "Файлов к программе нет: программа заполняется в редакторе, файлы — по желанию."
        static let attachToProgram = "Прикрепить файлы к программе"
        static let measuresWithoutEvidence = "Мероприятия без подтверждающих документов"
        static let allEvidenced = "Каждое мероприятие подтверждено хотя бы одним документом."
    }

    enum Program {
        static let title = "Программа"
        static func pageTitle(_ number: Int) -> String { "Программа направления \(number)" }
        static let goal = "Цель"
        static let tasks = "Задачи"
        static let tasksHint = "Каждая задача — с новой строки."
        static let indicators = "Показатели"
        static let indicatorColumns = ["Показатель", "Единица измерения", "Базовое значение", "Целевое значение", "Срок достижения"]
        static let measures = "Мероприятия"
        static let measureColumns = ["Мероприятие", "Начало", "Окончание", "Ответственный", "Ожидаемый результат"]
        static let successCriteria = "Критерии успешности"
        static let rowsHint = "Пустые строки не сохраняются. Нужно больше строк — сохраните программу, и появятся новые пустые строки. Даты — в виде дд.мм.гггг, числа — цифрами (можно с запятой)."
        static let empty = "Программа ещё не заполнена."
        static let saved = "Программа сохранена. Когда она готова, отправьте её куратору."
        static let fix = "Программа не сохранена: исправьте отмеченные поля."
        static let incomplete = "Программу нельзя отправить куратору, пока не заполнено:"
        static let print = "Версия для печати"
        static let export = "Скачать XLSX"
        static let sheetName = "Программа"
        static let noDirection = "Такого направления у школы нет: программы пишутся только для активированных направлений."
        static func fileName(school: String, number: Int) -> String { "Программа направления \(number) — \(school).xlsx" }
        static func moved(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "Программа отправлена куратору на проверку."
            case .approve: "Программа согласована."
            case .return: "Программа возвращена школе с комментарием."
            case .reopen: "Программа открыта для доработки."
            case .withdraw: Roadmap.moved(.withdraw)
            case .newVersion: saved
            }
        }

        static func message(_ problem: MEDKCore.Program.Problem, cycleYear: Int) -> String {
            "\(place(problem.field)): \(kind(problem.kind, cycleYear: cycleYear))"
        }

        static func place(_ field: MEDKCore.Program.Problem.Field) -> String {
            switch field {
            case .goal: "«\(goal)»"
            case .tasks: "«\(tasks)»"
            case .indicators: "«\(indicators)» (нужен хотя бы один)"
            case .measures: "«\(measures)» (нужно хотя бы одно)"
            case .successCriteria: "«\(successCriteria)»"
            case .indicator(let row, let column):
                "«\(indicatorColumns[indicatorColumnIndex(column)])» в строке \(row + 1) показателей"
            case .measure(let row, let column):
                "«\(measureColumns[measureColumnIndex(column)])» в строке \(row + 1) мероприятий"
            }
        }

        static func kind(_ kind: MEDKCore.Program.Problem.Kind, cycleYear: Int) -> String {
            switch kind {
            case .required: "не заполнено"
            case .notANumber: "должно быть числом, например 12 или 12,5"
            case .notADate: "должна быть датой в виде дд.мм.гггг"
            case .outsideCycle: "дата должна быть в пределах цикла — с 01.01.\(cycleYear) по 31.12.\(cycleYear)"
            case .endsBeforeStart: "окончание раньше начала"
            }
        }

        static func indicatorColumnIndex(_ column: MEDKCore.Program.Problem.IndicatorColumn) -> Int {
            switch column {
            case .title: 0
            case .unit: 1
            case .baseline: 2
            case .target: 3
            case .targetDate: 4
            }
        }

        static func measureColumnIndex(_ column: MEDKCore.Program.Problem.MeasureColumn) -> Int {
            switch column {
            case .title: 0
            case .starts: 1
            case .ends: 2
            case .responsible: 3
            case .expectedResult: 4
            }
        }
    }

    enum MonitoringReports {
        static func title(_ stage: Int) -> String { "Мониторинг \(stage)" }
        static func reportTitle(_ stage: Int) -> String { "Значения показателей — мониторинг \(stage)" }
        static let hint = "Укажите значения, которых достигли показатели согласованных программ к дате мониторинга. Подтверждающие документы загрузите в разделе мониторинга."
        static let columns = ["Направление", "Показатель", "Единица измерения", "Базовое значение", "Целевое значение", "Достигнуто"]
        static let comment = "Комментарий школы"
        static let documents = "Документы мониторинга"
        static let noPrograms = "Нет согласованных программ: значения показателей вносятся после согласования программ направлений."
        static let saved = "Значения сохранены. Когда всё готово, отправьте мониторинг куратору."
        static let fix = "Значения не сохранены: достигнутое значение должно быть числом, например 12 или 12,5."
        static let incomplete = "Мониторинг нельзя отправить куратору, пока не указаны значения всех показателей:"
        static let progress = "Показатели программ: база → цель → достигнуто"
        static let progressColumns = ["Направление", "Показатель", "Единица измерения", "Базовое значение", "Целевое значение",
                                      "Мониторинг 1", "Мониторинг 2"]
        static func moved(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "Мониторинг отправлен куратору на проверку."
            case .approve: "Мониторинг согласован."
            case .return: "Мониторинг возвращён школе с комментарием."
            case .reopen: "Мониторинг открыт для доработки."
            case .withdraw: Roadmap.moved(.withdraw)
            case .newVersion: saved
            }
        }
    }
}

// MARK: - Territories' own plans-schedules and monitorings (issue 6)

extension Strings {
    enum TerritoryRoadmaps {
        typealias Column = RoadmapImport.Column
        static let navTitle = "Планы-графики"
        static let title = "Планы-графики территорий"
        static func listTitle(_ territory: String) -> String { "Планы-графики: \(territory)" }
        static let territory = "Территория"
        static let planTitle = "Название плана-графика"
        static let planCrumb = "План-график"
        static let itemCrumb = "Пункт"
        static let year = "Год реализации"
        static let yearHint = "Год, к которому относятся сроки без года («До 30 апреля»)."
        static let orderNumber = "Номер приказа об утверждении"
        static let orderDate = "Дата приказа"
        static let approvedBy = "утверждён приказом"
        static let order = "Приказ"
        static func order(_ roadmap: TerritoryRoadmapRecord) -> String? {
            let number = roadmap.orderNumber.map { "№ \($0)" }
            let date = roadmap.orderDay.map { "от \($0.russian)" }
            let text = [number, date].compactMap { $0 }.joined(separator: " ")
            return text.isEmpty ? nil : text
        }
        static let items = "Мероприятий"
        static let noPlans = "Планов-графиков пока нет."
        static let noItems = "В плане-графике нет ни одного пункта."
        static let municipalPlans = "Планы-графики муниципалитетов"
        static let publicLink = "Публичная страница территории"
        static let exportXLSX = "Скачать XLSX"
        static let sheetName = "План-график"
        static func exportFileName(_ roadmap: TerritoryRoadmapRecord, day: CalendarDate) -> String {
            "План-график \(roadmap.cycleYear) на \(day.russian).xlsx"
        }

        static let number = Column.number
        static let action = Column.action
        static let form = Column.form
        static let due = Column.due
        static let responsible = Column.responsible
        static let indicator = Column.indicator
        static let target = Column.target
        static let column = Column.column
        static let dueDate = "Срок (дата)"
        static let standing = "Исполнение"
        static let standingToday = "Исполнение на сегодня"
        static func standingColumn(_ day: CalendarDate) -> String { "Исполнение на \(day.russian)" }
        static func stateTitle(_ state: RoadmapStanding.State) -> String? {
            switch state {
            case .heading: nil
            case .open: "не отмечено"
            case .done(let day?): "выполнено \(day.russian)"
            case .done(nil): "выполнено"
            case .notDone: "не выполнено"
            case .overdue: "просрочено"
            }
        }

        // The share done as of a day.
        static let shareTitle = "Доля выполненных мероприятий"
        static let asOf = "На дату"
        static let show = "Показать"
        static func shareToday(_ day: CalendarDate) -> String { "Выполнено на \(day.russian)" }
        static let actionsOf = RussianPlural("мероприятия", "мероприятий", "мероприятий")
        static let actions = RussianPlural("мероприятие", "мероприятия", "мероприятий")
        static func percent(_ fraction: Double) -> String { Common.percent(fraction) }
        static func shareShort(_ share: RoadmapProgress.Share) -> String {
            guard let fraction = share.fraction else { return Strings.Common.none }
            return "\(share.done) из \(share.due) (\(percent(fraction)))"
        }
        static func shareSentence(_ share: RoadmapProgress.Share, asOf day: CalendarDate) -> String {
            guard let fraction = share.fraction else {
                return "На \(day.russian) срок ещё не наступил ни для одного мероприятия."
            }
            return "На \(day.russian) выполнено \(share.done) из \(actionsOf(share.due)) со сроком до этой даты — \(percent(fraction))."
        }
        static func overdueSentence(_ count: Int) -> String { "Просрочено: \(actions(count))." }
        static let shareRule = "Доля выполненных — мероприятия со сроком не позже выбранной даты, отмеченные выполненными к этой дате, к числу всех мероприятий со сроком не позже этой даты. Мероприятия без конкретного срока («ежеквартально», «в течение года») в долю не входят. Отметка учитывается с того дня, когда её сделали, поэтому доля на прошедшую дату не меняется."
        static func itemsSummary(_ count: Int) -> String { "Мероприятия плана-графика (\(count))" }

        // Import.
        static let importTitle = "Загрузить план-график из файла"
        static let importIntro = "Каждая строка таблицы — пункт плана-графика в том порядке, как в документе. Файл сначала проверяется целиком: если в любой строке ошибка, не загружается ничего. Если план-график с таким названием и годом уже есть, он обновляется по файлу; повторная загрузка того же файла ничего не меняет."
        static let columnsHint = "В столбце «Раздел» пишут «да» для строк-заголовков разделов. «Столбец» и «Строка таблицы» нужны для плана в несколько столбцов (муниципальный орган / методическая служба / школа). Сроки пишут как в документе: «28 января», «До 1 марта», «С 18 января по 4 февраля», «ежеквартально», «в течение года»."
        static let titleHint = "Как в приказе об утверждении."
        static let titleRequired = "Укажите название плана-графика."
        static let badYear = "Укажите год реализации четырьмя цифрами, например 2022."
        static func tooLong(_ max: Int) -> String { "Слишком длинное значение: не больше \(max) символов." }
        static let reimportTitle = "Загрузить план-график заново из файла"
        static let reimportIntro = "Строки файла сопоставляются с пунктами по порядку. Изменённые пункты обновляются, отметки о выполнении сохраняются. Пункты, у которых есть отметки, удалить нельзя."
        static func markedItemsMissing(_ numbers: [String]) -> String {
            "Файл не загружен: в нём нет пунктов, у которых уже есть отметки о выполнении (\(numbers.joined(separator: ", "))). Верните эти строки в файл. Ничего не изменено."
        }
        static func removedRows(_ count: Int) -> String { "Удалено пунктов: \(count)." }

        // Marks.
        static let markDoneTitle = "Отметить выполнение"
        static let markNotDoneTitle = "Отметить невыполнение"
        static let markDone = "Отметить выполненным"
        static let markNotDone = "Отметить невыполненным"
        static let doneOnColumn = "Дата выполнения"
        static let evidence = "Подтверждение"
        static let evidenceFile = "Файл-подтверждение"
        static let evidenceLink = "или ссылка на подтверждение"
        static let evidenceHint = "Например, приказ на сайте управления образования: https://…"
        static let comment = "Комментарий"
        static let reason = "Причина невыполнения"
        static let history = "История отметок"
        static let markedAt = "Когда отмечено"
        static let who = "Кто"
        static let mark = "Отметка"
        static let noMarks = "Отметок пока нет."
        static let backToPlan = "К плану-графику"
        static let markedDone = "Пункт отмечен выполненным."
        static let markedNotDone = "Пункт отмечен невыполненным."
        static let notDone = "не выполнено"
        static func doneOn(_ day: CalendarDate?) -> String { day.map { "выполнено \($0.russian)" } ?? "выполнено" }
        static let headingCannotBeMarked = "Это заголовок раздела: отмечают мероприятия под ним."
        static let doneOnRequired = "Укажите дату выполнения в формате дд.мм.гггг."
        static let doneOnInFuture = "Дата выполнения не может быть позже сегодняшнего дня."
        static let evidenceRequired = "Приложите подтверждение выполнения: файл или ссылку."
        static let badLink = "Ссылка указана неверно: она должна начинаться с http:// или https:// и не содержать пробелов."
        static let reasonRequired = "Напишите причину, по которой мероприятие не выполнено."

        // The public page.
        static func publicTitle(_ territory: String) -> String { "\(territory): планы-графики" }
        static let publicIntro = "Информационная площадка территории: планы-графики проекта и доля выполненных мероприятий на сегодня. Страница открыта без входа в систему."
    }
}

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
        static func valueText(_ row: MonitoringResultRow) -> String {
            guard let evaluation = row.evaluation else { return row.submission == nil ? notFilled : "" }
            return evaluation.value.map(decimal) ?? noValue
        }
        static func value(_ x: Double?) -> String { x.map(decimal) ?? noValue }
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
        static func resultSentence(_ evaluation: Evaluation) -> String {
            guard let value = evaluation.value else { return "Итоговое значение: нет значения (все показатели формулы — «нет»)." }
            return "Итоговое значение: \(decimal(value))" + (evaluation.band.map { " — \($0.label)." } ?? " — не попадает ни в один уровень.")
        }
        static func recommendationSentence(_ band: Band) -> String { "\(recommendation): \(band.recommendation)." }
        static func previousSentence(_ previous: Evaluation, change: Double?) -> String {
            "В предыдущем периоде: \(value(previous.value))" + (previous.band.map { " — \($0.label)" } ?? "")
                + (change.map { "; изменение \(signed($0))." } ?? ".")
        }
        static func saved(_ evaluation: Evaluation) -> String {
            evaluation.value == nil && evaluation.band == nil ? "Значения сохранены." : "Значения сохранены. " + resultSentence(evaluation)
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
                "{" + (allowed.map(decimal) + (notApplicable ? [IndicatorValue.notApplicableText] : [])).joined(separator: "; ") + "}"
            case .interval(let lower, let upper): "от \(decimal(lower)) до \(decimal(upper))"
            }
            return "\(indicator.unitTitle): \(values)" + (indicator.isRequired ? "" : "; необязательный")
        }

        /// "1,25"; up to two decimals, as the seed writes values.
        static func decimal(_ x: Double) -> String {
            let rounded = (x * 100).rounded() / 100
            if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
            return String(format: "%.2f", rounded).replacingOccurrences(of: "0$", with: "", options: .regularExpression)
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
        static let defineIntro = "Опишите инструмент так, как его задаёт положение о мониторинге: показатели с единицами измерения, формулу и уровни интерпретации с рекомендациями. Определение проверяется целиком; инструмент с ошибками не сохраняется. Образец ниже можно изменить; определение любого инструмента можно скачать на его странице."
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

extension Strings {
    /// Monitoring for coordinators (issue 5): inclusion indicators, visits, curator work, exports.
    enum Dashboards {
        static let navTitle = "Показатели"
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
        static let share = "Доля"
        static let note = "Примечание"
        /// Why a share cell of the export is empty.
        static func emptyShare(_ indicator: InclusionIndicator, _ why: String) -> String { "«\(indicatorTitle(indicator))»: \(why)" }
        static let noSchoolsTaking = "нет школ, участвующих в проекте на эту дату"
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
            let until = rule.formingUntil.map { " (до \($0.russian))" } ?? ""
            return "На стадии формирования дорожной карты\(until) — не реже 1 раза в \(weeks(rule.formingWeeks)); "
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

    /// `medk --help` and every command's `--help`.
    enum CommandLine {
        static let overview = """
            МЭДК — мониторинг электронных дорожных карт школ (проект «500+»).

            Использование: medk <команда> [параметры]

            Команды:
              demo                  запустить с демонстрационными данными (SQLite в ./data)
              serve                 запустить сервер (база: DATABASE_URL или SQLite в MEDK_DATA_DIR)
              migrate               применить миграции базы данных
              user create           создать пользователя с ролью
              rebuild-indicators    пересчитать показатели включенности по истории
              routes                показать адреса, на которые отвечает сервер

            Подробнее о команде: medk <команда> --help
            """
        static let demo = """
            medk demo — запускает МЭДК с демонстрационными данными.

            Создаёт каталог данных и базу SQLite в нём (если их нет), применяет миграции, загружает демонстрационные
            данные (повторный запуск ничего не дублирует) и, когда порт занят сервером, печатает адрес и учётные записи.

            Параметры:
              --port N          порт (по умолчанию 8080)
              --hostname ИМЯ    адрес, на котором слушать (по умолчанию 127.0.0.1; 0.0.0.0 — для всей сети)
              --data КАТАЛОГ    каталог данных (по умолчанию ./data)
              --help, -h        эта справка (ничего не создаёт)
            """
        static let serve = """
            medk serve — запускает сервер МЭДК.

            Параметры:
              --port N, -p N          порт (по умолчанию 8080)
              --hostname ИМЯ, -H ИМЯ  адрес, на котором слушать (по умолчанию 127.0.0.1)
              --bind ИМЯ:ПОРТ, -b     адрес и порт вместе
              --env production        рабочий режим (требует MEDK_SESSION_SECRET)
              --help, -h              эта справка

            Переменные окружения:
              DATABASE_URL            PostgreSQL (postgres://…); без неё — SQLite в MEDK_DATA_DIR
              MEDK_DATA_DIR           каталог данных и файлов (по умолчанию ./data)
              MEDK_SESSION_SECRET     секрет сессий, не короче 32 символов (обязателен в рабочем режиме)
              MEDK_PUBLIC_URL         внешний адрес; https:// включает защищённые cookie и HSTS
              MEDK_MAX_UPLOAD_MB      наибольший размер загружаемого файла, МБ (по умолчанию 200)
              MEDK_BCRYPT_COST        стоимость хеширования паролей (по умолчанию 12)
            """
        static let migrate = """
            medk migrate — применяет миграции базы данных (DATABASE_URL или SQLite в MEDK_DATA_DIR).

            Параметры:
              --help, -h    эта справка
            """
        static let user = """
            medk user — управление пользователями.

            Команды:
              create    создать пользователя с ролью (medk user create --help)
            """
        static let userCreate = """
            medk user create — создаёт пользователя с ролью; пароль печатается, если не задан.

            Параметры:
              --login ЛОГИН          латиница, цифры, . _ -
              --name "ФИО"
              --role РОЛЬ            school | curator | municipal | regional | federal | expert | admin
              --region РЕГИОН        для curator, regional, municipal, school
              --municipality МУН.    для municipal, school
              --school КОД_ИЛИ_ИМЯ   код ОО или полное наименование школы (для school)
              --email E-MAIL
              --password ПАРОЛЬ      без него пароль будет создан и напечатан
              --help, -h             эта справка

            Пример: medk user create --login admin --name "Иванова Анна Петровна" --role admin
            """
        static let rebuildIndicators = """
            medk rebuild-indicators — пересчитывает показатели включенности по истории
            (после загрузки данных в базу в обход МЭДК).

            Параметры:
              --help, -h    эта справка
            """
        static let routes = """
            medk routes — показывает адреса, на которые отвечает сервер.

            Параметры:
              --help, -h    эта справка
            """
        static let commands: [String: String] = ["demo": demo, "serve": serve, "migrate": migrate, "user": user,
                                                 "rebuild-indicators": rebuildIndicators, "routes": routes]
        static func unknownCommand(_ command: String) -> String { "Неизвестная команда «\(command)»." }
        static func portBusy(_ port: Int) -> String {
            "порт \(port) занят другой программой (возможно, МЭДК уже запущена). Освободите его или выберите другой: --port \(port + 1)"
        }
    }

    /// Resumable uploads: what the page's script shows when the server refuses a step.
    enum Uploads {
        static let nameRequired = "Не указано имя файла."
        static let badSize = "Не указан размер файла."
        static let tooMany = "Слишком много незавершённых загрузок. Дождитесь их окончания или подождите сутки."
        static let badOffset = "Не указано, с какого байта продолжить загрузку."
        static let busy = "Эта часть файла уже загружается. Подождите и продолжите."
        static let gap = "Часть файла пропущена. Продолжите загрузку с последнего полученного байта."
        static let pastSize = "Получено больше, чем объявленный размер файла. Начните загрузку заново."
        static let chunkTooLarge = "Слишком большая часть файла за один запрос."
    }
}
