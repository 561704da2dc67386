import Fluent
import Foundation
import MEDKCore

/// The Korenovsk district (seed 003) in the archive year, so that its monitorings show dynamics on first open: each
/// school's risk profile, its curator's protocol and its directions of 2021, different from this year's.
enum DemoKorenovsk {
    static let municipality = "Кореновский район"

    /// Written once, with the living year (inside its transaction); only what the archive does not have yet.
    static func archive(_ archive: Cycle, coordinator: UUID, on db: Database) async throws {
        let schools = try await School.query(on: db).join(Municipality.self, on: \School.$municipality.$id == \Municipality.$id)
            .filter(Municipality.self, \.$name == municipality).all()
        let participations = try await Participation.query(on: db).filter(\.$cycle.$id == archive.requireID())
            .filter(\.$school.$id ~~ schools.compactMap(\.id)).all()
        let profiled = Set(try await RiskProfileRecord.query(on: db).filter(\.$participation.$id ~~ participations.compactMap(\.id))
            .all().map { $0.$participation.id })
        let curators = Dictionary(
            try await CuratorAssignment.query(on: db).filter(\.$participation.$id ~~ participations.compactMap(\.id)).all()
                .map { ($0.$participation.id, $0.$curator.id) }, uniquingKeysWith: { first, _ in first })
        let codes = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0.code ?? $0.fullName) })
        for participation in participations.sorted(by: { codes[$0.$school.id]! < codes[$1.$school.id]! })
        where !profiled.contains(participation.id!) {
            let id = try participation.requireID()
            var random = SeededRandom(named: "korenovsk-\(archive.year)-\(codes[participation.$school.id]!)")
            var significance: [Int: Significance] = [:]
            for factor in 1...10 { significance[factor] = random.pick([Significance.high, .high, .medium, .medium, .low, .none]) }
            let profile = RiskProfileRecord()
            profile.$participation.id = id
            profile.set(significance: significance, completed: Set(RespondentGroup.allCases), factorCount: 10)
            profile.importedAt = moment(archive.year, 2, 12)
            profile.importedBy = coordinator
            try await profile.create(on: db)

            guard let curator = curators[id] else { continue }
            let record = VerificationRecord()
            record.$participation.id = id
            record.answers = VerificationProtocol.seed003.groups.filter(\.asksForOther).map { group in
                let confirmed = random.chance(0.75)
                return .init(group: group.number, confirmed: confirmed,
                             note: confirmed ? "" : "На посещении не подтвердилось: меры приняты школой до начала проекта.")
            }
            record.addedRisks = ""
            record.verifiedOn = CalendarDate(year: archive.year, month: 3, day: 4)!.iso
            record.verifiedBy = curator
            record.updatedAt = moment(archive.year, 3, 4)
            try await record.create(on: db)
            // The school's own account chose them, as in the living year.
            let login = "oo\(codes[participation.$school.id]!)"
            guard let account = try await User.query(on: db).filter(\.$login == login).first()?.requireID() else { continue }
            let ranked = significance.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
            for factor in ranked.prefix(2) {
                try await DirectionRecord(participationID: id, factor: factor, at: moment(archive.year, 3, 12), by: account).create(on: db)
            }
        }
    }

    private static func moment(_ year: Int, _ month: Int, _ day: Int) -> Date {
        LivingYearDemo.moment(CalendarDate(year: year, month: month, day: day)!, hour: 11)
    }
}
