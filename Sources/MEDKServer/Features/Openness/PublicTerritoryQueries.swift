import Fluent
import Foundation
import MEDKCore

/// One monitoring of a territory as the public may see it: how many were evaluated and how many fell in each band.
struct PublicMonitoringLine: Sendable {
    let instrument: String
    let period: String
    let evaluated: Int
    /// Band label → count, in the instrument's order; nil when too few took part to publish without naming anyone.
    let bands: [(label: String, count: Int)]?
}

/// What a territory shows everyone (seed 003 §4.5 «гласность и общедоступность»).
struct PublicTerritoryPage: Sendable {
    let owner: TerritoryOwner
    let plans: [(TerritoryRoadmapRecord, RoadmapStanding)]
    let today: CalendarDate
    let acts: [TerritoryAct]
    let municipalities: [(id: UUID, name: String)]
    let monitorings: [PublicMonitoringLine]
    let indicators: (day: CalendarDate, row: IndicatorRow)?
    let practices: [(id: UUID, title: String, school: String)]
}

enum PublicTerritoryQueries {
    /// A teacher's level is personal: a monitoring of teachers is published only when at least this many took part.
    static let minimumTeachers = 5

    static func acts(of place: Place, on db: Database) async throws -> [TerritoryAct] {
        let query = TerritoryAct.query(on: db).filter(\.$regionID == place.regionID!)
        if let municipality = place.municipalityID { query.filter(\.$municipalityID == municipality) }
        else { query.filter(\.$municipalityID == nil) }
        return try await query.sort(\.$signedOn, .descending).sort(\.$publishedAt, .descending).all()
    }

    static func page(_ owner: TerritoryOwner, today: CalendarDate, cycle: Cycle?, on db: Database) async throws -> PublicTerritoryPage {
        var plans: [(TerritoryRoadmapRecord, RoadmapStanding)] = []
        for roadmap in try await TerritoryRoadmapQueries.roadmaps(of: owner.place, on: db) {
            plans.append((roadmap, try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: today, on: db)))
        }
        let municipalities = owner.municipality == nil
            ? try await Municipality.query(on: db).filter(\.$region.$id == owner.region.id!).sort(\.$name).all().map { (id: $0.id!, name: $0.name) }
            : []
        let indicators: (CalendarDate, IndicatorRow)? = if let cycle {
            (today, try await InclusionQueries.table(DashboardScope(region: owner.region, municipality: owner.municipality),
                                                    cycle: cycle, day: today, on: db).total)
        } else { nil }
        let practiceQuery = Practice.query(on: db).filter(\.$stateCode == ReviewState.approved.rawValue)
        if let municipality = owner.municipality?.id { practiceQuery.filter(\.$municipalityID == municipality) }
        else { practiceQuery.filter(\.$regionID == owner.region.id!) }
        let practices = try await practiceQuery.sort(\.$publishedAt, .descending).limit(50).all()
        let schools = try await School.query(on: db).filter(\.$id ~~ Array(Set(practices.map(\.schoolID)))).all()
        let names = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0.shortName) })
        return PublicTerritoryPage(
            owner: owner, plans: plans, today: today, acts: try await acts(of: owner.place, on: db), municipalities: municipalities,
            monitorings: try await monitorings(of: owner.place, on: db), indicators: indicators,
            practices: practices.map { (id: $0.id!, title: $0.title, school: names[$0.schoolID] ?? "") })
    }

    /// The territory's own monitorings, newest period first, each reduced to counts per band.
    static func monitorings(of place: Place, on db: Database) async throws -> [PublicMonitoringLine] {
        let query = MonitoringRun.query(on: db).filter(\.$region.$id == place.regionID!)
        if let municipality = place.municipalityID { query.filter(\.$municipality.$id == municipality) }
        else { query.filter(\.$municipality.$id == nil) }
        var lines: [PublicMonitoringLine] = []
        for run in try await query.sort(\.$endsOn, .descending).limit(40).all() {
            guard let instrument = run.instrument else { continue }
            let evaluations = try await MonitoringQueries.latestSubmissions(of: run.id!, on: db).values
                .compactMap { $0.submission.flatMap { try? instrument.evaluate($0) } }
            guard !evaluations.isEmpty else { continue }
            let tooFew = instrument.subject == .teacher && evaluations.count < minimumTeachers
            let bands = instrument.bands.isEmpty || tooFew ? nil : instrument.bands.map { band in
                (label: band.label, count: evaluations.filter { $0.band == band }.count)
            }
            lines.append(PublicMonitoringLine(instrument: instrument.title, period: run.period, evaluated: evaluations.count,
                                              bands: bands))
        }
        return lines
    }
}
