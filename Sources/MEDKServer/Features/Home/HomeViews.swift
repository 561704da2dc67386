import MEDKCore
import Plot
import Vapor

enum HomeViews {
    static func curator(_ context: PageContext, schools: [(assignment: CuratorAssignment, school: School)]) -> Response {
        Layout.render(
            context, title: Strings.Home.curatorTitle,
            Components.table(
                [Strings.Schools.fullName, Strings.Schools.municipality, Strings.Schools.region, Strings.Home.assignedSince],
                schools.map { item in
                    [Components.cell(link: item.school.fullName, SiteURL.school(.value(item.school.id!)).path),
                     Components.cell(item.school.municipality.name),
                     Components.cell(item.school.region.name),
                     Components.cell(CalendarDate(item.assignment.startsOn)?.russian ?? "")]
                },
                empty: Strings.Home.noAssignedSchools)
        )
    }

    static func federal(_ context: PageContext, cycle: Cycle?, regions: [RegionSummary]) -> Response {
        let total = regions.reduce(0) { $0 + $1.participatingSchools }
        return Layout.render(
            context, title: Strings.Home.federalTitle,
            .unwrap(cycle) { .p(.class("lead"), .text("\(Strings.Home.cycle): \($0.title). \(Strings.Home.participating): \(total).")) },
            Components.table(
                [Strings.Territories.name, Strings.Home.participating, Strings.Home.withCurator, Strings.Home.curatorsCount],
                regions.map { summary in
                    [Components.cell(link: summary.region.name,
                                     SiteURL.schools.path(query: [("region", summary.region.id!.uuidString)])),
                     Components.number(summary.participatingSchools),
                     Components.number(summary.schoolsWithCurator),
                     Components.number(summary.curators)]
                })
        )
    }

    static func admin(_ context: PageContext, counts: AdminCounts) -> Response {
        Layout.render(
            context, title: Strings.Home.adminTitle,
            .h2(.text(Strings.Home.totals)),
            .ul(.class("tiles"),
                tile(Strings.Nav.regions, counts.regions, .territories),
                tile(Strings.Territories.municipalities, counts.municipalities, .territories),
                tile(Strings.Nav.schools, counts.schools, .schools),
                tile(Strings.Nav.users, counts.users, .users))
        )
    }

    static func expert(_ context: PageContext) -> Response {
        Layout.render(context, title: Strings.Home.title, .p(.text(Strings.Common.nothingFound)))
    }

    private static func tile(_ title: String, _ count: Int, _ url: SiteURL) -> Node<HTML.ListContext> {
        .li(.a(.href(url.path), .span(.class("tile-count"), .text("\(count)")), .span(.text(title))))
    }
}
