import Foundation
import Fluent
import MEDKCore

/// A row of a territory's school list.
struct SchoolListRow: Sendable {
    let school: School
    let participates: Bool
    let curators: [String]
}

struct SchoolFilter: Sendable {
    var regionID: UUID?
    var municipalityID: UUID?
    var search: String = ""
    var page: Int = 1
    static let pageSize = 50
}

enum SchoolQueries {
    /// Schools inside the actor's scope (a region, a municipality, or all), filtered and paged.
    static func list(within scope: Place, filter: SchoolFilter, cycleID: UUID?, today: CalendarDate,
                     on db: Database) async throws -> (rows: [SchoolListRow], total: Int) {
        let query = School.query(on: db)
        if let region = scope.regionID { query.filter(\.$region.$id == region) }
        if let municipality = scope.municipalityID { query.filter(\.$municipality.$id == municipality) }
        if let region = filter.regionID { query.filter(\.$region.$id == region) }
        if let municipality = filter.municipalityID { query.filter(\.$municipality.$id == municipality) }
        let search = filter.search.trimmingCharacters(in: .whitespaces).lowercased()
        if !search.isEmpty { query.filter(\.$searchText, .custom("LIKE"), "%\(escapeLike(search))%") }
        let total = try await query.count()
        let schools = try await query.with(\.$municipality).sort(\.$fullName)
            .range(lower: (max(filter.page, 1) - 1) * SchoolFilter.pageSize, upper: max(filter.page, 1) * SchoolFilter.pageSize)
            .all()
        let ids = schools.compactMap(\.id)
        var participating: [UUID: UUID] = [:]
        var curators: [UUID: [String]] = [:]
        if let cycleID, !ids.isEmpty {
            let participations = try await Participation.query(on: db).filter(\.$cycle.$id == cycleID)
                .filter(\.$school.$id ~~ ids).all()
            for participation in participations { participating[participation.$school.id] = participation.id }
            let byParticipation = Dictionary(uniqueKeysWithValues: participations.map { ($0.id!, $0.$school.id) })
            let assignments = try await CuratorQueries.active(on: today, CuratorAssignment.query(on: db)
                .filter(\.$participation.$id ~~ Array(byParticipation.keys))).with(\.$curator).all()
            for assignment in assignments {
                if let school = byParticipation[assignment.$participation.id] {
                    curators[school, default: []].append(assignment.curator.fullName)
                }
            }
        }
        let rows = schools.map { school in
            SchoolListRow(school: school, participates: participating[school.id!] != nil,
                          curators: (curators[school.id!] ?? []).sorted())
        }
        return (rows, total)
    }

    static func participation(school: UUID, cycle: UUID, on db: Database) async throws -> Participation? {
        try await Participation.query(on: db).filter(\.$school.$id == school).filter(\.$cycle.$id == cycle).first()
    }

    /// The school with its municipality and region loaded, or nil.
    static func find(_ id: UUID, on db: Database) async throws -> School? {
        try await School.query(on: db).filter(\.$id == id).with(\.$municipality).with(\.$region).first()
    }

    static func assignments(of participation: UUID, on db: Database) async throws -> [CuratorAssignment] {
        try await CuratorAssignment.query(on: db).filter(\.$participation.$id == participation).with(\.$curator)
            .sort(\.$startsOn, .descending).all()
    }

    /// `%` and `_` typed by a person are meant literally.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
