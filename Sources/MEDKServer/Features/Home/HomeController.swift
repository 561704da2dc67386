import Fluent
import SQLKit
import MEDKCore
import Vapor

/// Each role lands on the page it works from every day.
struct HomeController {
    func root(_ req: Request) async throws -> Response {
        req.redirect(to: req.principal == nil ? SiteURL.login.path : SiteURL.home.path)
    }

    func home(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        switch principal.role {
        case .school:
            guard let schoolID = principal.actor.scope.schoolID,
                  let school = try await SchoolQueries.find(schoolID, on: req.db) else { throw Abort(.notFound) }
            let page = try await SchoolPage.load(school, for: principal, today: req.today, on: req.db)
            return SchoolViews.card(PageContext(req), page, asHome: true)
        case .curator:
            return HomeViews.curator(PageContext(req), try await CuratorToDo.load(principal, today: req.today, on: req.db),
                                     now: req.now)
        case .municipal, .regional:
            return try await SchoolController().list(req, attention: try await Attention.load(principal, today: req.today, on: req))
        case .federal:
            let cycle = try await req.currentCycle()
            let summaries = try await TerritoryQueries.regionSummaries(cycleID: cycle?.id, today: req.today, on: req.db)
            return HomeViews.federal(PageContext(req), cycle: cycle, regions: summaries,
                                     attention: try await Attention.load(principal, today: req.today, on: req))
        case .admin:
            let counts = AdminCounts(
                regions: try await Region.query(on: req.db).count(),
                municipalities: try await Municipality.query(on: req.db).count(),
                schools: try await School.query(on: req.db).count(),
                users: try await User.query(on: req.db).count())
            return HomeViews.admin(PageContext(req), counts: counts)
        case .expert:
            // An expert's work is its sheets: its home is the list of them.
            return try await ExpertiseController().index(req)
        }
    }
}

/// What a curator must do now: items waiting (oldest first), visits overdue under the cycle's rule, and schools
/// that have not moved in their roadmap for two weeks.
struct CuratorToDo: Sendable {
    static let silentDays = 14

    struct Silent: Sendable {
        let school: School
        let lastMove: CalendarDate?
    }

    let queue: [QueueItem]
    let schedule: CuratorSchedule.Loaded
    let silent: [Silent]
    var overdueVisits: [VisitSchoolRow] { schedule.rows.filter(\.overdue) }

    static func load(_ principal: Principal, today: CalendarDate, on db: Database) async throws -> CuratorToDo {
        let schedule = try await CuratorSchedule.load(curator: principal.userID, today: today, on: db)
        let queue = try await ReviewQueries.queue(for: principal.actor, today: today, on: db)
        var lastMove: [UUID: Date] = [:]
        if let sql = db as? SQLDatabase, !schedule.rows.isEmpty {
            for row in try await sql.select().column("participation_id").column(SQLFunction("MAX", args: SQLIdentifier("at")), as: "last")
                .from(ReviewEvent.schema).where("participation_id", .in, schedule.rows.map(\.participationID))
                .where("actor_role", .equal, Role.school.rawValue).groupBy("participation_id").all() {
                lastMove[try row.decode(column: "participation_id", as: UUID.self)] = try row.decode(column: "last", as: Date?.self)
            }
        }
        let silent = schedule.rows.compactMap { row -> Silent? in
            let last = lastMove[row.participationID].map { CalendarDate($0, in: row.school.region.zone) }
            // A school assigned less than two weeks ago is not silent yet.
            let since = last ?? row.assignedOn
            return today.days(since: since) >= silentDays ? Silent(school: row.school, lastMove: last) : nil
        }
        return CuratorToDo(queue: queue, schedule: schedule, silent: silent)
    }
}

struct AdminCounts: Sendable {
    let regions, municipalities, schools, users: Int
}
