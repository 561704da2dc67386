import Foundation

/// Validates a sheet of users with one role each. Existing users keep their password.
public enum UserImport {
    public enum Column {
        public static let login = "Логин"
        public static let fullName = "ФИО"
        public static let email = "E-mail"
        public static let phone = "Телефон"
        public static let role = "Роль"
        public static let region = "Регион"
        public static let municipality = "Муниципалитет"
        public static let schoolCode = "Код ОО"
        public static let school = "Школа"
        public static let password = "Пароль"
    }

    public static let columns: [ImportColumn] = [
        ImportColumn(Column.login, required: true),
        ImportColumn(Column.fullName, aliases: ["фамилия имя отчество", "ф.и.о."], required: true),
        ImportColumn(Column.email, aliases: ["email", "e-mail", "электронная почта", "почта"], required: false),
        ImportColumn(Column.phone, aliases: ["тел.", "телефон для связи"], required: false),
        ImportColumn(Column.role, required: true),
        ImportColumn(Column.region, aliases: ["субъект рф", "субъект"], required: false),
        ImportColumn(Column.municipality, aliases: ["муниципальное образование", "моуо", "район"], required: false),
        ImportColumn(Column.schoolCode, aliases: ["код школы"], required: false),
        ImportColumn(Column.school, aliases: ["наименование оо", "полное наименование"], required: false),
        ImportColumn(Column.password, required: false),
    ]

    public static let minimumPasswordLength = 8

    public struct Row: Equatable, Sendable {
        public let line: Int
        public let login: String
        public let fullName: String
        public let email: String
        public let phone: String
        public let role: Role
        public let place: Place
        /// nil: an existing user keeps its password, a new one gets a generated password.
        public let password: String?
    }

    public static func isValidLogin(_ login: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        return (2...64).contains(login.count) && login.allSatisfy(allowed.contains)
            && login.first.map { $0.isLetter || $0.isNumber } == true
    }

    public static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !email.contains(" ")
    }

    public static func validate(_ sheet: [[String]], against directory: Directory, by actor: Actor)
        -> Result<[Row], ImportFailure>
    {
        let table: ImportTable
        switch ImportTable.resolve(sheet, columns: columns) {
        case .success(let resolved): table = resolved
        case .failure(let failure): return .failure(failure)
        }
        var rows: [Row] = []
        var issues: [ImportIssue] = []
        var seen: [String: Int] = [:]
        for index in table.rows.indices {
            var check = RowCheck(table: table, index: index)
            let login = check.required(Column.login, max: 64).lowercased()
            if !login.isEmpty, !isValidLogin(login) { check.report(Column.login, .invalidLogin(login)) }
            let fullName = check.required(Column.fullName, max: 200)
            let email = check.optional(Column.email, max: 200)
            if !email.isEmpty, !isValidEmail(email) { check.report(Column.email, .invalidEmail(email)) }
            let phone = check.optional(Column.phone, max: 50)
            let password = table.value(index, Column.password)
            if !password.isEmpty, password.count < minimumPasswordLength {
                check.report(Column.password, .passwordTooShort(min: minimumPasswordLength))
            }
            if !login.isEmpty {
                if let other = seen[login] { check.report(Column.login, .duplicateInFile(otherRow: other)) }
                else { seen[login] = check.line }
                if let existing = directory.users[login] {
                    if !Policy.canChangeUser(actor, holding: existing.grants) {
                        check.report(Column.login, .userOutsideScope(login))
                    } else if !fullName.isEmpty, ImportTable.nameKey(existing.fullName) != ImportTable.nameKey(fullName) {
                        check.report(Column.login, .loginTakenByAnother(login))
                    }
                }
            }
            let roleText = table.value(index, Column.role)
            var role: Role?
            if roleText.isEmpty { check.report(Column.role, .required) }
            else if let found = Role(title: roleText) { role = found }
            else { check.report(Column.role, .invalidValue(roleText, allowed: Role.allCases.map(\.title))) }

            var place: Place?
            if let role {
                place = resolvePlace(for: role, &check, directory)
                if let place, !Policy.can(actor, .grant(role), place) { check.report(Column.role, .forbidden) }
            }
            guard check.issues.isEmpty, let role, let place else {
                issues += check.issues
                continue
            }
            rows.append(Row(line: check.line, login: login, fullName: fullName, email: email, phone: phone,
                            role: role, place: place, password: password.isEmpty ? nil : password))
        }
        return issues.isEmpty ? .success(rows) : .failure(ImportFailure(issues))
    }

    private static func resolvePlace(for role: Role, _ check: inout RowCheck, _ directory: Directory) -> Place? {
        switch role.scopeKind {
        case .country:
            return .country
        case .region:
            return check.region(in: directory, column: Column.region)
        case .municipality:
            return check.municipality(in: directory, regionColumn: Column.region, column: Column.municipality,
                                      required: true)
        case .school:
            let code = check.table.value(check.index, Column.schoolCode)
            if !code.isEmpty {
                guard let school = directory.school(code: code) else {
                    check.report(Column.schoolCode, .unknownSchool(code))
                    return nil
                }
                return Place(region: school.regionID, municipality: school.municipalityID, school: school.id)
            }
            let name = check.table.value(check.index, Column.school)
            guard !name.isEmpty else {
                check.report(Column.schoolCode, .required)
                return nil
            }
            guard let municipality = check.municipality(in: directory, regionColumn: Column.region,
                                                        column: Column.municipality, required: true) else { return nil }
            guard let school = directory.school(named: name, in: municipality.municipalityID!) else {
                check.report(Column.school, .unknownSchool(name))
                return nil
            }
            return Place(region: school.regionID, municipality: school.municipalityID, school: school.id)
        }
    }
}
