import Foundation
import MEDKCore

extension Strings {
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
}
