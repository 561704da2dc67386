import Foundation
import MEDKCore

extension Strings {
    enum Roles {
        static func title(_ role: Role) -> String { role.title }
        static let switched = "Роль переключена."
        static let noRoles = "У вашей учётной записи нет ни одной роли. Обратитесь к администратору."
    }
}
