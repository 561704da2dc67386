import Foundation
import MEDKCore

extension Strings {
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
