import Fluent
import Foundation
import MEDKCore

/// One school's line in the risk-factor monitoring: who it is and what the profile, the curator, the card and
/// the directions say of it in the year.
struct RiskFactorSchoolLine: Sendable {
    let name: String
    let municipality: String
    let picture: RiskFactorMonitoring.School
    /// The curator's notes by protocol group, to read beside «не подтверждён».
    let notes: [Int: String]
}

/// Seed 003's fourth monitoring for a territory and a programme year, with the previous year's table to compare.
struct RiskFactorReport: Sendable {
    let scope: DashboardScope
    let cycle: Cycle
    let factors: [Methodology.RiskFactor]
    let rows: [RiskFactorMonitoring.Row]
    /// By school id: the same school in both years is matched by its id, never its name.
    let schools: [UUID: RiskFactorSchoolLine]
    let previous: Cycle?
    /// Current minus previous by factor; empty without a previous year.
    let change: [Int: RiskFactorMonitoring.Change]

    func row(_ factor: Int) -> RiskFactorMonitoring.Row? { rows.first { $0.factor == factor } }
}

enum RiskFactorQueries {
    static func report(_ scope: DashboardScope, cycle: Cycle, previous: Cycle?, on db: Database) async throws -> RiskFactorReport {
        let (factors, rows, schools) = try await table(scope, cycle: cycle, on: db)
        var change: [Int: RiskFactorMonitoring.Change] = [:]
        if let previous {
            let before = try await table(scope, cycle: previous, on: db)
            change = RiskFactorMonitoring.change(rows, since: before.rows)
        }
        return RiskFactorReport(scope: scope, cycle: cycle, factors: factors, rows: rows, schools: schools,
                                previous: previous, change: change)
    }

    private static func table(_ scope: DashboardScope, cycle: Cycle, on db: Database) async throws
        -> (factors: [Methodology.RiskFactor], rows: [RiskFactorMonitoring.Row], schools: [UUID: RiskFactorSchoolLine])
    {
        let factors = try await CycleQueries.factors(of: cycle.id!, on: db).enumerated()
            .map { Methodology.RiskFactor(number: $0.offset + 1, title: $0.element) }
        let schools = try await lines(scope, cycle: cycle.id!, on: db)
        let rows = RiskFactorMonitoring.rows(factors: factors, protocol: .seed003, schools: schools.values.map(\.picture))
        return (factors, rows, schools)
    }

    /// The schools of the territory taking part in the year, each with its profile, protocol, approved card and
    /// directions: five indexed reads whatever the number of schools.
    private static func lines(_ scope: DashboardScope, cycle: UUID, on db: Database) async throws -> [UUID: RiskFactorSchoolLine] {
        let schoolQuery = School.query(on: db).with(\.$municipality)
        if let municipality = scope.municipality?.id {
            schoolQuery.filter(\.$municipality.$id == municipality)
        } else if let region = scope.region?.id {
            schoolQuery.filter(\.$region.$id == region)
        }
        let schools = Dictionary(uniqueKeysWithValues: try await schoolQuery.all().map { ($0.id!, $0) })
        guard !schools.isEmpty else { return [:] }
        let participations = try await Participation.query(on: db).filter(\.$cycle.$id == cycle)
            .filter(\.$school.$id ~~ Array(schools.keys)).all()
        let ids = participations.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var significance: [UUID: [Significance]] = [:]
        for profile in try await RiskProfileRecord.query(on: db).filter(\.$participation.$id ~~ ids).all() {
            significance[profile.$participation.id] = profile.significance
        }
        var answers: [UUID: [Int: Bool]] = [:], notes: [UUID: [Int: String]] = [:]
        for record in try await VerificationRecord.query(on: db).filter(\.$participation.$id ~~ ids).all() {
            for answer in record.answers {
                if let confirmed = answer.confirmed { answers[record.$participation.id, default: [:]][answer.group] = confirmed }
                if !answer.note.isEmpty { notes[record.$participation.id, default: [:]][answer.group] = answer.note }
            }
        }
        var actual: [UUID: Set<Int>] = [:]
        for card in try await SelfAssessmentRecord.query(on: db).filter(\.$participation.$id ~~ ids).all()
        where card.state == .approved {
            actual[card.$participation.id] = card.actualFactors
        }
        var directions: [UUID: Set<Int>] = [:]
        for direction in try await DirectionRecord.query(on: db).filter(\.$participation.$id ~~ ids).all() {
            directions[direction.$participation.id, default: []].insert(direction.factor)
        }
        var lines: [UUID: RiskFactorSchoolLine] = [:]
        for participation in participations {
            let id = participation.id!, schoolID = participation.$school.id
            guard let school = schools[schoolID] else { continue }
            lines[schoolID] = RiskFactorSchoolLine(
                name: school.fullName, municipality: school.municipality.name,
                picture: .init(id: schoolID, significance: significance[id] ?? [], curatorAnswers: answers[id] ?? [:],
                               selfAnalysis: actual[id] ?? [], directions: directions[id] ?? []),
                notes: notes[id] ?? [:])
        }
        return lines
    }
}
