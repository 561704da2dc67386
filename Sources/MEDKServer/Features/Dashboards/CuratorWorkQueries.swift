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

    static func load(_ scope: DashboardScope, cycle: Cycle, today: CalendarDate, now: Date,
                     on db: Database) async throws -> CuratorWork {
        let key = InclusionQueries.TerritoryDay(territory: scope.id, cycle: cycle.id!, day: today)
        let work = try await VersionedCache.value(kept, key, on: db) {
            try await gather(scope, cycle: cycle, today: today, now: now, on: db)
        }
        return CuratorWork(scope: scope, day: today, rule: work.rule, curators: work.curators, schools: work.schools)
    }

    static func gather(_ scope: DashboardScope, cycle: Cycle, today: CalendarDate, now: Date,
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
        let zone = InclusionFacts.defaultZone

        // Items waiting for their curator, and how long.
        var waitingSince: [UUID: [Date]] = [:]
        for table in [Document.schema, SelfAssessmentRecord.schema, ProgramRecord.schema, MonitoringReportRecord.schema] {
            for row in try await sql.select().columns("participation_id", "submitted_at").from(table)
                .where("state", .equal, ReviewState.submitted.rawValue).where("participation_id", .in, ids).all() {
                let participation = try row.decode(column: "participation_id", as: UUID.self)
                waitingSince[participation, default: []].append(try row.decode(column: "submitted_at", as: Date?.self) ?? now)
            }
        }

        // Submission → decision, per deciding curator.
        var latencies: [UUID: [Double]] = [:]
        var submittedAt: [UUID: Date] = [:]
        let events = try await sql.select().columns("item_id", "kind", "at", "actor_id").from(ReviewEvent.schema)
            .where("participation_id", .in, ids)
            .where("kind", .in, [ReviewEventKind.submitted.rawValue, ReviewEventKind.approved.rawValue, ReviewEventKind.returned.rawValue])
            .orderBy("at").all()
        for row in events {
            let item = try row.decode(column: "item_id", as: UUID.self)
            let at = try row.decode(column: "at", as: Date.self)
            if try row.decode(column: "kind", as: String.self) == ReviewEventKind.submitted.rawValue {
                submittedAt[item] = at
            } else if let since = submittedAt.removeValue(forKey: item) {
                latencies[try row.decode(column: "actor_id", as: UUID.self), default: []].append(at.timeIntervalSince(since) / 86_400)
            }
        }

        let curatorIDs = Array(curatorRows.keys)
        var lastActivity: [UUID: Date] = [:]
        if !curatorIDs.isEmpty {
            for row in try await sql.select().column("actor_id").column(SQLFunction("MAX", args: SQLIdentifier("at")), as: "last")
                .from(ReviewEvent.schema).where("actor_id", .in, curatorIDs).groupBy("actor_id").all() {
                lastActivity[try row.decode(column: "actor_id", as: UUID.self)] = try row.decode(column: "last", as: Date?.self)
            }
        }
        let visits = try await VisitRecord.query(on: db).group(.or) { group in
            group.filter(\.$participation.$id ~~ ids)
            if !curatorIDs.isEmpty { group.filter(\.$curator.$id ~~ curatorIDs) }
        }.all()
        var lastVisit: [UUID: CalendarDate] = [:]
        for visit in visits {
            let curator = visit.$curator.id
            if let day = visit.day, day <= today {
                if day >= today.monthStart, curatorRows[curator] != nil { curatorRows[curator]!.visitsThisMonth += 1 }
                if taking[visit.$participation.id] != nil { lastVisit[visit.$participation.id] = max(lastVisit[visit.$participation.id] ?? day, day) }
            }
            if curatorRows[curator] != nil { lastActivity[curator] = max(lastActivity[curator] ?? visit.recordedAt, visit.recordedAt) }
        }

        for (curator, participations) in schoolsOf {
            var row = curatorRows[curator]!
            row.schools = participations.count
            let waiting = participations.flatMap { waitingSince[$0] ?? [] }
            row.waiting = waiting.count
            row.overdueReviews = waiting.filter { today.workingDays(since: CalendarDate($0, in: zone)) > reviewDeadline }.count
            row.medianDays = Percentile.median(latencies[curator] ?? [])
            row.p90Days = Percentile.of(latencies[curator] ?? [], 0.9)
            row.lastActivity = lastActivity[curator]
            curatorRows[curator] = row
        }

        // A school's own last move in its roadmap.
        for row in try await sql.select().column("participation_id").column(SQLFunction("MAX", args: SQLIdentifier("at")), as: "last")
            .from(ReviewEvent.schema).where("participation_id", .in, ids).where("actor_role", .equal, Role.school.rawValue)
            .groupBy("participation_id").all() {
            let participation = try row.decode(column: "participation_id", as: UUID.self)
            if let school = taking[participation], let last = try row.decode(column: "last", as: Date?.self) {
                schoolRows[school]?.lastAction = CalendarDate(last, in: zone)
            }
        }
        for (participation, school) in taking {
            schoolRows[school]?.lastVisit = lastVisit[participation]
            guard let assigned = assignedOn[participation] else { continue }
            let due = rule.nextVisitDue(lastVisit: lastVisit[participation], assignedOn: assigned)
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
    /// The cycle's rule: its own numbers if set, seed 001's otherwise; forming ends on the concept-documents date.
    static func rule(of cycle: Cycle, on db: Database) async throws -> VisitRule {
        let record = try await VisitRuleRecord.query(on: db).filter(\.$cycle.$id == cycle.id!).first()
        let until = try await CycleQueries.controlDates(of: cycle.id!, on: db)
            .first { $0.kind == ControlDateKind.conceptDocuments.rawValue }?.date
        return VisitRule(formingWeeks: record?.formingWeeks ?? VisitRule.defaultFormingWeeks,
                         carryingWeeks: record?.carryingWeeks ?? VisitRule.defaultCarryingWeeks, formingUntil: until)
    }
}
