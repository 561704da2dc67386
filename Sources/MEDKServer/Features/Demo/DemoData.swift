import Fluent
import MEDKCore
import Plot
import Vapor

/// Demo data that looks real: the Smolensk region with the coordinators, schools and curators of
/// seed 001, the Korenovsk district (seed 003) and the Sretensk district (seed 004).
/// Every step finds before it creates, so running the demo again duplicates nothing.
enum DemoData {
    static let password = "medk-demo"

    /// The accounts the README and `medk demo` list.
    static let accounts: [(login: String, role: Role, who: String)] = [
        ("school", .school, "МБОУ «Гусинская СШ» Краснинского района"),
        ("merlino", .school, "МБОУ «Мерлинская школа» Краснинского района (вторая школа района)"),
        ("curator", .curator, "Ермоловский Сергей Александрович"),
        ("municipal", .municipal, "Аверьянова Ксения Александровна, Краснинский район"),
        ("regional", .regional, "Морозова Оксана Владимировна, Смоленская область"),
        ("federal", .federal, "Федеральный координатор (ФИОКО)"),
        ("admin", .admin, "Администратор МЭДК"),
        ("expert", .expert, "Смирнова Анна Павловна, эксперт ФИОКО"),
        ("expert2", .expert, "Кузьмина Ольга Викторовна, эксперт ФИОКО"),
    ]

    /// The schools the README walks through (Гусинская СШ, Мерлинская школа): their current year starts empty.
    static let walkThroughCodes: Set<String> = ["670001", "670002"]

    fileprivate struct DemoSchool {
        let fullName: String
        let shortName: String
        let isRural: Bool
        let curator: (login: String, name: String)
        /// The school's own account, where the demo has one.
        var account: (login: String, name: String)?
        /// The official code, where the demo has one: what risk profiles are imported by.
        var code: String?
    }

    private struct DemoMunicipality {
        let name: String
        let coordinator: (login: String, name: String)?
        let schools: [DemoSchool]
    }

    private struct DemoRegion {
        let name: String
        let timeZone: String
        let coordinator: (login: String, name: String)?
        let municipalities: [DemoMunicipality]
    }

    private static let regions: [DemoRegion] = [
        DemoRegion(name: "Смоленская область", timeZone: "Europe/Moscow",
                   coordinator: ("regional", "Морозова Оксана Владимировна"), municipalities: [
            DemoMunicipality(name: "Краснинский район", coordinator: ("municipal", "Аверьянова Ксения Александровна"), schools: [
                DemoSchool(fullName: "МБОУ «Гусинская СШ» Краснинского района", shortName: "Гусинская СШ", isRural: true,
                           curator: ("curator", "Ермоловский Сергей Александрович"),
                           account: ("school", "Директор Гусинской СШ"), code: "670001"),
                DemoSchool(fullName: "МБОУ «Мерлинская школа» Краснинского района", shortName: "Мерлинская школа", isRural: true,
                           curator: ("novikova", "Новикова Елена Владимировна"),
                           account: ("merlino", "Директор Мерлинской школы"), code: "670002"),
            ]),
            DemoMunicipality(name: "город Смоленск", coordinator: ("vasinova", "Васинова Наталья Дмитриевна"), schools: [
                DemoSchool(fullName: "МБОУ «СШ № 9» г. Смоленска", shortName: "СШ № 9 г. Смоленска", isRural: false,
                           curator: ("zhoykin", "Жойкин Сергей Александрович"), code: "670003"),
                DemoSchool(fullName: "МБОУ «СШ № 10» г. Смоленска", shortName: "СШ № 10 г. Смоленска", isRural: false,
                           curator: ("lobanova", "Лобанова Елена Николаевна"), code: "670004"),
            ]),
            DemoMunicipality(name: "Гагаринский район", coordinator: ("gafarova", "Гафарова Любовь Петровна"), schools: [
                DemoSchool(fullName: "МБОУ «Родомановская СШ» Гагаринского района", shortName: "Родомановская СШ", isRural: true,
                           curator: ("malygina", "Малыгина Наталья Николаевна"), code: "670005"),
            ]),
            DemoMunicipality(name: "Починковский район", coordinator: ("tarasenkova", "Тарасенкова Наталья Михайловна"), schools: [
                DemoSchool(fullName: "МБОУ «Самолубовская ОШ» Починковского района", shortName: "Самолубовская ОШ", isRural: true,
                           curator: ("yakunicheva", "Якуничева Елена Александровна"), code: "670006"),
            ]),
            DemoMunicipality(name: "Сафоновский район", coordinator: ("skomoroshchenko", "Скоморощенко Инна Олеговна"), schools: [
                DemoSchool(fullName: "МКОУ «Барановская СОШ» Сафоновского района", shortName: "Барановская СОШ", isRural: true,
                           curator: ("mayorova", "Майорова Ольга Анатольевна"), code: "670007"),
                DemoSchool(fullName: "МКОУ «Вадинская СОШ» Сафоновского района", shortName: "Вадинская СОШ", isRural: true,
                           curator: ("shashkova", "Шашкова Светлана Николаевна"), code: "670008"),
                DemoSchool(fullName: "МБОУ «СОШ № 3» г. Сафонова", shortName: "СОШ № 3 г. Сафонова", isRural: false,
                           curator: ("ostrovskaya", "Островская Елена Ивановна"), code: "670009"),
            ]),
        ]),
        DemoRegion(name: "Краснодарский край", timeZone: "Europe/Moscow", coordinator: nil, municipalities: [
            DemoMunicipality(name: "Кореновский район", coordinator: ("korenovsk", "Муниципальный координатор Кореновского района"), schools: [
                DemoSchool(fullName: "МОБУ СОШ № 9 ст. Журавской", shortName: "СОШ № 9 ст. Журавской", isRural: true,
                           curator: ("kuznetsova", "Кузнецова Ирина Викторовна"), code: "230101"),
                DemoSchool(fullName: "МОБУ СОШ № 5 ст. Дядьковской", shortName: "СОШ № 5 ст. Дядьковской", isRural: true,
                           curator: ("kuznetsova", "Кузнецова Ирина Викторовна"), code: "230102"),
                DemoSchool(fullName: "МОБУ ООШ № 22 х. Бабиче-Кореновского", shortName: "ООШ № 22 х. Бабиче-Кореновского",
                           isRural: true, curator: ("sokolov", "Соколов Андрей Павлович"), code: "230103"),
            ]),
        ]),
        DemoRegion(name: "Забайкальский край", timeZone: "Asia/Chita", coordinator: nil, municipalities: [
            DemoMunicipality(name: "Сретенский район", coordinator: ("afanasyeva", "Афанасьева И. И."), schools: [
                DemoSchool(fullName: "МОУ Кокуйская СОШ № 2", shortName: "Кокуйская СОШ № 2", isRural: true,
                           curator: ("bogdanova", "Богданова Татьяна Юрьевна"), code: "750101"),
                DemoSchool(fullName: "МОУ Усть-Карская СОШ", shortName: "Усть-Карская СОШ", isRural: true,
                           curator: ("bogdanova", "Богданова Татьяна Юрьевна"), code: "750102"),
                DemoSchool(fullName: "МОУ Верхне-Куэнгинская СОШ", shortName: "Верхне-Куэнгинская СОШ", isRural: true,
                           curator: ("ermakov", "Ермаков Виктор Иванович"), code: "750103"),
            ]),
        ]),
    ]

    /// Fills the database; a second run finds everything in place and changes nothing.
    static func seed(on db: Database, hasher: AsyncPasswordHasher) async throws {
        let passwordHash = try await hasher.hash(password)
        let cycle = try await CycleQueries.install(.cycle2021, on: db)
        let start = CalendarDate(year: 2021, month: 2, day: 15)!
        try await db.transaction { db in
            let seeder = Seeder(db: db, passwordHash: passwordHash)
            _ = try await seeder.user("federal", "Федеральный координатор (ФИОКО)", role: .federal, place: .country)
            _ = try await seeder.user("admin", "Администратор МЭДК", role: .admin, place: .country)
            _ = try await seeder.user("expert", "Смирнова Анна Павловна", role: .expert, place: .country)
            _ = try await seeder.user("expert2", "Кузьмина Ольга Викторовна", role: .expert, place: .country)
            for demoRegion in regions {
                let region = try await seeder.region(demoRegion.name, timeZone: demoRegion.timeZone)
                let regionPlace = Place(region: region.id!)
                if let coordinator = demoRegion.coordinator {
                    _ = try await seeder.user(coordinator.login, coordinator.name, role: .regional, place: regionPlace)
                }
                for demoMunicipality in demoRegion.municipalities {
                    let municipality = try await seeder.municipality(demoMunicipality.name, in: region.id!)
                    if let coordinator = demoMunicipality.coordinator {
                        _ = try await seeder.user(coordinator.login, coordinator.name, role: .municipal, place: municipality.place)
                    }
                    for demoSchool in demoMunicipality.schools {
                        let school = try await seeder.school(demoSchool, in: municipality)
                        let participation = try await seeder.participation(school, cycle: cycle, joinedOn: start)
                        let curator = try await seeder.user(demoSchool.curator.login, demoSchool.curator.name,
                                                            role: .curator, place: regionPlace)
                        try await seeder.assign(curator, to: participation, from: start)
                        if let account = demoSchool.account {
                            _ = try await seeder.user(account.login, account.name, role: .school, place: school.place)
                        }
                    }
                }
            }
        }
        try await TerritoryRoadmapDemo.seed(on: db)
        try await DashboardDemo.seed(on: db)
    }

    /// Finds or creates each thing of the demo (the generated year uses it too).
    struct Seeder {
        let db: Database
        let passwordHash: String

        func region(_ name: String, timeZone: String) async throws -> Region {
            if let found = try await Region.query(on: db).filter(\.$name == name).first() { return found }
            let region = Region(name: name, timeZone: timeZone)
            try await region.create(on: db)
            return region
        }

        func municipality(_ name: String, in region: UUID) async throws -> Municipality {
            if let found = try await Municipality.query(on: db).filter(\.$region.$id == region).filter(\.$name == name).first() {
                return found
            }
            let municipality = Municipality(regionID: region, name: name)
            try await municipality.create(on: db)
            return municipality
        }

        fileprivate func school(_ demo: DemoSchool, in municipality: Municipality) async throws -> School {
            if let found = try await School.query(on: db).filter(\.$municipality.$id == municipality.id!)
                .filter(\.$fullName == demo.fullName).first() { return found }
            let school = School(municipalityID: municipality.id!, regionID: municipality.$region.id, fullName: demo.fullName,
                                shortName: demo.shortName, address: "", isRural: demo.isRural, code: demo.code)
            try await school.create(on: db)
            return school
        }

        func participation(_ school: School, cycle: Cycle, joinedOn: CalendarDate) async throws -> Participation {
            if let found = try await SchoolQueries.participation(school: school.id!, cycle: cycle.id!, on: db) { return found }
            let participation = Participation(schoolID: school.id!, cycleID: cycle.id!, joinedOn: joinedOn)
            try await participation.create(on: db)
            return participation
        }

        func user(_ login: String, _ name: String, role: Role, place: Place) async throws -> User {
            let user: User
            if let found = try await User.query(on: db).filter(\.$login == login).with(\.$grants).first() {
                user = found
                if found.grants.contains(where: { $0.role == role && $0.place == place }) { return user }
            } else {
                user = User(login: login, fullName: name, email: "\(login)@demo.medk.local", passwordHash: passwordHash)
                try await user.create(on: db)
            }
            try await RoleGrant(userID: user.id!, role: role, place: place).create(on: db)
            return user
        }

        func assign(_ curator: User, to participation: Participation, from start: CalendarDate) async throws {
            let existing = try await CuratorAssignment.query(on: db).filter(\.$curator.$id == curator.id!)
                .filter(\.$participation.$id == participation.id!).first()
            guard existing == nil else { return }
            try await CuratorAssignment(curatorID: curator.id!, participationID: participation.id!, startsOn: start).create(on: db)
        }
    }
}

enum DemoViews {
    static func accountsHint() -> Node<HTML.BodyContext> {
        .section(
            .class("demo"),
            .h2(.text("Демонстрационные учётные записи")),
            .p(.text("Пароль у всех: \(DemoData.password)")),
            .ul(.forEach(DemoData.accounts) { account in
                .li(.code(.text(account.login)), .text(" — \(account.role.title): \(account.who)"))
            })
        )
    }
}
