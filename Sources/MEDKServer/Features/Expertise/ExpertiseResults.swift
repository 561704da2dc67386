import Fluent
import Foundation
import MEDKCore
import NIOConcurrencyHelpers

/// One scored school: its accepted first-opinion sheet.
struct ScoredSchool: Sendable {
    let sheetID: UUID
    let schoolID: UUID
    let regionID: UUID
    let school: String
    let municipality: String
    let scores: [String: Int]
    let total: Int
}

/// Means per criterion and the spread of totals, for a region or the country.
struct ScoreSummary: Sendable {
    let name: String
    let regionID: UUID?
    let schools: Int
    let means: [String: Double]
    let meanTotal: Double?
    /// Total → schools with it.
    let distribution: [Int: Int]

    init(name: String, regionID: UUID?, _ scored: [ScoredSchool], rubric: [RubricCriterion]) {
        self.name = name
        self.regionID = regionID
        schools = scored.count
        var means: [String: Double] = [:]
        for criterion in rubric {
            let values = scored.compactMap { $0.scores[criterion.key] }
            if !values.isEmpty { means[criterion.key] = Double(values.reduce(0, +)) / Double(values.count) }
        }
        self.means = means
        meanTotal = scored.isEmpty ? nil : Double(scored.map(\.total).reduce(0, +)) / Double(scored.count)
        distribution = Dictionary(grouping: scored, by: \.total).mapValues(\.count)
    }
}

/// Agreement of two experts on one criterion.
struct CriterionAgreement: Sendable {
    let criterion: RubricCriterion
    let pairs: Int
    let equalShare: Double?
    let kappa: Double?
}

/// A published round's results: every scored school, each region and the country, and the experts' agreement.
struct ExpertiseResultSet: Sendable {
    let rubric: [RubricCriterion]
    let scored: [ScoredSchool]
    let regions: [ScoreSummary]
    let country: ScoreSummary
    let agreement: [CriterionAgreement]
    /// The sample's schools by region, scored or not (a region page lists them all).
    let sampleByRegion: [UUID: [(schoolID: UUID, school: String, municipality: String)]]

    var maxTotal: Int { rubric.map(\.maxScore).reduce(0, +) }
}

enum ExpertiseResults {
    /// A published round's results do not change (its sample, experts and sheets are closed): read once per
    /// instance. Before publication the federal coordinator sees them as they are.
    private static let published = NIOLockedValueBox<[UUID: ExpertiseResultSet]>([:])

    static func of(_ round: ExpertiseRound, on db: Database) async throws -> ExpertiseResultSet {
        guard round.status == .published, let id = round.id else { return try await load(round, on: db) }
        if let kept = published.withLockedValue({ $0[id] }) { return kept }
        let fresh = try await load(round, on: db)
        published.withLockedValue { kept in
            if kept.count >= 64 { kept.removeAll() }
            kept[id] = fresh
        }
        return fresh
    }

    /// A page's tables of a published round, rendered once per instance: the comparison of every region is read
    /// by the federal level and all regional coordinators alike, and no longer changes.
    private static let fragments = NIOLockedValueBox<[String: String]>([:])

    static func rendered(_ round: ExpertiseRound, part: String, on db: Database,
                         _ render: (ExpertiseResultSet) -> String) async throws -> String {
        let key = "\(round.id?.uuidString ?? "")/\(part)"
        if round.status == .published, let kept = fragments.withLockedValue({ $0[key] }) { return kept }
        let html = render(try await of(round, on: db))
        if round.status == .published {
            fragments.withLockedValue { kept in
                if kept.count >= 512 { kept.removeAll() }
                kept[key] = html
            }
        }
        return html
    }

    static func load(_ round: ExpertiseRound, on db: Database) async throws -> ExpertiseResultSet {
        let rubric = round.rubric
        let sheets = try await ExpertiseQueries.sheets(round: round.id!, on: db).filter { $0.state == .approved }
        let versions = try await ExpertiseQueries.latestVersions(of: sheets, on: db)
        let sample = try await ExpertiseQueries.sample(round.id!, on: db)
        let sampled = try await ExpertiseQueries.schoolsOf(sample.map(\.participationID), on: db).values
        let schoolIDs = Set(sheets.map(\.schoolID)).union(sampled.map { $0.id! })
        let schools = try await School.query(on: db).filter(\.$id ~~ Array(schoolIDs)).with(\.$municipality).all()
        let schoolByID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0) })
        let regions = try await Region.query(on: db).sort(\.$name).all()

        func scores(_ sheet: ExpertiseSheet) -> [String: Int] {
            var result: [String: Int] = [:]
            for score in versions[sheet.id!]?.scores ?? [] { if let value = score.score { result[score.key] = value } }
            return result
        }
        var scored: [ScoredSchool] = []
        for sheet in sheets.filter({ !$0.isSecond }) {
            guard let school = schoolByID[sheet.schoolID] else { continue }
            let values = scores(sheet)
            scored.append(ScoredSchool(sheetID: sheet.id!, schoolID: sheet.schoolID, regionID: sheet.regionID, school: school.fullName,
                                       municipality: school.municipality.name, scores: values,
                                       total: rubric.compactMap { values[$0.key] }.reduce(0, +)))
        }
        scored.sort { ($0.school, $0.schoolID.uuidString) < ($1.school, $1.schoolID.uuidString) }

        let byRegion = Dictionary(grouping: scored, by: \.regionID)
        var sampleByRegion: [UUID: [(schoolID: UUID, school: String, municipality: String)]] = [:]
        for school in sampled {
            let full = schoolByID[school.id!]
            sampleByRegion[school.$region.id, default: []].append((school.id!, school.fullName, full?.municipality.name ?? ""))
        }
        for key in sampleByRegion.keys { sampleByRegion[key]!.sort { $0.school < $1.school } }
        let summaries = regions.filter { byRegion[$0.id!] != nil || sampleByRegion[$0.id!] != nil }
            .map { ScoreSummary(name: $0.name, regionID: $0.id!, byRegion[$0.id!] ?? [], rubric: rubric) }

        // Pairs: a school's first and second opinions, both accepted.
        let byParticipation = Dictionary(grouping: sheets, by: \.participationID)
        let pairs = byParticipation.values.compactMap { list -> ([String: Int], [String: Int])? in
            guard let first = list.first(where: { !$0.isSecond }), let second = list.first(where: \.isSecond) else { return nil }
            return (scores(first), scores(second))
        }
        let agreement = rubric.map { criterion -> CriterionAgreement in
            let values = pairs.compactMap { pair -> (Int, Int)? in
                guard let a = pair.0[criterion.key], let b = pair.1[criterion.key] else { return nil }
                return (a, b)
            }
            return CriterionAgreement(criterion: criterion, pairs: values.count, equalShare: Agreement.equalShare(values),
                                      kappa: Agreement.weightedKappa(values, maxScore: criterion.maxScore))
        }
        return ExpertiseResultSet(rubric: rubric, scored: scored, regions: summaries,
                                  country: ScoreSummary(name: Strings.Expertise.country, regionID: nil, scored, rubric: rubric),
                                  agreement: agreement, sampleByRegion: sampleByRegion)
    }
}
