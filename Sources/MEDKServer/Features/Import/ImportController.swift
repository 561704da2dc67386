import Fluent
import MEDKCore
import MEDKSheets
import Vapor

/// Imports of schools and users from CSV or XLSX: the whole file is validated first, and nothing
/// is written while any row is wrong. Importing the same file again changes nothing.
struct ImportController {
    enum Kind: String, CaseIterable, Sendable {
        case schools, users, riskProfiles

        /// The columns of the file; risk profiles have one per factor of the current cycle's catalogue.
        func columns(factors: [String]) -> [ImportColumn] {
            switch self {
            case .schools: SchoolImport.columns
            case .users: UserImport.columns
            case .riskProfiles: RiskProfileImport.columns(for: factors)
            }
        }
    }

    struct Upload: Content {
        var file: File?
    }

    func index(_ req: Request) async throws -> Response {
        _ = try authorize(req)
        return ImportViews.page(PageContext(req), result: nil, factors: try await CycleQueries.currentFactors(today: req.today, on: req.db))
    }

    func importRiskProfiles(_ req: Request) async throws -> Response { try await run(req, .riskProfiles) }
    func importSchools(_ req: Request) async throws -> Response { try await run(req, .schools) }
    func importUsers(_ req: Request) async throws -> Response { try await run(req, .users) }

    /// Reads the uploaded sheet, validates every row, and writes only a file without problems.
    private func run(_ req: Request, _ kind: Kind) async throws -> Response {
        let principal = try authorize(req)
        let result: ImportResult
        switch ImportSheet.read((try? req.content.decode(Upload.self))?.file) {
        case .failure(let unreadable):
            result = .failed(kind, unreadable.message, [])
        case .success(let sheet):
            switch try await Self.apply(kind, sheet, by: principal, req) {
            case .failure(let failure): result = .failed(kind, nil, failure.issues)
            case .success(let outcome): result = .done(kind, outcome)
            }
        }
        return ImportViews.page(PageContext(req), result: result, factors: try await CycleQueries.currentFactors(today: req.today, on: req.db))
    }

    /// The one way a sheet becomes data, for a file and for the API alike: every row is validated against the
    /// directory and the actor's reach, and only a sheet without problems is written.
    static func apply(_ kind: Kind, _ sheet: [[String]], by principal: Principal, _ req: Request) async throws
        -> Result<ImportOutcome, ImportFailure>
    {
        let directory = try await TerritoryQueries.directory(on: req.db)
        switch kind {
        case .schools:
            return try await write(SchoolImport.validate(sheet, against: directory, by: principal.actor)) { rows in
                try await ImportWriter.schools(rows, by: principal, now: req.now, today: req.today, on: req.db)
            }
        case .users:
            return try await write(UserImport.validate(sheet, against: directory, by: principal.actor)) { rows in
                try await ImportWriter.users(rows, by: principal, now: req.now, hasher: req.password.async, on: req.db)
            }
        case .riskProfiles:
            let factors = try await CycleQueries.currentFactors(today: req.today, on: req.db)
            return try await write(RiskProfileImport.validate(sheet, factors: factors, against: directory, by: principal.actor)) { rows in
                try await ImportWriter.riskProfiles(rows, factorCount: factors.count, by: principal, now: req.now,
                                                    today: req.today, on: req.db)
            }
        }
    }

    private static func write<Row>(_ validated: Result<[Row], ImportFailure>,
                                   _ writer: ([Row]) async throws -> ImportOutcome) async throws -> Result<ImportOutcome, ImportFailure> {
        switch validated {
        case .failure(let failure): .failure(failure)
        case .success(let rows): .success(try await writer(rows))
        }
    }

    /// A sample file with the header and one example row, as XLSX.
    func template(_ req: Request) async throws -> Response {
        _ = try authorize(req)
        guard let kind = req.parameters.get("kind").flatMap(Kind.init(rawValue:)) else { throw Abort(.notFound) }
        let factors = try await CycleQueries.currentFactors(today: req.today, on: req.db)
        let example: [String] = switch kind {
        case .schools: ["Смоленская область", "Краснинский район", "МБОУ «Гусинская СШ» Краснинского района",
                        "Гусинская СШ", "Смоленская обл., Краснинский р-н, д. Гусино", "сельская", "660001"]
        case .users: ["ivanova", "Иванова Мария Петровна", "ivanova@example.ru", "+7 900 000-00-00", "Куратор",
                      "Смоленская область", "", "", "", ""]
        case .riskProfiles: ["660001"] + factors.indices.map { ["высокая", "средняя", "низкая"][$0 % 3] } + ["да", "да", "да", "нет"]
        }
        let sheet = XLSXWriter.Sheet(name: Strings.Import.sheetName(kind), header: kind.columns(factors: factors).map(\.title),
                                     rows: [example.map { .text($0) }], columnWidths: nil)
        let data = try XLSXWriter(sheets: [sheet]).data()
        return Downloads.response(data, fileName: "medk-\(kind.rawValue).xlsx",
                                  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    private func authorize(_ req: Request) throws -> Principal {
        try req.authorizeAnywhere { $0.can(.manageUsers, $0.actor.scope) }
    }

    struct Unreadable: Error {
        let message: String
    }
}

/// What an import did, for the result page.
struct ImportOutcome: Sendable {
    var created = 0
    var updated = 0
    var unchanged = 0
    /// New users whose password was generated: login, full name, password.
    var passwords: [(login: String, name: String, password: String)] = []
}

enum ImportResult: Sendable {
    case failed(ImportController.Kind, String?, [ImportIssue])
    case done(ImportController.Kind, ImportOutcome)
}

/// Writes validated rows in one transaction: all of them or none.
enum ImportWriter {
    static func schools(_ rows: [SchoolImport.Row], by principal: Principal, now: Date, today: CalendarDate,
                        on db: Database) async throws -> ImportOutcome {
        try await db.writeTransaction(idempotent: true) { db in
            var outcome = ImportOutcome()
            for row in rows {
                let school: School
                if let existing = try await existingSchool(row, on: db) {
                    school = existing
                    let same = existing.fullName == row.fullName && existing.shortName == row.shortName
                        && existing.address == row.address && existing.isRural == row.isRural
                        && (row.code == nil || existing.code == row.code)
                    if same {
                        outcome.unchanged += 1
                    } else {
                        existing.rename(fullName: row.fullName, shortName: row.shortName, code: row.code ?? existing.code)
                        existing.address = row.address
                        existing.isRural = row.isRural
                        try await existing.save(on: db)
                        try await AuditLog.record(.schoolUpdated, by: principal.userID, object: "school", id: existing.id,
                                                  "\(row.fullName) (импорт, строка \(row.line))", at: now, on: db)
                        outcome.updated += 1
                    }
                } else {
                    school = School(municipalityID: row.municipalityID, regionID: row.regionID, fullName: row.fullName,
                                    shortName: row.shortName, address: row.address, isRural: row.isRural, code: row.code)
                    try await school.create(on: db)
                    try await AuditLog.record(.schoolCreated, by: principal.userID, object: "school", id: school.id,
                                              "\(row.fullName) (импорт, строка \(row.line))", at: now, on: db)
                    outcome.created += 1
                }
                try await SchoolController.include(school, today: today, by: principal, at: now, on: db)
            }
            try await AuditLog.record(.imported, by: principal.userID, object: "import", id: nil,
                                      "Импорт школ: " + Strings.Import.done(created: outcome.created, updated: outcome.updated,
                                                                           unchanged: outcome.unchanged), at: now, on: db)
            return outcome
        }
    }

    /// The school a row describes, read inside the write: a parallel import may have created it since validation.
    private static func existingSchool(_ row: SchoolImport.Row, on db: Database) async throws -> School? {
        if let id = row.existingID { return try await School.find(id, on: db) }
        if let code = row.code, let byCode = try await School.query(on: db).filter(\.$code == code).first() { return byCode }
        return try await School.query(on: db).filter(\.$municipality.$id == row.municipalityID)
            .filter(\.$fullName == row.fullName).first()
    }

    /// Creates or replaces each school's profile in the current cycle; identical profiles are left alone.
    static func riskProfiles(_ rows: [RiskProfileImport.Row], factorCount: Int, by principal: Principal, now: Date,
                             today: CalendarDate, on db: Database) async throws -> ImportOutcome {
        try await db.writeTransaction(idempotent: true) { db in
            var outcome = ImportOutcome()
            guard let cycle = try await CycleQueries.current(on: db, today: today) else { return outcome }
            for row in rows {
                guard let school = try await School.find(row.schoolID, on: db) else { continue }
                try await SchoolController.include(school, today: today, by: principal, at: now, on: db)
                guard let participation = try await SchoolQueries.participation(school: row.schoolID, cycle: cycle.id!, on: db)
                else { continue }
                let existing = try await RiskProfileRecord.query(on: db).filter(\.$participation.$id == participation.id!).first()
                let before = existing.map { ($0.significanceText, $0.completedText) }
                let profile = existing ?? RiskProfileRecord()
                if existing == nil { profile.$participation.id = participation.id! }
                profile.set(significance: row.significance, completed: row.completed, factorCount: factorCount)
                if let before, (profile.significanceText, profile.completedText) == before {
                    outcome.unchanged += 1
                    continue
                }
                // «Анкетирование пройдено» counts from the day a completed questionnaire was first known: a later,
                // corrected profile must not move that day (past figures would change).
                if existing.map({ $0.completed.isEmpty }) ?? true { profile.importedAt = now }
                profile.importedBy = principal.userID
                try await profile.save(on: db)
                if existing == nil { outcome.created += 1 } else { outcome.updated += 1 }
            }
            try await AuditLog.record(.imported, by: principal.userID, object: "import", id: nil,
                                      "Импорт рисковых профилей: " + Strings.Import.done(created: outcome.created,
                                                                                        updated: outcome.updated,
                                                                                        unchanged: outcome.unchanged),
                                      at: now, on: db)
            return outcome
        }
    }

    static func users(_ rows: [UserImport.Row], by principal: Principal, now: Date, hasher: AsyncPasswordHasher,
                      on db: Database) async throws -> ImportOutcome {
        // Hash before the transaction: bcrypt is slow and must not hold the database.
        var secrets: [String: (hash: String, generated: String?)] = [:]
        let existing = Set(try await User.query(on: db).filter(\.$login ~~ rows.map(\.login)).all().map(\.login))
        for row in rows where !existing.contains(row.login) {
            let generated = row.password == nil ? PasswordGenerator.make() : nil
            secrets[row.login] = (try await hasher.hash(row.password ?? generated!), generated)
        }
        let hashes = secrets
        let actor = principal.actor
        return try await db.writeTransaction(idempotent: true) { db in
            var outcome = ImportOutcome()
            for row in rows {
                if let user = try await User.query(on: db).filter(\.$login == row.login).with(\.$grants).first() {
                    // Checked again inside the write: a role granted since validation may put the user out of reach.
                    guard Policy.canChangeUser(actor, holding: user.grants.compactMap { g in g.role.map { ($0, g.place) } }) else {
                        throw Abort(.conflict, reason: Strings.Import.userChangedMeanwhile(row.login))
                    }
                    var changed = false
                    if !row.email.isEmpty, user.email != row.email { user.email = row.email; changed = true }
                    if !row.phone.isEmpty, user.phone != row.phone { user.phone = row.phone; changed = true }
                    if changed { try await user.save(on: db) }
                    if !user.grants.contains(where: { $0.role == row.role && $0.place == row.place }) {
                        try await RoleGrant(userID: user.id!, role: row.role, place: row.place).create(on: db)
                        try await AuditLog.record(.roleGranted, by: principal.userID, object: "user", id: user.id,
                                                  "\(row.login): \(row.role.title) (импорт)", at: now, on: db)
                        changed = true
                    }
                    if changed { outcome.updated += 1 } else { outcome.unchanged += 1 }
                } else {
                    guard let secret = hashes[row.login] else { continue }
                    let user = User(login: row.login, fullName: row.fullName, email: row.email, phone: row.phone,
                                    passwordHash: secret.hash)
                    try await user.create(on: db)
                    try await RoleGrant(userID: user.id!, role: row.role, place: row.place).create(on: db)
                    try await AuditLog.record(.userCreated, by: principal.userID, object: "user", id: user.id,
                                              "\(row.login) — \(row.fullName), \(row.role.title) (импорт)", at: now, on: db)
                    if let generated = secret.generated { outcome.passwords.append((row.login, row.fullName, generated)) }
                    outcome.created += 1
                }
            }
            try await AuditLog.record(.imported, by: principal.userID, object: "import", id: nil,
                                      "Импорт пользователей: " + Strings.Import.done(created: outcome.created,
                                                                                    updated: outcome.updated,
                                                                                    unchanged: outcome.unchanged),
                                      at: now, on: db)
            return outcome
        }
    }
}
