import Fluent
import Foundation
import MEDKCore
import SQLKit

/// The territory a dashboard looks at and the level its rows are one below: the country by region, a
/// region by municipality, a municipality by school.
struct DashboardScope: Sendable {
    enum Level: String, Sendable { case country, region, municipality }

    let region: Region?
    let municipality: Municipality?

    static let country = DashboardScope(region: nil, municipality: nil)

    var level: Level { municipality != nil ? .municipality : region != nil ? .region : .country }
    var place: Place { Place(region: region?.id, municipality: municipality?.id) }
    /// The territory's id as it appears in links (nil for the country).
    var id: UUID? { municipality?.id ?? region?.id }
    var name: String { municipality?.name ?? region?.name ?? Strings.Dashboards.country }

    /// A region or a municipality by its id (the two never share an id).
    static func find(_ id: UUID, on db: Database) async throws -> DashboardScope? {
        try await find(id, from: .country, on: db)
    }

    /// A territory a coordinator whose own territory is `own` opens: mostly its own (the total row) or one a
    /// level below it (a row), so that is looked for first and the region already read is not read again.
    static func find(_ id: UUID, from own: DashboardScope, on db: Database) async throws -> DashboardScope? {
        if id == own.id { return own }
        if own.level != .country, let municipality = try await Municipality.find(id, on: db) {
            let region = municipality.$region.id == own.region?.id ? own.region : try await Region.find(municipality.$region.id, on: db)
            return region.map { DashboardScope(region: $0, municipality: municipality) }
        }
        if let region = try await Region.find(id, on: db) { return DashboardScope(region: region, municipality: nil) }
        return own.level == .country ? try await municipality(id, on: db) : nil
    }

    private static func municipality(_ id: UUID, on db: Database) async throws -> DashboardScope? {
        guard let municipality = try await Municipality.query(on: db).filter(\.$id == id).with(\.$region).first() else { return nil }
        return DashboardScope(region: municipality.region, municipality: municipality)
    }

    /// A coordinator's own territory, from its active grant: the sign-in already read the grant's region and
    /// municipality, so they are read again only if the grant's two do not belong together.
    static func of(_ grant: RoleGrant, on db: Database) async throws -> DashboardScope? {
        let region = grant.$region.value ?? nil, municipality = grant.$municipality.value ?? nil
        switch (grant.$region.id, grant.$municipality.id) {
        case (nil, nil): return .country
        case (_?, nil) where region != nil: return DashboardScope(region: region, municipality: nil)
        case (_?, _?) where region != nil && municipality?.$region.id == region?.id:
            return DashboardScope(region: region, municipality: municipality)
        default: return try await of(grant.place, on: db)
        }
    }

    /// The territory of a place, read from the database.
    static func of(_ place: Place, on db: Database) async throws -> DashboardScope? {
        if let id = place.municipalityID { return try await municipality(id, on: db) }
        guard let id = place.regionID else { return .country }
        return try await Region.find(id, on: db).map { DashboardScope(region: $0, municipality: nil) }
    }
}

/// One row of the indicator table: a territory (or a school) and its figure for each indicator.
struct IndicatorRow: Sendable, Hashable {
    let id: UUID
    let name: String
    /// Where a click on the row's name leads: the territory's own table, or the school's card.
    let isSchool: Bool
    var tallies: [InclusionIndicator: Tally]
    /// The territory's own plans of the cycle; nil: it keeps none (never shown as 0).
    var roadmap: RoadmapFigure?
    /// «План-график направлен»: 1 of 1 when the territory's plan was loaded by the day (the country: of its regions);
    /// nil for a school.
    var planSent: Tally? = nil

    func tally(_ indicator: InclusionIndicator) -> Tally? {
        switch indicator {
        case .territoryRoadmapDone: roadmap?.shown
        case .regionalPlanSent: planSent
        default: tallies[indicator] ?? Tally()
        }
    }
}

/// A territory's own plans as of a day. The indicator counts the items due by the day; a plan whose items carry
/// no dates (seed 002) or whose dates have not come yet still shows how much of it is done, saying so.
struct RoadmapFigure: Sendable, Hashable {
    enum Basis: Sendable, Hashable {
        /// Items due by the day: the indicator proper.
        case due
        /// No item has a date: the share of all items done.
        case undated
        /// Items have dates, none has come yet: the share of all items done.
        case notYetDue
    }

    var due = Tally()
    var all = Tally()
    var datedItems = 0

    var basis: Basis { due.total > 0 ? .due : datedItems == 0 ? .undated : .notYetDue }
    var shown: Tally { basis == .due ? due : all }

    init(due: Tally = Tally(), all: Tally = Tally(), datedItems: Int = 0) {
        (self.due, self.all, self.datedItems) = (due, all, datedItems)
    }

    init(_ standing: RoadmapStanding) {
        self.init(due: Tally(done: standing.share.done, total: standing.share.due),
                  all: Tally(done: standing.doneCount, total: standing.actionCount),
                  datedItems: standing.items.filter { !$0.isHeading && $0.due != nil }.count)
    }

    static func + (a: RoadmapFigure, b: RoadmapFigure) -> RoadmapFigure {
        RoadmapFigure(due: a.due + b.due, all: a.all + b.all, datedItems: a.datedItems + b.datedItems)
    }
}

struct IndicatorTable: Sendable {
    let scope: DashboardScope
    let day: CalendarDate
    let rows: [IndicatorRow]
    let total: IndicatorRow
}

/// A school behind a cell of the indicator table.
struct DrillDownRow: Sendable {
    let schoolID: UUID
    let school: String
    let municipality: String
    let done: Bool
}

enum InclusionQueries {
    /// The id of the country's total row (the country has no territory id).
    static let countryID = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
    // MARK: the table

    /// What a territory's table or curator work is kept under: the territory (nil for the country), cycle, day.
    struct TerritoryDay: Hashable, Sendable {
        let territory: UUID?
        let cycle: UUID
        let day: CalendarDate
    }

    /// The rows and the total of each table read, while the data they are made of stands: every coordinator of
    /// a region opening the same morning table costs one small read, not a count and a plan standing per territory.
    static let tables = VersionedCache<TerritoryDay, TableRows>(capacity: 4_000)

    struct TableRows: Sendable {
        let rows: [IndicatorRow]
        let total: IndicatorRow
    }

    /// Every indicator for each territory one level below the scope, as of `day`.
    static func table(_ scope: DashboardScope, cycle: Cycle, day: CalendarDate, on db: Database) async throws -> IndicatorTable {
        let key = TerritoryDay(territory: scope.id, cycle: cycle.id!, day: day)
        let kept = try await VersionedCache.value(tables, key, on: db) {
            let table = try await freshTable(scope, cycle: cycle, day: day, on: db)
            return TableRows(rows: table.rows, total: table.total)
        }
        return IndicatorTable(scope: scope, day: day, rows: kept.rows, total: kept.total)
    }

    /// The table from the rollup, the territories and their plans.
    static func freshTable(_ scope: DashboardScope, cycle: Cycle, day: CalendarDate, on db: Database) async throws -> IndicatorTable {
        let counts = try await counts(scope, cycle: cycle.id!, day: day, on: db)
        var rows = try await rowTerritories(scope, cycle: cycle.id!, day: day, on: db, present: Set(counts.keys))
        for index in rows.indices { rows[index].tallies = counts[rows[index].id] ?? [:] }
        let plans = try await ownRoadmaps(of: rows.filter { !$0.isSchool }.map(\.id) + [scope.id].compactMap { $0 },
                                          cycleYear: cycle.year, on: db)
        let roadmaps = try await roadmapShares(plans, day: day, on: db)
        // A plan counts as sent from the day it was loaded (Moscow days, as the federal roadmap's dates).
        let sent = Set(plans.filter { CalendarDate($0.createdAt, in: InclusionFacts.defaultZone) <= day }
            .map { $0.$municipality.id ?? $0.$region.id })
        func sentTally(_ territory: UUID) -> Tally { Tally(done: sent.contains(territory) ? 1 : 0, total: 1) }
        for index in rows.indices where !rows[index].isSchool {
            rows[index].roadmap = roadmaps[rows[index].id]
            rows[index].planSent = sentTally(rows[index].id)
        }
        // The country's total needs an id that stays the same, so equal tables are equal.
        // The country keeps no plan of its own: its total is the regions' plans together.
        let countryPlans = rows.compactMap(\.roadmap)
        var total = IndicatorRow(id: scope.id ?? Self.countryID, name: Strings.Dashboards.total, isSchool: false, tallies: [:],
                                 roadmap: scope.id.map { roadmaps[$0] }
                                     ?? (countryPlans.isEmpty ? nil : countryPlans.reduce(RoadmapFigure(), +)),
                                 planSent: scope.id.map(sentTally) ?? rows.reduce(Tally()) { $0 + ($1.planSent ?? Tally()) })
        for indicator in InclusionIndicator.perSchool {
            total.tallies[indicator] = rows.reduce(Tally()) { $0 + ($1.tallies[indicator] ?? Tally()) }
        }
        return IndicatorTable(scope: scope, day: day, rows: rows, total: total)
    }

    /// (row territory → indicator → tally) with one grouped count over the rollup.
    static func counts(_ scope: DashboardScope, cycle: UUID, day: CalendarDate,
                       on db: Database) async throws -> [UUID: [InclusionIndicator: Tally]] {
        guard let sql = db as? SQLDatabase else { return [:] }
        let group = switch scope.level {
        case .country: "region_id"
        case .region: "municipality_id"
        case .municipality: "school_id"
        }
        let query = sql.select().column(SQLIdentifier(group), as: "t").column("indicator")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(InclusionFacts.table)
            .where("cycle_id", .equal, cycle)
        if let municipality = scope.municipality?.id {
            query.where("municipality_id", .equal, municipality)
        } else if let region = scope.region?.id {
            query.where("region_id", .equal, region)
        }
        asOf(day, query)
        let rows = try await query.groupBy(SQLIdentifier(group)).groupBy("indicator").all()
        var denominators: [UUID: Int] = [:]
        var numerators: [UUID: [InclusionIndicator: Int]] = [:]
        for row in rows {
            let territory = try row.decode(column: "t", as: UUID.self)
            let n = try row.decode(column: "n", as: Int.self)
            let code = try row.decode(column: "indicator", as: String.self)
            if code == InclusionFacts.participating {
                denominators[territory] = n
            } else if let indicator = InclusionIndicator(rawValue: code) {
                numerators[territory, default: [:]][indicator] = n
            }
        }
        var result: [UUID: [InclusionIndicator: Tally]] = [:]
        for (territory, total) in denominators {
            for indicator in InclusionIndicator.perSchool {
                result[territory, default: [:]][indicator] = Tally(done: numerators[territory]?[indicator] ?? 0, total: total)
            }
        }
        return result
    }

    /// Rows held on `day`: begun by it and not ended by it.
    private static func asOf(_ day: CalendarDate, _ query: SQLSelectBuilder) {
        query.where("done_from", .lessThanOrEqual, day.iso)
            .where(group: { $0.where("done_until", .is, SQLLiteral.null).orWhere("done_until", .greaterThan, day.iso) })
    }

    /// The rows of the table: every region of the country, every municipality of a region, and the schools
    /// of a municipality that take part on the day.
    private static func rowTerritories(_ scope: DashboardScope, cycle: UUID, day: CalendarDate, on db: Database,
                                       present: Set<UUID>) async throws -> [IndicatorRow] {
        switch scope.level {
        // Two columns by SQL, not models: decoding 85 or 100 models field by field showed in profiles.
        case .country:
            return try await territoryRows(Region.schema, on: db) { $0 }
        case .region:
            return try await territoryRows(Municipality.schema, on: db) { $0.where("region_id", .equal, scope.region!.id!) }
        case .municipality:
            guard !present.isEmpty else { return [] }
            return try await School.query(on: db).filter(\.$id ~~ Array(present)).sort(\.$fullName).all()
                .map { IndicatorRow(id: $0.id!, name: $0.fullName, isSchool: true, tallies: [:], roadmap: nil) }
        }
    }

    private static func territoryRows(_ table: String, on db: Database,
                                      _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [IndicatorRow] {
        guard let sql = db as? SQLDatabase else { return [] }
        return try await filter(sql.select().columns("id", "name").from(table)).orderBy("name").all().map {
            IndicatorRow(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                         isSchool: false, tallies: [:], roadmap: nil)
        }
    }

    /// The territories' own plans of the cycle's year.
    static func ownRoadmaps(of territories: [UUID], cycleYear: Int, on db: Database) async throws -> [TerritoryRoadmapRecord] {
        guard !territories.isEmpty else { return [] }
        let wanted = Set(territories)
        // A region's own plan has no municipality; a municipality's plan names its region too.
        return try await TerritoryRoadmapRecord.query(on: db).filter(\.$cycleYear == cycleYear)
            .group(.or) { either in
                either.filter(\.$municipality.$id ~~ territories.map { Optional($0) })
                    .group(.and) { $0.filter(\.$municipality.$id == nil).filter(\.$region.$id ~~ territories) }
            }
            .all()
            .filter { wanted.contains($0.$municipality.id ?? $0.$region.id) }
    }

    /// The share of each territory's own plans done by the day (items due by it).
    static func roadmapShares(_ roadmaps: [TerritoryRoadmapRecord], day: CalendarDate,
                              on db: Database) async throws -> [UUID: RoadmapFigure] {
        var shares: [UUID: RoadmapFigure] = [:]
        for roadmap in roadmaps {
            let standing = try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: day, on: db)
            let owner = roadmap.$municipality.id ?? roadmap.$region.id
            shares[owner] = (shares[owner] ?? RoadmapFigure()) + RoadmapFigure(standing)
        }
        return shares
    }

    // MARK: behind a cell

    /// The schools of a territory (a region, a municipality) or one school, taking part on the day, with
    /// whether each has done the indicator: the ones that have not come first.
    enum Target: Sendable {
        case region(UUID), municipality(UUID), school(UUID)

        var column: String {
            switch self {
            case .region: "region_id"
            case .municipality: "municipality_id"
            case .school: "school_id"
            }
        }

        var id: UUID {
            switch self {
            case .region(let id), .municipality(let id), .school(let id): id
            }
        }
    }

    struct DrillDownKey: Hashable, Sendable {
        let target: UUID
        let indicator: InclusionIndicator
        let cycle: UUID
        let day: CalendarDate
    }

    /// The schools behind each cell opened, while the data they are made of stands.
    static let drillDowns = VersionedCache<DrillDownKey, [DrillDownRow]>(capacity: 2_000)

    static func drillDown(_ target: Target, indicator: InclusionIndicator, cycle: UUID, day: CalendarDate,
                          on db: Database) async throws -> [DrillDownRow] {
        try await VersionedCache.value(drillDowns, DrillDownKey(target: target.id, indicator: indicator, cycle: cycle, day: day),
                                       on: db) {
            try await freshDrillDown(target, indicator: indicator, cycle: cycle, day: day, on: db)
        }
    }

    static func freshDrillDown(_ target: Target, indicator: InclusionIndicator, cycle: UUID, day: CalendarDate,
                               on db: Database) async throws -> [DrillDownRow] {
        guard let sql = db as? SQLDatabase else { return [] }
        func schools(_ code: String) async throws -> Set<UUID> {
            let query = sql.select().column("school_id").from(InclusionFacts.table)
                .where("cycle_id", .equal, cycle).where("indicator", .equal, code)
                .where(target.column, .equal, target.id)
            asOf(day, query)
            return Set(try await query.all().map { try $0.decode(column: "school_id", as: UUID.self) })
        }
        let taking = try await schools(InclusionFacts.participating)
        let done = try await schools(indicator.rawValue)
        guard !taking.isEmpty else { return [] }
        let list = try await School.query(on: db).filter(\.$id ~~ Array(taking)).with(\.$municipality).all()
        return list.map { DrillDownRow(schoolID: $0.id!, school: $0.fullName, municipality: $0.municipality.name,
                                       done: done.contains($0.id!)) }
            .sorted { ($0.done ? 1 : 0, $0.municipality, $0.school) < ($1.done ? 1 : 0, $1.municipality, $1.school) }
    }

    // MARK: over time

    /// The share of the scope's schools that held the indicator on each of `days`.
    static func series(_ scope: DashboardScope, indicator: InclusionIndicator, cycle: UUID, days: [CalendarDate],
                       on db: Database) async throws -> [(CalendarDate, Tally)] {
        guard let sql = db as? SQLDatabase else { return [] }
        let query = sql.select().columns("indicator", "done_from", "done_until").from(InclusionFacts.table)
            .where("cycle_id", .equal, cycle)
            .where("indicator", .in, [InclusionFacts.participating, indicator.rawValue])
        if let municipality = scope.municipality?.id {
            query.where("municipality_id", .equal, municipality)
        } else if let region = scope.region?.id {
            query.where("region_id", .equal, region)
        }
        var taking: [DaySpan] = [], done: [DaySpan] = []
        for row in try await query.all() {
            guard let from = CalendarDate(try row.decode(column: "done_from", as: String.self)) else { continue }
            let until = try row.decode(column: "done_until", as: String?.self).flatMap(CalendarDate.init)
            let span = DaySpan(from: from, until: until)
            if try row.decode(column: "indicator", as: String.self) == InclusionFacts.participating { taking.append(span) } else { done.append(span) }
        }
        return days.map { day in
            (day, Tally(done: done.filter { $0.contains(day) }.count, total: taking.filter { $0.contains(day) }.count))
        }
    }
}

/// Values computed from the data of one version (the rollup, the territories and schools, the territories'
/// plans), kept in memory until the version changes. It is exact because every write of those bumps the version
/// in the writer's transaction (`InclusionFacts.registerMiddleware`), and a value is stored under the version
/// read before it was computed. A newer version drops the older one's. One per process (several processes each
/// keep their own and each checks the version).
actor VersionedCache<Key: Hashable & Sendable, Value: Sendable> {
    typealias Version = InclusionFacts.Version
    /// Beyond it the cache starts again.
    let capacity: Int
    private var versions: [UUID: Int64] = [:]
    private var entries: [Version: [Key: Value]] = [:]

    init(capacity: Int) { self.capacity = capacity }

    func value(_ key: Key, version: Version) -> Value? {
        entries[version]?[key]
    }

    func store(_ value: Value, _ key: Key, version: Version) {
        let newest = versions[version.epoch] ?? Int64.min
        guard version.number >= newest else { return }
        if version.number > newest {
            entries[Version(epoch: version.epoch, number: newest)] = nil
            versions[version.epoch] = version.number
        }
        if entries.values.reduce(0, { $0 + $1.count }) >= capacity { entries = [:] }
        entries[version, default: [:]][key] = value
    }

    /// The value under the current version, computed and kept if it is not there yet.
    static func value(_ cache: VersionedCache, _ key: Key, on db: Database,
                      compute: () async throws -> Value) async throws -> Value {
        guard let version = try await InclusionFacts.version(on: db) else { return try await compute() }
        if let known = await cache.value(key, version: version) { return known }
        let fresh = try await compute()
        await cache.store(fresh, key, version: version)
        return fresh
    }
}
