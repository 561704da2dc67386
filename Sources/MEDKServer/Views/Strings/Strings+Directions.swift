import Foundation
import MEDKCore

extension Strings {
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
}
