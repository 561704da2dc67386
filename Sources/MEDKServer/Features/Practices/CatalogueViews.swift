import Foundation
import MEDKCore
import Plot
import Vapor

/// The public catalogue's pages: light (no scripts needed, no pictures), the same for every signed-out visitor.
enum CatalogueViews {
    typealias P = Strings.Practices

    static func index(_ context: PageContext, _ page: CataloguePage) -> Response {
        let filter = page.filter
        return Layout.render(
            context, title: P.catalogueTitle,
            .p(.text(P.catalogueIntro)),
            .form(
                .class("filters"), .method(.get), .action(SiteURL.catalogue.path), .attribute(named: "role", value: "search"),
                Components.field(P.query, name: "q", value: filter.query, type: "search", hint: P.queryHint, error: page.problem),
                Components.select(P.factor, name: "factor",
                                  options: [("", P.anyFactor)] + (page.factors?.map { ("\($0.number)", "\($0.number). \($0.title)") } ?? []),
                                  selected: filter.factor.map(String.init) ?? ""),
                Components.select(P.region, name: "region", options: [("", P.anyRegion)] + page.regions.map { ($0.id.uuidString, $0.name) },
                                  selected: filter.region?.uuidString ?? ""),
                Components.select(P.cycle, name: "cycle", options: [("", P.anyCycle)] + page.years.map { ("\($0)", "\($0)") },
                                  selected: page.chosenYear.map(String.init) ?? ""),
                Components.submit(P.filter)
            ),
            .section(
                .class("factor-counts"),
                .h2(.text(P.byFactor)),
                .ul(.forEach(page.factors?.map { $0 } ?? []) { factor in
                    .li(.a(.href(link(filter, factor: factor.number, page: 1)), .text("\(factor.number). \(factor.title)")),
                        .text(" — \(page.counts[factor.number] ?? 0)"))
                })
            ),
            .section(
                .id("results"),
                .h2(.text(P.foundCount(page.total))),
                .if(page.lines.isEmpty, .p(.class("empty"), .text(P.noneFound))),
                .ol(.class("catalogue"), .forEach(page.lines) { line in
                    .li(.h3(.a(.href(SiteURL.publicPractice(.value(line.id)).path), .text(line.title))),
                        .p(.class("meta"), .text("\(line.school), \(line.region)"
                            + (line.publishedAt.map { " · " + PracticeViews.moment($0) } ?? ""))),
                        .p(.text(line.summary)),
                        .p(.class("meta"), .text(line.factors.map { page.factors?.title($0) ?? "№ \($0)" }.joined(separator: "; "))))
                }),
                pager(page)
            ),
            .section(
                .id("territories"),
                .h2(.text(P.territoriesTitle)),
                .ul(.class("columns"), .forEach(page.regions) { region in
                    .li(.a(.href(SiteURL.publicTerritory(.value(region.id)).path), .text(region.name)))
                })
            )
        )
    }

    static func practice(_ context: PageContext, _ details: PracticeDetails) -> Response {
        Layout.render(context, title: details.title, crumbs: [Crumb(P.catalogueTitle, .catalogue), Crumb(details.title)],
                      PracticeViews.body(details))
    }

    private static func pager(_ page: CataloguePage) -> Node<HTML.BodyContext> {
        guard page.pages > 1 else { return .empty }
        let current = page.filter.page
        return .nav(.class("pager"), .ariaLabel(P.pageOf(current, page.pages)),
                    .if(current > 1, .a(.href(link(page.filter, factor: page.filter.factor, page: current - 1)), .text(P.previousPage))),
                    .span(.text(" " + P.pageOf(min(current, page.pages), page.pages) + " ")),
                    .if(current < page.pages, .a(.href(link(page.filter, factor: page.filter.factor, page: current + 1)), .text(P.nextPage))))
    }

    /// The catalogue with the same filter, another factor or page.
    static func link(_ filter: CatalogueFilter, factor: Int?, page: Int) -> String {
        SiteURL.catalogue.path(query: [("q", filter.query), ("factor", factor.map(String.init) ?? ""),
                                       ("region", filter.region?.uuidString ?? ""), ("cycle", filter.year.map(String.init) ?? ""),
                                       ("page", page > 1 ? "\(page)" : "")])
    }
}
