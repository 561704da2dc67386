import Fluent
import Foundation
import MEDKCore
import Plot
import Vapor

/// What needs a coordinator's attention in the territory today, each a link to the list behind it: indicators
/// behind their control date, curators slow to review, schools gone quiet, visits overdue, plan items overdue.
enum Attention {
    struct Item: Sendable, Equatable {
        let text: String
        let url: String
    }

    static let silentDays = CuratorToDo.silentDays

    static func load(_ principal: Principal, today: CalendarDate, on req: Request) async throws -> [Item] {
        guard let scope = try await DashboardScope.of(principal.activeGrant, on: req.db),
              let cycle = try await req.currentCycle() else { return [] }
        let H = Strings.Home.self
        let context = DashboardContext(principal: principal, scope: scope, cycle: cycle, day: today, dateError: nil,
                                       controlDates: try await CycleQueries.controlDates(of: cycle.id!, on: req.db))
        let territory = scope.id?.uuidString ?? ""
        var items: [Item] = []
        let table = try await InclusionQueries.table(scope, cycle: cycle, day: today, on: req.db)
        for indicator in InclusionIndicator.allCases {
            let tally = table.total.tally(indicator)
            guard context.standing(indicator, tally) == .overdue, let tally, let date = context.controlDate(indicator) else { continue }
            // A cell lists a territory's schools; the whole country's are too many, so its table (a row per region) is
            // where the federal coordinator looks.
            let url = indicator.isPerTerritory
                ? scope.id.map { SiteURL.territoryRoadmaps(.value($0)).path } ?? SiteURL.territoryPlans.path
                : scope.level == .country ? SiteURL.dashboards.path(query: [("date", today.iso)])
                : SiteURL.dashboardCell.path(query: [("indicator", indicator.rawValue), ("territory", territory), ("date", today.iso)])
            items.append(Item(text: H.behind(Strings.Dashboards.indicatorTitle(indicator), tally: tally, controlDate: date), url: url))
        }
        let work = try await CuratorWorkQueries.load(scope, cycle: cycle, today: today, on: req.db)
        let curators = SiteURL.dashboardCurators.path(query: [("territory", territory), ("date", today.iso)])
        let slow = work.curators.filter { $0.overdueReviews > 0 }.count
        if slow > 0 { items.append(Item(text: H.slowCurators(slow), url: curators)) }
        if work.overdueVisits > 0 { items.append(Item(text: H.overdueVisitsIn(work.overdueVisits), url: curators + "#schools")) }
        let silent = work.schools.filter { ($0.daysSinceAction(today) ?? Int.max) >= silentDays }.count
        if silent > 0 { items.append(Item(text: H.silentIn(silent), url: curators + "#schools")) }
        if let id = scope.id {
            var overdue = 0
            for roadmap in try await TerritoryRoadmapQueries.roadmaps(of: scope.place, on: req.db) {
                overdue += try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: today, on: req.db).overdue.count
            }
            if overdue > 0 { items.append(Item(text: H.overduePlanItems(overdue), url: SiteURL.territoryRoadmaps(.value(id)).path)) }
        }
        return items
    }

    static func block(_ items: [Item]) -> Node<HTML.BodyContext> {
        .section(
            .class("attention"), .id("attention"),
            .h2(.text(Strings.Home.attentionTitle)),
            .if(items.isEmpty, .p(.text(Strings.Home.attentionNone))),
            .if(!items.isEmpty, .ul(.forEach(items) { .li(.a(.href($0.url), .text($0.text))) })))
    }
}
