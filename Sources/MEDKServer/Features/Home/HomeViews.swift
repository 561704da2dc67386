import MEDKCore
import Plot
import Vapor

enum HomeViews {
    /// The curator's to-do list first, then the schools.
    static func curator(_ context: PageContext, _ todo: CuratorToDo, now: Date) -> Response {
        let H = Strings.Home.self, R = Strings.Roadmap.self
        let queue = todo.queue, overdue = todo.overdueVisits, silent = todo.silent
        return Layout.render(
            context, title: H.curatorTitle,
            .if(queue.isEmpty && overdue.isEmpty && silent.isEmpty && !todo.schedule.rows.isEmpty,
                .p(.class("all-clear"), .text(H.allClear))),
            .if(!queue.isEmpty, .section(
                .id("todo-reviews"),
                .h2(.text(H.waitingReviews(queue.count))),
                Components.table(
                    [R.school, H.section, R.title, R.waiting],
                    queue.prefix(10).map { item in
                        [Components.cell(item.school.shortName), Components.cell(H.sectionTitle(item.section)),
                         Components.cell(link: item.title, item.url),
                         Components.cell(R.waited(now.timeIntervalSince(item.waitingSince)))]
                    }),
                .p(.a(.href(SiteURL.reviews.path), .text(H.allReviews))))),
            .if(!overdue.isEmpty, .section(
                .id("todo-visits"),
                .h2(.text(H.overdueVisits(overdue.count))),
                Components.table(
                    [R.school, Strings.Dashboards.lastVisit, Strings.Dashboards.nextVisit],
                    overdue.map { row in
                        [Components.cell(link: row.school.shortName, SiteURL.school(.value(row.school.id!)).path),
                         Components.cell(row.lastVisit?.russian ?? Strings.Dashboards.never),
                         Components.cell(row.nextVisit.russian)]
                    }),
                .p(.a(.href(SiteURL.visits.path), .text(H.logVisit))))),
            .if(!silent.isEmpty, .section(
                .id("todo-silent"),
                .h2(.text(H.silentSchools(silent.count))),
                Components.table(
                    [R.school, H.lastMove, H.contact],
                    silent.map { item in
                        [Components.cell(link: item.school.shortName, SiteURL.school(.value(item.school.id!)).path),
                         Components.cell(item.lastMove?.russian ?? Strings.Dashboards.never),
                         Components.cell(link: H.writeToSchool, SiteURL.chat(.value(item.school.id!)).path)]
                    }))),
            .section(
                .h2(.text(H.mySchools)),
                Components.table(
                    [Strings.Schools.fullName, Strings.Schools.municipality, Strings.Schools.region, Strings.Home.assignedSince],
                    todo.schedule.rows.map { row in
                        [Components.cell(link: row.school.fullName, SiteURL.school(.value(row.school.id!)).path),
                         Components.cell(row.school.municipality.name),
                         Components.cell(row.school.region.name),
                         Components.cell(row.assignedOn.russian)]
                    },
                    empty: Strings.Home.noAssignedSchools))
        )
    }

    static func federal(_ context: PageContext, cycle: Cycle?, regions: [RegionSummary], attention: [Attention.Item]) -> Response {
        let total = regions.reduce(0) { $0 + $1.participatingSchools }
        return Layout.render(
            context, title: Strings.Home.federalTitle,
            Attention.block(attention),
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

    private static func tile(_ title: String, _ count: Int, _ url: SiteURL) -> Node<HTML.ListContext> {
        .li(.a(.href(url.path), .span(.class("tile-count"), .text("\(count)")), .span(.text(title))))
    }
}
