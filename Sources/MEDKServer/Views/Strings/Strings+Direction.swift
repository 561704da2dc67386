import Foundation
import MEDKCore

extension Strings {
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
}
