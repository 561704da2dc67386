import Fluent
import Foundation
import MEDKCore
import NIOPosix

/// The demo's current programme year: seed 001's year moved to the calendar year, the seeds' 2021 closed as an
/// archive, a few hundred more schools in five regions, and for every school but the two the README walks through
/// a history up to today, written through the same actions people use. Derived from fixed seeds and today's date
/// only, and found in place on a second run.
enum LivingYearDemo {
    struct GeneratedMunicipality {
        let name: String
        /// «Демидовского района»: how a school's name refers to it.
        let genitive: String
    }

    struct GeneratedRegion {
        let name: String
        let timeZone: String
        /// The first digits of its schools' codes.
        let codePrefix: String
        let municipalities: [GeneratedMunicipality]
    }

    static let schoolsPerMunicipality = 11
    /// Schools a generated curator consults.
    static let schoolsPerCurator = 3

    static let regions: [GeneratedRegion] = [
        GeneratedRegion(name: "Смоленская область", timeZone: "Europe/Moscow", codePrefix: "67", municipalities: [
            .init(name: "Демидовский район", genitive: "Демидовского района"),
            .init(name: "Ельнинский район", genitive: "Ельнинского района"),
            .init(name: "Рославльский район", genitive: "Рославльского района"),
        ]),
        GeneratedRegion(name: "Тверская область", timeZone: "Europe/Moscow", codePrefix: "69", municipalities: [
            .init(name: "Бежецкий муниципальный округ", genitive: "Бежецкого муниципального округа"),
            .init(name: "Кашинский городской округ", genitive: "Кашинского городского округа"),
            .init(name: "Ржевский муниципальный округ", genitive: "Ржевского муниципального округа"),
            .init(name: "Торопецкий муниципальный округ", genitive: "Торопецкого муниципального округа"),
        ]),
        GeneratedRegion(name: "Псковская область", timeZone: "Europe/Moscow", codePrefix: "60", municipalities: [
            .init(name: "Великолукский район", genitive: "Великолукского района"),
            .init(name: "Опочецкий район", genitive: "Опочецкого района"),
            .init(name: "Порховский район", genitive: "Порховского района"),
            .init(name: "Себежский район", genitive: "Себежского района"),
        ]),
        GeneratedRegion(name: "Республика Бурятия", timeZone: "Asia/Irkutsk", codePrefix: "03", municipalities: [
            .init(name: "Баргузинский район", genitive: "Баргузинского района"),
            .init(name: "Кабанский район", genitive: "Кабанского района"),
            .init(name: "Кижингинский район", genitive: "Кижингинского района"),
            .init(name: "Селенгинский район", genitive: "Селенгинского района"),
        ]),
        GeneratedRegion(name: "Амурская область", timeZone: "Asia/Yakutsk", codePrefix: "28", municipalities: [
            .init(name: "Ивановский муниципальный округ", genitive: "Ивановского муниципального округа"),
            .init(name: "Мазановский район", genitive: "Мазановского района"),
            .init(name: "Тамбовский муниципальный округ", genitive: "Тамбовского муниципального округа"),
            .init(name: "Зейский район", genitive: "Зейского района"),
        ]),
    ]

    /// Whose presence says the year's history was written (it is written in one transaction with them).
    private static let marker = "Тверская область"

    /// The programme year running on `today`: this calendar year once seed 001's first control date (15 February)
    /// has come, the last one before it.
    static func year(on today: CalendarDate) -> Int {
        today >= CalendarDate(year: today.year, month: 2, day: 15)! ? today.year : today.year - 1
    }

    /// `day` at `hour` in Moscow, where the demo's people act.
    static func moment(_ day: CalendarDate, hour: Int) -> Date { day.at(hour: hour, in: InclusionFacts.defaultZone) }

    /// Creates, opens and fills the current year once; nil when the demo's clock is still in the seeds' own year.
    @discardableResult
    static func seed(on db: Database, store: any FileStore, threadPool: NIOThreadPool, now: Date) async throws -> Cycle? {
        let today = CalendarDate(now, in: InclusionFacts.defaultZone)
        let archiveYear = Methodology.cycle2021.year
        guard year(on: today) > archiveYear,
              let archive = try await Cycle.query(on: db).filter(\.$year == archiveYear).first(),
              let federal = try await User.query(on: db).filter(\.$login == "federal").first()
        else { return nil }
        let cycle = try await currentCycle(year(on: today), from: archive, by: federal.requireID(), at: now, on: db)
        guard try await Region.query(on: db).filter(\.$name == marker).first() == nil else { return cycle }
        let samples = try await DemoSamples.commit(DemoActivity.documents.map(\.title), to: store, threadPool: threadPool)
        let passwordHash = federal.passwordHash
        try await db.writeTransaction { db in
            let seeder = DemoData.Seeder(db: db, passwordHash: passwordHash)
            try await generateSchools(into: cycle, now: now, seeder: seeder)
            let history = DemoActivity(db: db, cycle: cycle, dates: try await controlDates(of: cycle, on: db), now: now,
                                       samples: samples, store: store, threadPool: threadPool, coordinator: try federal.requireID())
            let everyone = try await participants(of: cycle, seeder: seeder)
            // Nobody is told of a history written before they arrived.
            try await Notifier.$muted.withValue(true) {
                try await InclusionFacts.batching(on: db) {
                    for participant in everyone { try await history.write(participant) }
                    try await DemoKorenovsk.archive(archive, coordinator: try federal.requireID(), on: db)
                    try await DemoKorenovsk.monitorings(now: now, on: db)
                }
            }
        }
        try await Notifier.$muted.withValue(true) {
            try await DemoPractices.seed(cycle: cycle, now: now, store: store, threadPool: threadPool, on: db)
        }
        return cycle
    }

    /// The year's cycle as the federal coordinator would make it: a copy of the archive, its schools carried over
    /// with their curators, opened; then the archive closed. Each step is skipped once done.
    private static func currentCycle(_ year: Int, from archive: Cycle, by federal: UUID, at now: Date, on db: Database) async throws -> Cycle {
        let cycle: Cycle
        if let existing = try await Cycle.query(on: db).filter(\.$year == year).first() {
            cycle = existing
        } else {
            let form = CycleLifecycle.NewCycle(year: "\(year)", title: archive.title.replacingOccurrences(of: "\(archive.year)", with: "\(year)"),
                                               source: try archive.requireID().uuidString, startsOn: "\(year)-01-01", endsOn: "\(year)-12-31")
            cycle = try await CycleLifecycle.copy(form, by: federal, at: now, on: db)
        }
        if cycle.status == .draft {
            let regions = Set(try await Region.query(on: db).all(\.$id))
            try await CycleLifecycle.carryOver(regions: regions, withCurators: true, into: cycle, by: federal, at: now, on: db)
            try await CycleLifecycle.open(cycle, by: federal, at: now, on: db)
        }
        if archive.status == .open { try await CycleLifecycle.close(archive, by: federal, at: now, on: db) }
        return try await Cycle.find(cycle.requireID(), on: db) ?? cycle
    }

    private static func controlDates(of cycle: Cycle, on db: Database) async throws -> [ControlDateKind: CalendarDate] {
        var dates: [ControlDateKind: CalendarDate] = [:]
        for date in try await CycleControlDate.query(on: db).filter(\.$cycle.$id == cycle.requireID()).all() {
            guard let kind = date.kind.flatMap(ControlDateKind.init(rawValue:)), let day = date.date else { continue }
            dates[kind] = dates[kind].map { min($0, day) } ?? day
        }
        return dates
    }

    /// The generated regions' coordinators and plans, and their schools, each in the year from its start, with a
    /// curator for every three of them; one in eight got its curator only after the control date.
    private static func generateSchools(into cycle: Cycle, now: Date, seeder: DemoData.Seeder) async throws {
        let cycleID = try cycle.requireID()
        for generated in regions {
            let region = try await seeder.region(generated.name, timeZone: generated.timeZone)
            let coordinator = try await seeder.user(generated.codePrefix == "67" ? "regional" : "koord\(generated.codePrefix)",
                                                    DemoNames.person("koord" + generated.codePrefix), role: .regional,
                                                    place: Place(region: region.requireID()))
            try await DemoRegionalPlans.seed(region: region, year: cycle.year, coordinator: coordinator.requireID(), now: now,
                                             on: seeder.db)
            var number = 0
            var curator: User?
            for municipalityData in generated.municipalities {
                let municipality = try await seeder.municipality(municipalityData.name, in: region.requireID())
                var random = SeededRandom(named: generated.name + municipalityData.name)
                var villages = DemoNames.villages
                villages.shuffle(using: &random)
                for village in villages.prefix(schoolsPerMunicipality) {
                    if number % schoolsPerCurator == 0 {
                        let index = number / schoolsPerCurator
                        curator = try await seeder.user("kurator\(generated.codePrefix)\(String(format: "%02d", index + 1))",
                                                        DemoNames.person(generated.codePrefix + "\(index)"), role: .curator,
                                                        place: Place(region: region.requireID()))
                    }
                    number += 1
                    let kind = random.chance(0.7) ? "СОШ" : "ООШ"
                    let school = School(municipalityID: try municipality.requireID(), regionID: try region.requireID(),
                                        fullName: "МБОУ «\(village) \(kind)» \(municipalityData.genitive)",
                                        shortName: "\(village) \(kind)", address: "", isRural: random.chance(0.8),
                                        code: generated.codePrefix + String(format: "%04d", 1000 + number))
                    try await school.create(on: seeder.db)
                    let participation = Participation(schoolID: try school.requireID(), cycleID: cycleID, joinedOn: cycle.starts)
                    try await participation.create(on: seeder.db)
                    let late = random.chance(0.125)
                    let starts = late ? CalendarDate(year: cycle.year, month: 2, day: 15)!.adding(days: random.int(5...40)) : cycle.starts
                    if let curator {
                        try await CuratorAssignment(curatorID: curator.requireID(), participationID: participation.requireID(),
                                                    startsOn: starts).create(on: seeder.db)
                    }
                }
            }
        }
    }

    /// Everyone in the year whose history is generated: each school with a code but the walk-through's, with a
    /// school account (created here for those without one) and its curator.
    private static func participants(of cycle: Cycle, seeder: DemoData.Seeder) async throws -> [DemoActivity.Participant] {
        let db = seeder.db
        let participations = try await Participation.query(on: db).filter(\.$cycle.$id == cycle.requireID()).with(\.$school).all()
        let curators = Dictionary(
            try await CuratorAssignment.query(on: db).filter(\.$participation.$id ~~ participations.map { $0.id! })
                .filter(\.$endsOn == nil).all().map { ($0.$participation.id, $0) },
            uniquingKeysWith: { first, _ in first })
        var participants: [DemoActivity.Participant] = []
        for participation in participations.sorted(by: { ($0.school.code ?? "") < ($1.school.code ?? "") }) {
            let school = participation.school
            guard let code = school.code, !DemoData.walkThroughCodes.contains(code) else { continue }
            let account = try await seeder.user("oo\(code)", "Ответственный за дорожную карту, \(school.shortName)", role: .school,
                                                place: school.place)
            participants.append(.init(school: school, participation: participation, account: try account.requireID(),
                                      curator: curators[participation.id!]))
        }
        return participants
    }
}
