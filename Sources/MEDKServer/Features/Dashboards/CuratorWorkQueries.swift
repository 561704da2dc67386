import Fluent
import Foundation
import MEDKCore
import SQLKit

/// One curator's row of the work table.
struct CuratorWorkRow: Sendable {
    let curatorID: UUID
    let name: String
    var schools = 0
    var waiting = 0
    var medianDays: Double?
    var p90Days: Double?
    var overdueReviews = 0
    var visitsThisMonth = 0
    var lastActivity: Date?
}

/// One school's row: when it last acted and whether its curator is overdue a visit.
struct SchoolWorkRow: Sendable {
    let schoolID: UUID
    let school: String
    let municipality: String
    var curators: [String] = []
    var lastAction: CalendarDate?
    var lastVisit: CalendarDate?
    var nextVisit: CalendarDate?
    var visitOverdue = false

    func daysSinceAction(_ today: CalendarDate) -> Int? { lastAction.map { today.days(since: $0) } }
}

struct CuratorWork: Sendable {
    let scope: DashboardScope
    let day: CalendarDate
    let rule: VisitRule
    let curators: [CuratorWorkRow]
    let schools: [SchoolWorkRow]

    var overdueVisits: Int { schools.filter(\.visitOverdue).count }
}

enum CuratorWorkQueries {
    /// Reviews waiting longer than this many working days are overdue (seed 000: the curator answers within a week).
    static let reviewDeadline = 5

    /// Each territory's work as last gathered, while the data it is made of stands (everything it reads bumps
    /// the version: review events, visits, assignments, people, schools, the visit rule). Gathering a region's
    /// decisions takes a few hundred milliseconds at national scale.
    static let kept = VersionedCache<InclusionQueries.TerritoryDay, CuratorWork>(capacity: 500)

    static func load(_ scope: DashboardScope, cycle: Cycle, today: CalendarDate,
                     on db: Database) async throws -> CuratorWork {
        let key = InclusionQueries.TerritoryDay(territory: scope.id, cycle: cycle.id!, day: today)
        let work = try await VersionedCache.value(kept, key, on: db) {
            try await gather(scope, cycle: cycle, today: today, on: db)
        }
        return CuratorWork(scope: scope, day: today, rule: work.rule, curators: work.curators, schools: work.schools)
    }

    static func gather(_ scope: DashboardScope, cycle: Cycle, today: CalendarDate,
                       on db: Database) async throws -> CuratorWork {
        let rule = try await VisitRules.rule(of: cycle, on: db)
        let taking = try await participations(scope, cycle: cycle.id!, day: today, on: db)
        let ids = Array(taking.keys)
        guard !ids.isEmpty, let sql = db as? SQLDatabase else {
            return CuratorWork(scope: scope, day: today, rule: rule, curators: [], schools: [])
        }
        let assignments = try await CuratorQueries.active(on: today, CuratorAssignment.query(on: db)
            .filter(\.$participation.$id ~~ ids)).with(\.$curator).all()
        let schools = try await School.query(on: db).filter(\.$id ~~ Array(Set(taking.values))).with(\.$municipality).all()
        var schoolRows: [UUID: SchoolWorkRow] = [:]
        for school in schools {
            schoolRows[school.id!] = SchoolWorkRow(schoolID: school.id!, school: school.fullName, municipality: school.municipality.name)
        }
        var curatorRows: [UUID: CuratorWorkRow] = [:]
        var schoolsOf: [UUID: Set<UUID>] = [:]
        var assignedOn: [UUID: CalendarDate] = [:]
        for assignment in assignments {
            let curator = assignment.$curator.id, participation = assignment.$participation.id
            curatorRows[curator] = curatorRows[curator] ?? CuratorWorkRow(curatorID: curator, name: assignment.curator.fullName)
            schoolsOf[curator, default: []].insert(participation)
            if let school = taking[participation] { schoolRows[school]?.curators.append(assignment.curator.fullName) }
            if let start = CalendarDate(assignment.startsOn) { assignedOn[participation] = min(assignedOn[participation] ?? start, start) }
        }
        // Only what was known by the end of the day, in each school's own zone: a page as of a past date reads
        // the same whatever happened after it.
        var zoneOf: [UUID: TimeZone] = [:]
        let regionZones = Dictionary(uniqueKeysWithValues: try await Region.query(on: db).all().map { ($0.id!, $0.zone) })
        let schoolZone = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, regionZones[$0.$region.id] ?? InclusionFacts.defaultZone) })
        for (participation, school) in taking { zoneOf[participation] = schoolZone[school] }
        func dayOf(_ moment: Date, _ participation: UUID) -> CalendarDate {
            CalendarDate(moment, in: zoneOf[participation] ?? InclusionFacts.defaultZone)
        }
        // No zone is more than a day from Moscow, so this bounds the read; the exact cut is per school below.
        let readUntil = today.adding(days: 2).start(in: InclusionFacts.defaultZone)

        // Each item's state as its last known move left it, how long it waited per deciding curator,
        // and the school's own last move.
        var latest: [UUID: (participation: UUID, state: String, at: Date)] = [:]
        var latencies: [UUID: [Double]] = [:]
        var submittedAt: [UUID: Date] = [:]
        var lastSchoolMove: [UUID: Date] = [:]
        let events = try await sql.select().columns("participation_id", "item_id", "kind", "to_state", "at", "actor_id", "actor_role")
            .from(ReviewEvent.schema).where("participation_id", .in, ids).where("at", .lessThan, readUntil)
            .orderBy("at").all()
        for row in events {
            let participation = try row.decode(column: "participation_id", as: UUID.self)
            let at = try row.decode(column: "at", as: Date.self)
            guard dayOf(at, participation) <= today else { continue }
            let item = try row.decode(column: "item_id", as: UUID.self)
            latest[item] = (participation, try row.decode(column: "to_state", as: String.self), at)
            if try row.decode(column: "actor_role", as: String.self) == Role.school.rawValue {
                lastSchoolMove[participation] = at
            }
            switch ReviewEventKind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .submitted:
                submittedAt[item] = at
            case .approved, .returned:
                if let since = submittedAt.removeValue(forKey: item) {
                    latencies[try row.decode(column: "actor_id", as: UUID.self), default: []].append(at.timeIntervalSince(since) / 86_400)
                }
            default:
                break
            }
        }
        var waitingSince: [UUID: [Date]] = [:]
        for move in latest.values where move.state == ReviewState.submitted.rawValue {
            waitingSince[move.participation, default: []].append(move.at)
        }

        let curatorIDs = Array(curatorRows.keys)
        var lastActivity: [UUID: Date] = [:]
        if !curatorIDs.isEmpty {
            // Per curator and school, so each move is judged by its school's day.
            for row in try await sql.select().columns("actor_id", "participation_id")
                .column(SQLFunction("MAX", args: SQLIdentifier("at")), as: "last")
                .from(ReviewEvent.schema).where("actor_id", .in, curatorIDs).where("at", .lessThan, readUntil)
                .groupBy("actor_id").groupBy("participation_id").all() {
                let curator = try row.decode(column: "actor_id", as: UUID.self)
                let participation = try row.decode(column: "participation_id", as: UUID.self)
                guard let last = try row.decode(column: "last", as: Date?.self), dayOf(last, participation) <= today else { continue }
                lastActivity[curator] = max(lastActivity[curator] ?? last, last)
            }
        }
        let visits = try await VisitRecord.query(on: db).filter(\.$recordedAt < readUntil).group(.or) { group in
            group.filter(\.$participation.$id ~~ ids)
            if !curatorIDs.isEmpty { group.filter(\.$curator.$id ~~ curatorIDs) }
        }.all()
        var lastVisit: [UUID: CalendarDate] = [:]
        for visit in visits {
            let curator = visit.$curator.id, participation = visit.$participation.id
            // A visit entered later for an earlier day was not known on that day.
            guard dayOf(visit.recordedAt, participation) <= today else { continue }
            if let day = visit.day, day <= today {
                if day >= today.monthStart, curatorRows[curator] != nil { curatorRows[curator]!.visitsThisMonth += 1 }
                if taking[participation] != nil { lastVisit[participation] = max(lastVisit[participation] ?? day, day) }
            }
            if curatorRows[curator] != nil { lastActivity[curator] = max(lastActivity[curator] ?? visit.recordedAt, visit.recordedAt) }
        }

        for (curator, participations) in schoolsOf {
            var row = curatorRows[curator]!
            row.schools = participations.count
            let waiting = participations.flatMap { participation in (waitingSince[participation] ?? []).map { dayOf($0, participation) } }
            row.waiting = waiting.count
            row.overdueReviews = waiting.filter { today.workingDays(since: $0) > reviewDeadline }.count
            row.medianDays = Percentile.median(latencies[curator] ?? [])
            row.p90Days = Percentile.of(latencies[curator] ?? [], 0.9)
            row.lastActivity = lastActivity[curator]
            curatorRows[curator] = row
        }
        for (participation, last) in lastSchoolMove {
            if let school = taking[participation] { schoolRows[school]?.lastAction = dayOf(last, participation) }
        }
        let approved = try await VisitRules.conceptApproved(of: ids, by: today, on: db)
        for (participation, school) in taking {
            schoolRows[school]?.lastVisit = lastVisit[participation]
            guard let assigned = assignedOn[participation] else { continue }
            let due = rule.nextVisitDue(lastVisit: lastVisit[participation], assignedOn: assigned,
                                        conceptApprovedOn: approved[participation])
            schoolRows[school]?.nextVisit = due
            schoolRows[school]?.visitOverdue = today > due
        }
        return CuratorWork(scope: scope, day: today, rule: rule,
                           curators: curatorRows.values.sorted { $0.name < $1.name },
                           schools: schoolRows.values.sorted { ($0.visitOverdue ? 0 : 1, $0.municipality, $0.school)
                               < ($1.visitOverdue ? 0 : 1, $1.municipality, $1.school) })
    }

    /// Participation → school for the scope's schools taking part on the day (from the rollup).
    static func participations(_ scope: DashboardScope, cycle: UUID, day: CalendarDate,
                               on db: Database) async throws -> [UUID: UUID] {
        guard let sql = db as? SQLDatabase else { return [:] }
        let query = sql.select().columns("participation_id", "school_id").from(InclusionFacts.table)
            .where("cycle_id", .equal, cycle).where("indicator", .equal, InclusionFacts.participating)
            .where("done_from", .lessThanOrEqual, day.iso)
            .where(group: { $0.where("done_until", .is, SQLLiteral.null).orWhere("done_until", .greaterThan, day.iso) })
        if let municipality = scope.municipality?.id {
            query.where("municipality_id", .equal, municipality)
        } else if let region = scope.region?.id {
            query.where("region_id", .equal, region)
        }
        var result: [UUID: UUID] = [:]
        for row in try await query.all() {
            result[try row.decode(column: "participation_id", as: UUID.self)] = try row.decode(column: "school_id", as: UUID.self)
        }
        return result
    }
}

enum VisitRules {
    /// The cycle's rule: its own numbers if set, seed 001's otherwise; the first visit by «Первичное посещение ОО»,
    /// forming ends on the concept-documents date at the latest.
    static func rule(of cycle: Cycle, on db: Database) async throws -> VisitRule {
        let record = try await VisitRuleRecord.query(on: db).filter(\.$cycle.$id == cycle.id!).first()
        let dates = try await CycleQueries.controlDates(of: cycle.id!, on: db)
        func date(_ kind: ControlDateKind) -> CalendarDate? { dates.first { $0.kind == kind.rawValue }?.date }
        return VisitRule(formingWeeks: record?.formingWeeks ?? VisitRule.defaultFormingWeeks,
                         carryingWeeks: record?.carryingWeeks ?? VisitRule.defaultCarryingWeeks,
                         formingUntil: date(.conceptDocuments), firstVisitBy: date(.firstVisit))
    }

    /// The first day each participation's concept documents stood approved, as known on `today` (from the rollup,
    /// whose days are the school's own): where the weekly visits end for that school.
    static func conceptApproved(of participations: [UUID], by today: CalendarDate,
                                on db: Database) async throws -> [UUID: CalendarDate] {
        guard let sql = db as? SQLDatabase else { return [:] }
        var approved: [UUID: CalendarDate] = [:]
        for start in stride(from: 0, to: participations.count, by: 1000) {
            let rows = try await sql.select().columns("participation_id", "done_from").from(InclusionFacts.table)
                .where("participation_id", .in, Array(participations[start..<min(start + 1000, participations.count)]))
                .where("indicator", .equal, InclusionIndicator.conceptDocumentsApproved.rawValue)
                .where("done_from", .lessThanOrEqual, today.iso).all()
            for row in rows {
                guard let day = CalendarDate(try row.decode(column: "done_from", as: String.self)) else { continue }
                let participation = try row.decode(column: "participation_id", as: UUID.self)
                approved[participation] = min(approved[participation] ?? day, day)
            }
        }
        return approved
    }
}
