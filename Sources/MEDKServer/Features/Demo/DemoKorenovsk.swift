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

extension DemoKorenovsk {
    /// Two periods of each of seed 003's monitorings for the district, entered by its coordinator: the academic years
    /// that ended in the two Julys before `now`, so the later one is always past and its dynamics show on first open.
    static func monitorings(now: Date, on db: Database) async throws {
        guard let district = try await Municipality.query(on: db).filter(\.$name == municipality).first(),
              let coordinator = try await User.query(on: db).filter(\.$login == "korenovsk").first()?.requireID(),
              try await MonitoringRun.query(on: db).filter(\.$municipality.$id == district.id!).count() == 0 else { return }
        let schools = try await School.query(on: db).filter(\.$municipality.$id == district.id!).sort(\.$code).all()
        let lastJuly = CalendarDate(now, in: InclusionFacts.defaultZone).year - 1
        let teachers: [(name: String, subject: String, school: Int)] = [
            ("Орлова Нина Сергеевна", "математика", 0), ("Белова Ольга Игоревна", "русский язык", 0),
            ("Кротов Иван Ильич", "математика", 1), ("Зайцева Анна Петровна", "физика", 1),
            ("Лебедева Мария Олеговна", "русский язык", 2), ("Гусев Павел Андреевич", "математика", 2),
        ]
        for instrument in Instrument.builtIn {
            guard let record = try await InstrumentQueries.find(code: instrument.id, on: db) else { continue }
            for (offset, year) in [lastJuly - 1, lastJuly].enumerated() {
                let run = MonitoringRun(instrumentID: try record.requireID(), definition: record.definition, owner: district.place,
                                        period: "\(year - 1)/\(year) учебный год", startsOn: CalendarDate(year: year - 1, month: 9, day: 1)!,
                                        endsOn: CalendarDate(year: year, month: 7, day: 12)!, openedBy: coordinator,
                                        at: moment(year, 7, 1))
                try await run.create(on: db)
                let subjects: [MonitoringSubject] = switch instrument.subject {
                case .school: schools.map { MonitoringSubject(runID: run.id!, name: $0.fullName, kind: .school, schoolID: $0.id, at: run.openedAt) }
                case .teacher:
                    teachers.map { teacher in
                        let subject = MonitoringSubject(runID: run.id!, name: teacher.name, kind: .teacher,
                                                        schoolID: schools[teacher.school % schools.count].id, at: run.openedAt)
                        subject.partI = TeacherPartI(subject: teacher.subject, education: "высшее педагогическое",
                                                     experienceYears: 5 + teacher.name.count % 20, weeklyHours: 18)
                        return subject
                    }
                default: [MonitoringSubject(runID: run.id!, name: "\(instrument.subject.title): \(municipality)",
                                            kind: instrument.subject, at: run.openedAt)]
                }
                for subject in subjects {
                    try await subject.create(on: db)
                    var random = SeededRandom(named: "\(instrument.id) \(subject.name) \(offset)")
                    let values = Dictionary(uniqueKeysWithValues: instrument.indicators.map { ($0.code, value(of: $0, &random)) })
                    guard let evaluation = try? instrument.evaluate(values) else { continue }
                    try await MonitoringSubmission(subjectID: subject.id!, runID: run.id!, values: try InstrumentJSON.encode(values),
                                                   evaluation: evaluation, by: coordinator, at: moment(year, 7, 10)).create(on: db)
                }
            }
        }
    }

    /// A plausible value of the indicator's unit.
    private static func value(of indicator: InstrumentIndicator, _ random: inout SeededRandom) -> IndicatorValue {
        switch indicator.unit {
        case .percent: .number(Double(random.int(0...400)) / 10)
        case .count: .number(Double(random.int(0...6)))
        case .yesNo: .number(random.chance(0.7) ? 1 : 0)
        case .scale(let allowed, let notApplicable):
            notApplicable && random.chance(0.2) ? .notApplicable : .number(random.pick(allowed))
        case .interval(let lower, let upper): .number(((lower + (upper - lower) * random.unit()) * 10).rounded() / 10)
        }
    }
}
