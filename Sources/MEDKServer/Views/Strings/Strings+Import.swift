import Foundation
import MEDKCore

extension Strings {
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
}
