import Fluent
import Foundation
import MEDKCore

/// Demo visits and launch-seminar marks, so that the coordinators' dashboard has something to show.
/// Seeded once: a second run finds visits and changes nothing.
enum DashboardDemo {
    private struct DemoVisit {
        let school: String
        let day: String
        let format: VisitFormat
        let participants: String
        let purpose: String
        let outcome: String
    }

    /// Schools whose coordinator recorded in-person attendance at the launch seminar on 15.02.2021.
    private static let seminar = [
        "МБОУ «Гусинская СШ» Краснинского района", "МБОУ «СШ № 9» г. Смоленска", "МБОУ «СШ № 10» г. Смоленска",
        "МБОУ «Родомановская СШ» Гагаринского района", "МКОУ «Барановская СОШ» Сафоновского района",
        "МОБУ СОШ № 9 ст. Журавской",
    ]

    private static let visits = [
        DemoVisit(school: "МБОУ «Гусинская СШ» Краснинского района", day: "2021-02-26", format: .inPerson,
                  participants: "директор, заместитель директора по УВР", purpose: "Первичное посещение, знакомство с РПШ",
                  outcome: "Обсуждены факторы риска, согласован график посещений"),
        DemoVisit(school: "МБОУ «Гусинская СШ» Краснинского района", day: "2021-03-05", format: .remote,
                  participants: "директор", purpose: "Консультирование по верификации РПШ", outcome: "Уточнены данные анкетирования"),
        DemoVisit(school: "МБОУ «СШ № 9» г. Смоленска", day: "2021-03-02", format: .inPerson,
                  participants: "директор, педагоги начальных классов", purpose: "Первичное посещение",
                  outcome: "Беседа с педагогическим коллективом"),
        DemoVisit(school: "МБОУ «Родомановская СШ» Гагаринского района", day: "2021-02-20", format: .inPerson,
                  participants: "директор", purpose: "Первичное посещение", outcome: "Согласован план работы"),
        DemoVisit(school: "МОБУ СОШ № 9 ст. Журавской", day: "2021-03-04", format: .inPerson,
                  participants: "директор, заместитель директора", purpose: "Первичное посещение",
                  outcome: "Проведён анализ результатов диагностики"),
    ]

    static func seed(on db: Database) async throws {
        guard try await VisitRecord.query(on: db).count() == 0, let cycle = try await CycleQueries.current(on: db, today: nil),
              let federal = try await User.query(on: db).filter(\.$login == "federal").first() else { return }
        @Sendable func moment(_ iso: String, hour: Int = 12) -> Date { LivingYearDemo.moment(CalendarDate(iso)!, hour: hour) }
        try await db.transaction { db in
            for name in seminar {
                guard let (school, participation) = try await find(name, cycle: cycle, on: db) else { continue }
                _ = school
                try await SeminarMark(participationID: participation.id!, attended: true, by: federal.id!,
                                      at: moment("2021-02-15", hour: 17)).create(on: db)
            }
            for demo in visits {
                guard let (school, participation) = try await find(demo.school, cycle: cycle, on: db),
                      let assignment = try await CuratorAssignment.query(on: db).filter(\.$participation.$id == participation.id!).first()
                else { continue }
                let visit = VisitRecord()
                visit.$participation.id = participation.id!
                visit.schoolID = school.id!
                visit.regionID = school.$region.id
                visit.municipalityID = school.$municipality.id
                visit.$curator.id = assignment.$curator.id
                visit.visitedOn = demo.day
                visit.formatCode = demo.format.rawValue
                visit.participants = demo.participants
                visit.purpose = demo.purpose
                visit.outcome = demo.outcome
                visit.recordedAt = moment(demo.day, hour: 18)
                visit.countsFrom = demo.day
                try await visit.create(on: db)
            }
        }
    }

    private static func find(_ name: String, cycle: Cycle, on db: Database) async throws -> (School, Participation)? {
        guard let school = try await School.query(on: db).filter(\.$fullName == name).first(),
              let participation = try await SchoolQueries.participation(school: school.id!, cycle: cycle.id!, on: db) else { return nil }
        return (school, participation)
    }
}
