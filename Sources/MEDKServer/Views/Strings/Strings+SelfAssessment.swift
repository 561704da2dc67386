import Foundation
import MEDKCore

extension Strings {
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
}
