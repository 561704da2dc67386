import Foundation
import MEDKCore

extension Strings {
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
