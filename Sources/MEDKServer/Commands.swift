import Fluent
import MEDKCore
import Vapor

/// `medk migrate`: brings the database schema up to date (no questions asked: the operator meant it).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Применяет миграции базы данных." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Миграции применены.")
    }
}

/// `medk user create`: bootstraps an installation without the demo.
struct UserCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
    var help: String { "Управление пользователями." }
}

struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "login", help: "Логин (латиница, цифры, . _ -)") var login: String?
        @Option(name: "name", help: "ФИО") var name: String?
        @Option(name: "role", help: "school | curator | municipal | regional | federal | expert | admin") var role: String?
        @Option(name: "region", help: "Регион (для curator, regional, municipal, school)") var region: String?
        @Option(name: "municipality", help: "Муниципалитет (для municipal, school)") var municipality: String?
        @Option(name: "school", help: "Код ОО или полное наименование школы (для school)") var school: String?
        @Option(name: "email", help: "E-mail") var email: String?
        @Option(name: "password", help: "Пароль; без него будет создан и напечатан") var password: String?
    }

    var help: String { "Создаёт пользователя с ролью: medk user create --login admin --name \"…\" --role admin" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let login = signature.login?.lowercased(), UserImport.isValidLogin(login) else {
            throw CommandFailure(Strings.Users.badLogin)
        }
        guard let name = signature.name, !name.isEmpty else { throw CommandFailure(Strings.Users.nameRequired) }
        guard let role = signature.role.flatMap({ Role(rawValue: $0) ?? Role(title: $0) }) else {
            throw CommandFailure(Strings.Users.roleRequired + " (" + Role.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let header = ["Логин", "ФИО", "E-mail", "Роль", "Регион", "Муниципалитет", "Код ОО", "Школа", "Пароль"]
        let school = signature.school ?? ""
        let isCode = !school.isEmpty && school.allSatisfy(\.isNumber)
        let row = [login, name, signature.email ?? "", role.rawValue, signature.region ?? "", signature.municipality ?? "",
                   isCode ? school : "", isCode ? "" : school, signature.password ?? ""]
        // The command is the installation's owner: it validates as an admin would, through the import rules.
        let owner = Actor(userID: UUID(), role: .admin, scope: .country)
        let directory = try await TerritoryQueries.directory(on: app.db)
        switch UserImport.validate([header, row], against: directory, by: owner) {
        case .failure(let failure):
            throw CommandFailure(failure.issues.map { "\($0.column ?? ""): \(Strings.Import.describe($0.problem))" }.joined(separator: "\n"))
        case .success(let rows):
            if try await User.query(on: app.db).filter(\.$login == login).first() != nil {
                throw CommandFailure(Strings.Users.loginTaken)
            }
            let password = signature.password ?? PasswordGenerator.make()
            let user = User(login: login, fullName: name, email: signature.email ?? "",
                            passwordHash: try await app.password.async.hash(password))
            try await app.db.transaction { db in
                try await user.create(on: db)
                try await RoleGrant(userID: user.id!, role: role, place: rows[0].place).create(on: db)
                try await AuditLog.record(.userCreated, by: nil, object: "user", id: user.id,
                                          "\(login) — \(name), \(role.title) (командная строка)", at: Date(), on: db)
            }
            context.console.print("Пользователь \(login) создан (\(role.title)).")
            if signature.password == nil { context.console.print("Пароль: \(password)") }
        }
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
