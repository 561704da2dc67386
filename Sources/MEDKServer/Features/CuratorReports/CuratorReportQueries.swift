import Fluent
import Foundation
import MEDKCore
import SQLKit

/// The two payments of the curators' work (seed 000, «Первая оплата работы кураторов (ФИОКО)» 15.06 and
/// «Финальная оплата работы кураторов (ФИОКО)» 01.12), each for the work since the one before.
enum CuratorPayment: String, CaseIterable, Sendable, Codable {
    case first, final

    func period(of cycle: Cycle) -> ReportPeriod {
        switch self {
        case .first:
            ReportPeriod(from: cycle.starts, to: min(cycle.ends, CalendarDate(year: cycle.year, month: 6, day: 15)!))
        case .final:
            ReportPeriod(from: max(cycle.starts, CalendarDate(year: cycle.year, month: 6, day: 16)!),
                         to: min(cycle.ends, CalendarDate(year: cycle.year, month: 12, day: 1)!))
        }
    }
}

/// The days a report covers, both ends included, judged in the region's own time zone.
struct ReportPeriod: Sendable, Codable, Equatable {
    let from: CalendarDate
    let to: CalendarDate

    func contains(_ day: CalendarDate) -> Bool { from <= day && day <= to }
}

/// One curator's work in a region over a period: what the payment is made on.
struct CuratorReportRow: Sendable, Codable, Equatable {
    var curatorID: UUID?
    var name: String
    var schools = 0
    var visitsInPerson = 0
    var visitsRemote = 0
    var decided = 0
    var returned = 0
    var medianDays: Double?
    var p90Days: Double?
    var overdueReviews = 0
    var chatMessages = 0
    var stepsCompleted = 0
}

/// A region's report: a row per curator and the region's total.
struct CuratorReport: Sendable, Codable, Equatable {
    let period: ReportPeriod
    let rows: [CuratorReportRow]
    let total: CuratorReportRow
}

enum CuratorReportQueries {
    /// The school's own steps a curator helps it through: the inclusion indicators that are the school's doing.
    static let schoolSteps: [InclusionIndicator] = [.questionnaireCompleted, .visitedAndVerified, .directionsActivated,
                                                     .conceptDocumentsApproved, .monitoring1Approved, .monitoring2Approved]

    /// Gathers the report from the history: visits by their day, review moves, chat messages and the rollup's
    /// steps, each inside the period as the region's clock reads it.
    static func gather(region: Region, cycle: Cycle, period: ReportPeriod, on db: Database) async throws -> CuratorReport {
        guard let sql = db as? SQLDatabase else { throw MigrationNeedsSQL() }
        let zone = region.zone
        let start = period.from.start(in: zone), end = period.to.adding(days: 1).start(in: zone)
        let taking = try await sql.select().column(SQLColumn("id", table: Participation.schema))
            .from(Participation.schema)
            .join(School.schema, on: SQLColumn("school_id", table: Participation.schema), .equal, SQLColumn("id", table: School.schema))
            .where(SQLColumn("cycle_id", table: Participation.schema), .equal, SQLBind(cycle.id!))
            .where(SQLColumn("region_id", table: School.schema), .equal, SQLBind(region.id!))
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !taking.isEmpty else { return CuratorReport(period: period, rows: [], total: CuratorReportRow(name: "")) }

        var rows: [UUID: CuratorReportRow] = [:]
        func add(_ curator: UUID, _ change: (inout CuratorReportRow) -> Void) {
            var row = rows[curator] ?? CuratorReportRow(curatorID: curator, name: "")
            change(&row)
            rows[curator] = row
        }

        // Who consulted which school at some time in the period.
        let assignments = try await CuratorAssignment.query(on: db).filter(\.$participation.$id ~~ taking)
            .filter(\.$startsOn <= period.to.iso)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= period.from.iso) }.all()
        var schoolsOf: [UUID: Set<UUID>] = [:]
        for assignment in assignments { schoolsOf[assignment.$curator.id, default: []].insert(assignment.$participation.id) }
        for (curator, participations) in schoolsOf { add(curator) { $0.schools = participations.count } }
        let assignmentsOf = Dictionary(grouping: assignments, by: { $0.$participation.id })
        func curators(of participation: UUID, on day: CalendarDate) -> [UUID] {
            (assignmentsOf[participation] ?? []).filter { $0.isActive(on: day) }.map { $0.$curator.id }
        }

        let visits = try await VisitRecord.query(on: db).filter(\.$participation.$id ~~ taking)
            .filter(\.$visitedOn >= period.from.iso).filter(\.$visitedOn <= period.to.iso).all()
        for visit in visits {
            add(visit.$curator.id) { visit.format == .remote ? ($0.visitsRemote += 1) : ($0.visitsInPerson += 1) }
        }

        // Decisions in the period, each timed from the submission it answered.
        var submittedAt: [UUID: (participation: UUID, at: Date)] = [:]
        var latencies: [UUID: [Double]] = [:]
        let events = try await sql.select().columns("participation_id", "item_id", "kind", "at", "actor_id", "actor_role")
            .from(ReviewEvent.schema).where("participation_id", .in, taking).where("at", .lessThan, end).orderBy("at").all()
        for event in events {
            let item = try event.decode(column: "item_id", as: UUID.self), at = try event.decode(column: "at", as: Date.self)
            switch ReviewEventKind(rawValue: try event.decode(column: "kind", as: String.self)) {
            case .submitted:
                submittedAt[item] = (try event.decode(column: "participation_id", as: UUID.self), at)
            case .approved, .returned:
                guard let since = submittedAt.removeValue(forKey: item), at >= start,
                      try event.decode(column: "actor_role", as: String.self) == Role.curator.rawValue else { continue }
                let curator = try event.decode(column: "actor_id", as: UUID.self)
                let waited = CalendarDate(at, in: zone).workingDays(since: CalendarDate(since.at, in: zone))
                let returned = try event.decode(column: "kind", as: String.self) == ReviewEventKind.returned.rawValue
                latencies[curator, default: []].append(at.timeIntervalSince(since.at) / 86_400)
                add(curator) {
                    $0.decided += 1
                    if returned { $0.returned += 1 }
                    if waited > CuratorWorkQueries.reviewDeadline { $0.overdueReviews += 1 }
                }
            case .withdrawn, .deleted:
                submittedAt[item] = nil
            default:
                break
            }
        }
        // Still waiting when the period ended, and already too long: the school's curators of that day answer for it.
        for (_, waiting) in submittedAt where period.to.workingDays(since: CalendarDate(waiting.at, in: zone)) > CuratorWorkQueries.reviewDeadline {
            for curator in curators(of: waiting.participation, on: period.to) { add(curator) { $0.overdueReviews += 1 } }
        }
        for (curator, values) in latencies {
            add(curator) {
                $0.medianDays = Percentile.median(values)
                $0.p90Days = Percentile.of(values, 0.9)
            }
        }

        for row in try await sql.select().column("author_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "messages")
            .from(ChatMessage.schema).where("participation_id", .in, taking).where("author_role", .equal, Role.curator.rawValue)
            .where("created_at", .greaterThanOrEqual, start).where("created_at", .lessThan, end)
            .groupBy("author_id").all() {
            let count = try row.decode(column: "messages", as: Int.self)
            add(try row.decode(column: "author_id", as: UUID.self)) { $0.chatMessages = count }
        }

        // A step counts in the period it was first done, for the curators the school had on that day.
        for row in try await sql.select().columns("participation_id", "indicator")
            .column(SQLFunction("MIN", args: SQLIdentifier("done_from")), as: "first")
            .from(InclusionFacts.table).where("cycle_id", .equal, cycle.id!).where("region_id", .equal, region.id!)
            .where("indicator", .in, schoolSteps.map(\.rawValue))
            .groupBy("participation_id").groupBy("indicator").all() {
            guard let first = CalendarDate(try row.decode(column: "first", as: String.self)), period.contains(first) else { continue }
            for curator in curators(of: try row.decode(column: "participation_id", as: UUID.self), on: first) {
                add(curator) { $0.stepsCompleted += 1 }
            }
        }

        let names = try await User.query(on: db).filter(\.$id ~~ Array(rows.keys)).all()
        for user in names { rows[user.id!]?.name = user.fullName }
        let sorted = rows.values.sorted { ($0.name, $0.curatorID?.uuidString ?? "") < ($1.name, $1.curatorID?.uuidString ?? "") }
        let all = latencies.values.flatMap { $0 }
        var total = CuratorReportRow(curatorID: nil, name: Strings.CuratorReports.total)
        total.schools = Set(assignments.map { $0.$participation.id }).count
        for row in sorted {
            total.visitsInPerson += row.visitsInPerson
            total.visitsRemote += row.visitsRemote
            total.decided += row.decided
            total.returned += row.returned
            total.overdueReviews += row.overdueReviews
            total.chatMessages += row.chatMessages
            total.stepsCompleted += row.stepsCompleted
        }
        total.medianDays = Percentile.median(all)
        total.p90Days = Percentile.of(all, 0.9)
        return CuratorReport(period: period, rows: sorted, total: total)
    }

    // MARK: confirmed reports

    /// Each region's confirmed versions of a payment in a cycle, newest first.
    static func confirmed(cycle: UUID, payment: CuratorPayment, region: UUID? = nil, on db: Database) async throws -> [CuratorReportRecord] {
        let query = CuratorReportRecord.query(on: db).filter(\.$cycleID == cycle).filter(\.$paymentCode == payment.rawValue)
        if let region { query.filter(\.$regionID == region) }
        return try await query.sort(\.$version, .descending).all()
    }

    static func report(of record: CuratorReportRecord) throws -> CuratorReport {
        try JSONDecoder().decode(CuratorReport.self, from: Data(record.rowsJSON.utf8))
    }

    /// Freezes the report as gathered now, as the next version. The version is taken inside the transaction and
    /// the unique index refuses a parallel twin, so two clicks at once cannot make two version 2s.
    static func confirm(_ report: CuratorReport, region: UUID, cycle: UUID, payment: CuratorPayment, by user: User,
                        at now: Date, on db: Database) async throws -> CuratorReportRecord {
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        return try await db.writeTransaction { db in
            let last = try await CuratorReportRecord.query(on: db).filter(\.$cycleID == cycle).filter(\.$regionID == region)
                .filter(\.$paymentCode == payment.rawValue).max(\.$version) ?? 0
            let record = CuratorReportRecord()
            record.cycleID = cycle
            record.regionID = region
            record.paymentCode = payment.rawValue
            record.periodFrom = report.period.from.iso
            record.periodTo = report.period.to.iso
            record.version = last + 1
            record.rowsJSON = json
            record.confirmedBy = user.id!
            record.confirmedByName = user.fullName
            record.confirmedAt = now
            try await record.create(on: db)
            try await AuditLog.record(.curatorReportConfirmed, by: user.id!, object: "curator_report", id: record.id,
                                      Strings.CuratorReports.auditText(payment, version: record.version), at: now, on: db)
            return record
        }
    }
}
