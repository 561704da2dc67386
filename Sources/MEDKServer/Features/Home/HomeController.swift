import Fluent
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
            let schools = try await CuratorQueries.schools(of: principal.userID, on: req.today, db: req.db)
            return HomeViews.curator(PageContext(req), schools: schools)
        case .municipal, .regional:
            return try await SchoolController().list(req)
        case .federal:
            let cycle = try await req.currentCycle()
            let summaries = try await TerritoryQueries.regionSummaries(cycleID: cycle?.id, today: req.today, on: req.db)
            return HomeViews.federal(PageContext(req), cycle: cycle, regions: summaries)
        case .admin:
            let counts = AdminCounts(
                regions: try await Region.query(on: req.db).count(),
                municipalities: try await Municipality.query(on: req.db).count(),
                schools: try await School.query(on: req.db).count(),
                users: try await User.query(on: req.db).count())
            return HomeViews.admin(PageContext(req), counts: counts)
        case .expert:
            return HomeViews.expert(PageContext(req))
        }
    }
}

struct AdminCounts: Sendable {
    let regions, municipalities, schools, users: Int
}
