import Foundation
import Fluent
import MEDKCore

enum CuratorQueries {
    /// Schools whose participation the curator is assigned to on the given day.
    static func assignedSchoolIDs(curator: UUID, on day: CalendarDate, db: Database) async throws -> Set<UUID> {
        let assignments = try await active(on: day, db.query(CuratorAssignment.self).filter(\.$curator.$id == curator))
            .with(\.$participation).all()
        return Set(assignments.map { $0.participation.$school.id })
    }

    /// Restricts an assignment query to those in force on the day (both ends included).
    static func active(on day: CalendarDate, _ query: QueryBuilder<CuratorAssignment>) -> QueryBuilder<CuratorAssignment> {
        query.filter(\.$startsOn <= day.iso)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= day.iso) }
    }

    /// The curator's schools today, for its home page.
    static func schools(of curator: UUID, on day: CalendarDate, db: Database) async throws -> [(assignment: CuratorAssignment, school: School)] {
        let assignments = try await active(on: day, CuratorAssignment.query(on: db).filter(\.$curator.$id == curator))
            .with(\.$participation) { $0.with(\.$school) { $0.with(\.$municipality).with(\.$region) } }
            .all()
        // The programme year of that day: a curator carried into the next year holds an assignment in each.
        let cycle = try await CycleQueries.current(on: db, today: day)
        return assignments.filter { $0.participation.$cycle.id == cycle?.id }.map { ($0, $0.participation.school) }
            .sorted { $0.school.fullName < $1.school.fullName }
    }

    /// People who may be assigned as curators in a region: holders of the region's curator grant.
    static func pool(region: UUID, db: Database) async throws -> [User] {
        let grants = try await RoleGrant.query(on: db).filter(\.$roleCode == Role.curator.rawValue)
            .filter(\.$region.$id == region).with(\.$user).all()
        return grants.map(\.user).filter(\.isActive).sorted { $0.fullName < $1.fullName }
    }
}
