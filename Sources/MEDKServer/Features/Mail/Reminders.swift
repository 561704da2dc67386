import Fluent
import Foundation
import MEDKCore
import SQLKit
import Vapor

/// The daily reminders: control dates coming and missed, reviews waiting, visits and territory plan items due.
/// Each notice carries an idempotency key (kind, person, object, date), unique in the database: a second run, or
/// a run on another instance at the same time, writes nothing new. A run on a later day catches up what a missed
/// day would have sent (the key keeps it once).
enum Reminders {
    static let job = Jobs.Job(name: "reminders", slot: Jobs.daily(at: 6), lease: 1800) { app, now in
        let count = try await run(on: CalendarDate(now, in: InclusionFacts.defaultZone), at: now, db: app.db, mail: app.mailComposer)
        return Strings.Mail.remindersWritten(count)
    }

    /// A missed control date is announced within this many days after it; later the school's page says it.
    static let overdueWindow = 3
    /// A territory plan item is announced this many days before it is due.
    static let planItemNotice = 7

    /// Writes the day's reminders; returns how many notifications were new.
    static func run(on today: CalendarDate, at now: Date, db: Database, mail: MailComposer) async throws -> Int {
        var batch = ReminderBatch(at: now, mail: mail)
        let cycles = try await Cycle.query(on: db).filter(\.$statusCode == CycleStatus.open.rawValue).all()
            .filter { $0.starts <= today && today <= $0.ends }
        // How long each part takes, in the log: the national run has a budget (issue 14: under 30 s).
        var timings: [String] = []
        let clock = ContinuousClock()
        func timed(_ name: String, _ part: () async throws -> Void) async rethrows {
            let took = try await clock.measure(part)
            timings.append("\(name) \(took.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
        }
        for cycle in cycles {
            var people = People()
            try await timed("people") { people = try await People.load(cycle: cycle.id!, on: today, db: db) }
            try await timed("control dates") { try await controlDates(of: cycle, today: today, people: people, into: &batch, db: db) }
            try await timed("reviews") { try await waitingReviews(cycle: cycle, today: today, people: people, into: &batch, db: db) }
            try await timed("visits") { try await lateVisits(cycle: cycle, today: today, people: people, into: &batch, db: db) }
            try await timed("plans") { try await planItems(year: cycle.year, today: today, into: &batch, db: db) }
        }
        var written = 0
        try await timed("write \(batch.notices.count)") { written = try await batch.write(on: db) }
        logger.info("reminders \(today.iso): \(written) new; \(timings.joined(separator: ", "))")
        return written
    }

    private static let logger = Logger(label: "medk.reminders")

    // MARK: control dates

    private static func controlDates(of cycle: Cycle, today: CalendarDate, people: People, into batch: inout ReminderBatch,
                                     db: Database) async throws {
        let days = cycle.reminderDays
        for date in try await CycleQueries.controlDates(of: cycle.id!, on: db) {
            guard let kind = date.kind.flatMap(ControlDateKind.init), let due = date.date else { continue }
            let indicators = InclusionIndicator.perSchool.filter { $0.controlDate == kind }
            guard !indicators.isEmpty else { continue }
            let left = due.days(since: today)
            // The notice of the nearest reminder day not yet passed: 7 covers 7…2 days left, 1 covers 1…0.
            let notice: (NotificationKind, String)?
            if left >= 0, let day = days.filter({ $0 >= left }).min() {
                notice = (.controlDateSoon, "\(day)")
            } else if left < 0, -left <= overdueWindow {
                notice = (.controlDateOverdue, "late")
            } else {
                notice = nil
            }
            guard let (noticeKind, stage) = notice else { continue }
            for participation in try await notDone(indicators, cycle: cycle.id!, on: today, among: people, db: db) {
                guard let school = people.schools[participation] else { continue }
                var to = people.schoolUsers[school.id] ?? []
                to += people.curators[participation] ?? []
                if noticeKind == .controlDateOverdue { to += people.municipal[school.municipality] ?? [] }
                let summary = noticeKind == .controlDateSoon
                    ? Strings.Mail.controlDateSoon(school: school.name, event: date.event, due: due, daysLeft: left)
                    : Strings.Mail.controlDateOverdue(school: school.name, event: date.event, due: due)
                batch.add(noticeKind, to: to, key: "\(participation.uuidString):\(kind.rawValue):\(due.iso):\(stage)",
                          summary: summary, detail: date.details, school: school.id,
                          link: SiteURL.school(.value(school.id)).path)
            }
        }
    }

    /// The participations taking part today that do not hold every one of `indicators` today.
    private static func notDone(_ indicators: [InclusionIndicator], cycle: UUID, on today: CalendarDate, among people: People,
                                db: Database) async throws -> [UUID] {
        let sql = db as! SQLDatabase
        var holding: [UUID: Int] = [:]
        for row in try await sql.select().column("participation_id").from(InclusionFacts.table)
            .where("cycle_id", .equal, SQLBind(cycle)).where("indicator", .in, indicators.map(\.rawValue))
            .where("done_from", .lessThanOrEqual, SQLBind(today.iso))
            .where(group: { $0.where("done_until", .is, SQLLiteral.null).orWhere("done_until", .greaterThan, SQLBind(today.iso)) })
            .all() {
            holding[try row.decode(column: "participation_id", as: UUID.self), default: 0] += 1
        }
        return people.schools.keys.filter { (holding[$0] ?? 0) < indicators.count }.sorted { $0.uuidString < $1.uuidString }
    }

    // MARK: reviews waiting

    /// Items whose last move is a submission, waiting more than 5 working days → the curator; more than 10 → also the
    /// municipal coordinator. One notice per threshold and submission.
    private static func waitingReviews(cycle: Cycle, today: CalendarDate, people: People, into batch: inout ReminderBatch,
                                       db: Database) async throws {
        let sql = db as! SQLDatabase
        // Each item's last move as of now, by the database in one aggregate over the cycle (a scan it does once;
        // a thousand schools at a time it would do again and again), kept when it is a submission old enough to be
        // late (five working days span at least five calendar days).
        let now = batch.at
        let oldEnough = today.adding(days: -5).start(in: InclusionFacts.defaultZone)
        var waiting: [(item: UUID, participation: UUID, at: Date, title: String, url: String)] = []
        let rows = try await sql.raw("""
            SELECT e.participation_id, e.item_id, e.item_type, e.item_title, e.at FROM review_events e
            JOIN (SELECT r.item_id, MAX(r.at) AS last FROM review_events r JOIN participations p ON p.id = r.participation_id
                  WHERE p.cycle_id = \(bind: cycle.requireID()) AND r.at <= \(bind: now) GROUP BY r.item_id) l
              ON l.item_id = e.item_id AND l.last = e.at
            WHERE e.to_state = \(bind: ReviewState.submitted.rawValue) AND e.at < \(bind: oldEnough)
            """).all()
        for row in rows {
            let participation = try row.decode(column: "participation_id", as: UUID.self)
            guard let school = people.schools[participation] else { continue }
            let item = try row.decode(column: "item_id", as: UUID.self)
            let type = try row.decode(column: "item_type", as: String.self)
            waiting.append((item, participation, try row.decode(column: "at", as: Date.self), try row.decode(column: "item_title", as: String.self),
                            RoadmapViews.itemURL(itemType: type, itemID: item, schoolID: school.id)))
        }
        for move in waiting {
            let item = move.item
            guard let school = people.schools[move.participation] else { continue }
            let since = CalendarDate(move.at, in: school.zone)
            let waited = today.workingDays(since: since)
            for threshold in [10, 5] where waited > threshold {
                var to = people.curators[move.participation] ?? []
                if threshold == 10 { to += people.municipal[school.municipality] ?? [] }
                batch.add(.reviewWaiting, to: to, key: "\(item.uuidString):\(since.iso):\(threshold)",
                          summary: Strings.Mail.reviewWaiting(school: school.name, title: move.title, days: waited),
                          detail: "", school: school.id, link: move.url)
                break
            }
        }
    }

    // MARK: visits

    /// A curator past the visit rule's date for a school → the curator, once per missed date. The rule is the
    /// curators' work table's (`VisitRule.nextVisitDue`), from the visits known by today.
    private static func lateVisits(cycle: Cycle, today: CalendarDate, people: People, into batch: inout ReminderBatch,
                                   db: Database) async throws {
        let rule = try await VisitRules.rule(of: cycle, on: db)
        let sql = db as! SQLDatabase
        var lastVisit: [UUID: CalendarDate] = [:]
        let ids = Array(people.assignedOn.keys)
        for start in stride(from: 0, to: ids.count, by: 1000) {
            for row in try await sql.select().columns("participation_id", "visited_on", "counts_from").from(VisitRecord.schema)
                .where("participation_id", .in, Array(ids[start..<min(start + 1000, ids.count)])).all() {
                // Known by today: its day and the day it was recorded (the later of the two is `counts_from`) are past.
                guard let known = CalendarDate(try row.decode(column: "counts_from", as: String.self)), known <= today,
                      let day = CalendarDate(try row.decode(column: "visited_on", as: String.self)) else { continue }
                let participation = try row.decode(column: "participation_id", as: UUID.self)
                lastVisit[participation] = max(lastVisit[participation] ?? day, day)
            }
        }
        let approved = try await VisitRules.conceptApproved(of: ids, by: today, on: db)
        for (participation, assigned) in people.assignedOn {
            guard let school = people.schools[participation] else { continue }
            let due = rule.nextVisitDue(lastVisit: lastVisit[participation], assignedOn: assigned,
                                        conceptApprovedOn: approved[participation])
            guard today > due else { continue }
            batch.add(.visitOverdue, to: people.curators[participation] ?? [], key: "\(participation.uuidString):\(due.iso)",
                      summary: Strings.Mail.visitOverdue(school: school.name, due: due), detail: "", school: school.id,
                      link: SiteURL.school(.value(school.id)).path)
        }
    }

    // MARK: territory plans

    /// Items of territories' plans-schedules due within a week, or overdue, not marked done → that territory's
    /// coordinators: once a week before, once when overdue.
    private static func planItems(year: Int, today: CalendarDate, into batch: inout ReminderBatch, db: Database) async throws {
        let plans = try await TerritoryRoadmapRecord.query(on: db).filter(\.$cycleYear == year).all()
        guard !plans.isEmpty else { return }
        let items = try await RoadmapItemRecord.query(on: db).filter(\.$roadmap.$id ~~ plans.compactMap(\.id))
            .filter(\.$isHeading == false).filter(\.$dueDate != nil).all()
        let done = Set(try await RoadmapItemMark.query(on: db).filter(\.$roadmap.$id ~~ plans.compactMap(\.id))
            .filter(\.$isDone == true).all().map { $0.$item.id })
        let grants = try await RoleGrant.query(on: db).filter(\.$roleCode ~~ [Role.regional.rawValue, Role.municipal.rawValue]).all()
        let planOf = Dictionary(uniqueKeysWithValues: plans.map { ($0.id!, $0) })
        for item in items where !done.contains(item.id!) {
            guard let due = item.dueDate.flatMap(CalendarDate.init), let plan = planOf[item.$roadmap.id] else { continue }
            let left = due.days(since: today)
            let stage = left < 0 ? "late" : left <= planItemNotice ? "soon" : nil
            guard let stage else { continue }
            let coordinators = grants.filter { grant in
                plan.$municipality.id.map { grant.roleCode == Role.municipal.rawValue && grant.$municipality.id == $0 }
                    ?? (grant.roleCode == Role.regional.rawValue && grant.$region.id == plan.$region.id)
            }.map { $0.$user.id }
            batch.add(.planItemDue, to: coordinators, key: "\(item.id!.uuidString):\(due.iso):\(stage)",
                      summary: Strings.Mail.planItem(title: plan.title, action: item.action, due: due, late: left < 0),
                      detail: "", school: nil, link: SiteURL.territoryRoadmap(.value(plan.id!)).path)
        }
    }
}

/// Who is who in a cycle on a day: its schools taking part, their users, curators and municipal coordinators.
struct People: Sendable {
    struct SchoolInfo: Sendable {
        let id: UUID
        let name: String
        let municipality: UUID
        let zone: TimeZone
    }

    var schools: [UUID: SchoolInfo] = [:]
    var participationOf: [UUID: UUID] = [:]
    var schoolUsers: [UUID: [UUID]] = [:]
    var curators: [UUID: [UUID]] = [:]
    /// The first day of the current curators' assignment, per participation: the visit rule counts from it.
    var assignedOn: [UUID: CalendarDate] = [:]
    var municipal: [UUID: [UUID]] = [:]

    /// Read with SQL and only the columns needed: at national scale these are tens of thousands of rows.
    static func load(cycle: UUID, on today: CalendarDate, db: Database) async throws -> People {
        var people = People()
        let sql = db as! SQLDatabase
        let taking = try await CuratorWorkQueries.participations(.country, cycle: cycle, day: today, on: db)
        guard !taking.isEmpty else { return people }
        let zones = Dictionary(uniqueKeysWithValues: try await Region.query(on: db).all().map { ($0.id!, $0.zone) })
        let schoolOf = taking
        let schoolIDs = Array(Set(taking.values))
        var schools: [UUID: SchoolInfo] = [:]
        for start in stride(from: 0, to: schoolIDs.count, by: 1000) {
            for row in try await sql.select().columns("id", "short_name", "municipality_id", "region_id").from(School.schema)
                .where("id", .in, Array(schoolIDs[start..<min(start + 1000, schoolIDs.count)])).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                schools[id] = SchoolInfo(id: id, name: try row.decode(column: "short_name", as: String.self),
                                         municipality: try row.decode(column: "municipality_id", as: UUID.self),
                                         zone: zones[try row.decode(column: "region_id", as: UUID.self)] ?? InclusionFacts.defaultZone)
            }
        }
        for (participation, schoolID) in schoolOf {
            guard let school = schools[schoolID] else { continue }
            people.schools[participation] = school
            people.participationOf[schoolID] = participation
        }
        let participations = Array(taking.keys)
        for start in stride(from: 0, to: participations.count, by: 1000) {
            for row in try await sql.select().columns("participation_id", "curator_id", "starts_on").from(CuratorAssignment.schema)
                .where("participation_id", .in, Array(participations[start..<min(start + 1000, participations.count)]))
                .where("starts_on", .lessThanOrEqual, SQLBind(today.iso))
                .where(group: { $0.where("ends_on", .is, SQLLiteral.null).orWhere("ends_on", .greaterThanOrEqual, SQLBind(today.iso)) })
                .all() {
                let participation = try row.decode(column: "participation_id", as: UUID.self)
                people.curators[participation, default: []].append(try row.decode(column: "curator_id", as: UUID.self))
                if let start = CalendarDate(try row.decode(column: "starts_on", as: String.self)) {
                    people.assignedOn[participation] = min(people.assignedOn[participation] ?? start, start)
                }
            }
        }
        for row in try await sql.select().columns("user_id", "role", "school_id", "municipality_id").from(RoleGrant.schema)
            .where("role", .in, [Role.school.rawValue, Role.municipal.rawValue]).all() {
            let user = try row.decode(column: "user_id", as: UUID.self)
            if try row.decode(column: "role", as: String.self) == Role.school.rawValue {
                if let school = try row.decode(column: "school_id", as: UUID?.self), people.participationOf[school] != nil {
                    people.schoolUsers[school, default: []].append(user)
                }
            } else if let municipality = try row.decode(column: "municipality_id", as: UUID?.self) {
                people.municipal[municipality, default: []].append(user)
            }
        }
        return people
    }
}
