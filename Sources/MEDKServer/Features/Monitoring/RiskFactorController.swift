import Fluent
import MEDKCore
import Vapor

/// Seed 003's fourth monitoring (issue 16): per risk factor, what the profiles diagnosed, the curators confirmed or
/// added, the schools found actual and chose, for a region or municipality and a programme year, with the change
/// since the previous year and the schools behind every figure.
struct RiskFactorController {
    typealias R = Strings.RiskFactors

    func page(_ req: Request) async throws -> Response {
        let (scope, cycle) = try await context(req)
        guard scope.level != .country else {
            let regions = try await Region.query(on: req.db).sort(\.$name).all()
            return RiskFactorViews.regions(PageContext(req), regions: regions, cycle: cycle)
        }
        let report = try await report(req, scope, cycle)
        let municipalities = scope.level == .region
            ? try await Municipality.query(on: req.db).filter(\.$region.$id == scope.region!.id!).sort(\.$name).all() : []
        return RiskFactorViews.page(PageContext(req), report, years: try await req.shownCycles(), municipalities: municipalities)
    }

    /// The schools behind one factor, or behind one of its figures (`column=`).
    func factor(_ req: Request) async throws -> Response {
        let (scope, cycle) = try await context(req)
        guard scope.level != .country, let number = req.parameters.get("factor", as: Int.self) else { throw Abort(.notFound) }
        // The schools behind a figure need no comparison with the previous year.
        let report = try await RiskFactorQueries.report(scope, cycle: cycle, previous: nil, on: req.db)
        guard let factor = report.factors.first(where: { $0.number == number }), let row = report.row(number) else {
            throw Abort(.notFound, reason: R.noSuchFactor)
        }
        let column = (try? req.query.get(String.self, at: "column")).flatMap(RiskFactorMonitoring.Column.init(rawValue:))
        return RiskFactorViews.factor(PageContext(req), report, factor: factor, row: row, column: column)
    }

    func export(_ req: Request) async throws -> Response {
        let (scope, cycle) = try await context(req)
        guard scope.level != .country else { throw Abort(.notFound) }
        let report = try await report(req, scope, cycle)
        return Downloads.response(try DashboardGrid.xlsx(RiskFactorViews.grids(report)),
                                  fileName: R.fileName(scope.name, cycle.year), contentType: TerritoryRoadmapController.xlsx)
    }

    private func report(_ req: Request, _ scope: DashboardScope, _ cycle: Cycle) async throws -> RiskFactorReport {
        let previous = try await req.shownCycles().first { $0.year < cycle.year }
        return try await RiskFactorQueries.report(scope, cycle: cycle, previous: previous, on: req.db)
    }

    /// Coordinators and the admin, in their own territory or one below it (`territory=`); the year by `cycle=`.
    private func context(_ req: Request) async throws -> (DashboardScope, Cycle) {
        let (_, scope) = try await req.dashboardScope()
        guard let cycle = try await req.chosenCycle() else { throw Abort(.notFound, reason: Strings.Dashboards.noCycle) }
        return (scope, cycle)
    }
}
