import Fluent
import MEDKCore
import Vapor

/// The open bank of best practices, readable without signing in: search by words in any of their forms, filter by
/// risk factor, region and year; each published practice its own page.
struct CatalogueController {
    func index(_ req: Request) async throws -> Response {
        let years = try await req.shownCycles()
        let raw = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var filter = CatalogueFilter()
        filter.query = String(raw.prefix(CatalogueFilter.maxQuery))
        filter.page = req.pageNumber
        filter.factor = (try? req.query.get(Int.self, at: "factor")).flatMap { (1...1_000).contains($0) ? $0 : nil }
        filter.region = try? req.query.get(UUID.self, at: "region")
        let year = try? req.query.get(Int.self, at: "cycle")
        let chosen = year.flatMap { year in years.first { $0.year == year } }
        filter.cycle = chosen?.id
        filter.year = chosen?.year
        // The factors are named as the chosen year names them, else as the current year does.
        let current = try await req.currentCycle()
        var factors: PracticeFactors?
        if let named = chosen ?? current ?? years.first {
            factors = PracticeFactors(cycleID: named.id!, titles: try await CycleQueries.factors(of: named.id!, on: req.db))
        }
        let regions = try await Region.query(on: req.db).sort(\.$name).all().map { (id: $0.id!, name: $0.name) }
        let problem = raw.count > CatalogueFilter.maxQuery ? Strings.Practices.queryTooLong : nil
        let (lines, total) = problem == nil ? try await PracticeQueries.catalogue(filter, on: req.db) : ([], 0)
        let counts = try await PracticeQueries.factorCounts(filter, on: req.db)
        let page = CataloguePage(filter: filter, factors: factors, regions: regions, years: years.map(\.year), chosenYear: chosen?.year,
                                 counts: counts, lines: lines, total: total, problem: problem)
        return PublicCache.respond(req, CatalogueViews.index(PageContext(req), page))
    }

    /// A published practice; anything else is not there for the public.
    func show(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("practiceID", as: UUID.self), let practice = try await PracticeQueries.find(id, on: req.db),
              practice.isPublished else { throw Abort(.notFound) }
        return PublicCache.respond(req, CatalogueViews.practice(PageContext(req), try await PracticeDetails.load(practice, on: req.db)))
    }
}
