import Foundation
import Fluent
import MEDKCore
import SQLKit

/// A region's line on the federal coordinator's home page.
struct RegionSummary: Sendable {
    let region: Region
    let participatingSchools: Int
    let schoolsWithCurator: Int
    let curators: Int
}

enum TerritoryQueries {
    static func regions(on db: Database) async throws -> [Region] {
        try await Region.query(on: db).sort(\.$name).all()
    }

    /// Municipalities inside a scope (all, a region, or one municipality), with their regions loaded.
    static func municipalities(within scope: Place, on db: Database) async throws -> [Municipality] {
        let query = Municipality.query(on: db).with(\.$region).sort(\.$name)
        if let region = scope.regionID { query.filter(\.$region.$id == region) }
        if let municipality = scope.municipalityID { query.filter(\.$id == municipality) }
        return try await query.all()
    }

    /// Participating schools and their curators per region, counted in the database.
    static func regionSummaries(cycleID: UUID?, today: CalendarDate, on db: Database) async throws -> [RegionSummary] {
        let regions = try await regions(on: db)
        guard let cycleID, let sql = db as? SQLDatabase else {
            return regions.map { RegionSummary(region: $0, participatingSchools: 0, schoolsWithCurator: 0, curators: 0) }
        }
        let schoolRows = try await sql.raw("""
            SELECT s.region_id AS region_id, COUNT(p.id) AS schools
            FROM participations p JOIN schools s ON s.id = p.school_id
            WHERE p.cycle_id = \(bind: cycleID) AND p.left_on IS NULL
            GROUP BY s.region_id
            """).all()
        let curatorRows = try await sql.raw("""
            SELECT s.region_id AS region_id, COUNT(DISTINCT a.participation_id) AS schools,
                   COUNT(DISTINCT a.curator_id) AS curators
            FROM curator_assignments a
            JOIN participations p ON p.id = a.participation_id
            JOIN schools s ON s.id = p.school_id
            WHERE p.cycle_id = \(bind: cycleID) AND p.left_on IS NULL
              AND a.starts_on <= \(bind: today.iso) AND (a.ends_on IS NULL OR a.ends_on >= \(bind: today.iso))
            GROUP BY s.region_id
            """).all()
        var schools: [UUID: Int] = [:]
        for row in schoolRows { schools[try row.decode(column: "region_id", as: UUID.self)] = try row.decode(column: "schools", as: Int.self) }
        var withCurator: [UUID: (Int, Int)] = [:]
        for row in curatorRows {
            withCurator[try row.decode(column: "region_id", as: UUID.self)] =
                (try row.decode(column: "schools", as: Int.self), try row.decode(column: "curators", as: Int.self))
        }
        return regions.map { region in
            RegionSummary(region: region, participatingSchools: schools[region.id!] ?? 0,
                          schoolsWithCurator: withCurator[region.id!]?.0 ?? 0, curators: withCurator[region.id!]?.1 ?? 0)
        }
    }

    /// Everything an import is validated against. School codes and logins are unique across the
    /// whole installation, so all of them are checked, not only those in the actor's scope.
    static func directory(on db: Database) async throws -> Directory {
        let regions = try await regions(on: db)
        let municipalities = try await Municipality.query(on: db).all()
        let schools = try await School.query(on: db).all()
        let users = try await User.query(on: db).with(\.$grants).all()
        return Directory(
            regions: regions.map { .init(id: $0.id!, name: $0.name) },
            municipalities: municipalities.map { .init(id: $0.id!, regionID: $0.$region.id, name: $0.name) },
            schools: schools.map { .init(id: $0.id!, municipalityID: $0.$municipality.id, regionID: $0.$region.id,
                                         fullName: $0.fullName, code: $0.code) },
            users: Dictionary(users.map { user in
                (user.login, Directory.Person(fullName: user.fullName,
                                              grants: user.grants.compactMap { grant in grant.role.map { ($0, grant.place) } }))
            }, uniquingKeysWith: { a, _ in a })
        )
    }
}
