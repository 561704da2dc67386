import Foundation
import MEDKCore
import Plot
import Vapor

enum DashboardViews {
    typealias D = Strings.Dashboards

    // MARK: the indicator table

    static func table(_ page: PageContext, _ context: DashboardContext, _ table: IndicatorTable) -> Response {
        Layout.render(
            page, title: D.title(context.scope.name), crumbs: crumbs(context, current: nil),
            dateForm(context, action: SiteURL.dashboards.path),
            links(context, exportName: "indicators", extra: [
                (D.curatorWork, url(.dashboardCurators, context)),
                (D.charts, url(.dashboardChart, context)),
            ]),
            indicatorTable(context, table),
            roadmapNote(context),
            legend(context)
        )
    }

    /// Which monitoring the plan column is judged against on the chosen day, and why.
    private static func roadmapNote(_ context: DashboardContext) -> Node<HTML.BodyContext> {
        let kinds = [ControlDateKind.regionalMonitoring1.rawValue, ControlDateKind.regionalMonitoring2.rawValue]
        let monitorings = context.controlDates.filter { $0.kind.map(kinds.contains) ?? false }
        guard let date = context.controlDate(.territoryRoadmapDone),
              let event = monitorings.first(where: { $0.date == date })?.event else { return .empty }
        return .p(.class("hint"), .id("roadmap-note"),
                  .text(D.roadmapJudged(date, event: event, day: context.day, monitorings: monitorings.compactMap(\.date))))
    }

    /// Written as text, not as Plot nodes: at the federal level this table was two thirds of the request's
    /// time (bench/dashboard_bench.py). The markup is the same a node tree would give.
    private static func indicatorTable(_ context: DashboardContext, _ table: IndicatorTable) -> Node<HTML.BodyContext> {
        let key = RenderedTables.Key(level: context.scope.level.rawValue, scope: context.scope.id, day: context.day,
                                     controlDates: InclusionIndicator.allCases.map(context.controlDate),
                                     rows: table.rows, total: table.total)
        if let html = RenderedTables.shared.html(key) { return .raw(html) }
        let html = indicatorTableText(context, table)
        RenderedTables.shared.store(html, key)
        return .raw(html)
    }

    private static func indicatorTableText(_ context: DashboardContext, _ table: IndicatorTable) -> String {
        let first = switch context.scope.level {
        case .country: D.region
        case .region: D.municipality
        case .municipality: D.school
        }
        var html = Components.scrollBoxOpening(label: D.title(context.scope.name))
            + "<table class=\"indicators\" id=\"indicators\"><thead><tr><th scope=\"col\">"
        html.reserveCapacity((table.rows.count + 2) * 3_000)
        html += HTMLText.escape(first) + "</th>"
        for indicator in InclusionIndicator.allCases {
            html += "<th scope=\"col\"><a href=\""
                + HTMLText.escape(url(.dashboardChart, context, [("indicator", indicator.rawValue)])) + "\"><abbr title=\""
                + HTMLText.escape(D.indicatorTitle(indicator) + ": " + D.indicatorText(indicator)) + "\">"
                + HTMLText.escape(D.indicatorShort(indicator)) + "</abbr></a>"
            if let date = context.controlDate(indicator) { html += "<span class=\"control-date\"> \(date.russian)</span>" }
            html += "</th>"
        }
        html += "</tr></thead><tbody>"
        let schoolRows = table.rows.filter(\.isSchool).count
        for (index, row) in table.rows.enumerated() {
            appendRow(&html, context, row, isTotal: false, territoryOnlySpan: index == 0 ? schoolRows : 0)
        }
        appendRow(&html, context, table.total, isTotal: true, territoryOnlySpan: 0)
        html += "</tbody></table></div>"
        return html
    }

    private static func appendRow(_ html: inout String, _ context: DashboardContext, _ row: IndicatorRow, isTotal: Bool,
                                  territoryOnlySpan: Int) {
        html += isTotal ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">"
        let name = HTMLText.escape(row.name)
        if isTotal {
            html += name
        } else {
            let link = row.isSchool ? SiteURL.school(.value(row.id)).path
                : SiteURL.dashboards.path(query: [("territory", row.id.uuidString), ("date", context.day.iso)])
            html += "<a href=\"\(HTMLText.escape(link))\">\(name)</a>"
        }
        html += "</th>"
        for indicator in InclusionIndicator.allCases {
            if indicator.isPerTerritory, row.isSchool {
                // A school keeps no plan: one cell down the schools' rows says the figure is the territory's.
                if territoryOnlySpan > 0 {
                    html += "<td class=\"cell territory-only\" rowspan=\"\(territoryOnlySpan)\" data-indicator=\"\(indicator.rawValue)\">"
                        + HTMLText.escape(D.territoryOnly) + "</td>"
                }
                continue
            }
            let tally = row.tally(indicator)
            let standing = context.standing(indicator, tally)
            // data-label names the figure when a phone shows each territory as a card.
            html += "<td class=\"cell cell-\(standing.rawValue)\" data-indicator=\"\(indicator.rawValue)\" data-label=\""
                + HTMLText.escape(D.indicatorShort(indicator)) + "\">"
            let figure = figureText(tally, indicator: indicator, roadmap: row.roadmap)
            if let link = cellLink(context, row, indicator: indicator, isTotal: isTotal) {
                html += "<a href=\"\(HTMLText.escape(link))\" title=\"\(HTMLText.escape(D.standing(standing)))\">\(figure)</a>"
            } else {
                html += figure
            }
            html += "</td>"
        }
        html += "</tr>"
    }

    /// «88,1 %» over «104 из 118», or why there is no figure; a plan's figure says when it is not the items due.
    private static func figureText(_ tally: Tally?, indicator: InclusionIndicator, roadmap: RoadmapFigure?) -> String {
        guard let tally, let fraction = tally.fraction else {
            let why = indicator == .territoryRoadmapDone && tally == nil ? D.noPlan : D.notAvailable
            return "<span class=\"na\">\(HTMLText.escape(why))</span>"
        }
        // One territory's plan is sent or not: a word reads better than «100 %, 1 из 1».
        if indicator == .regionalPlanSent, tally.total == 1 {
            return "<span class=\"pct\">\(HTMLText.escape(tally.done == 1 ? D.planSent : D.planNotSent))</span>"
        }
        // A small bar to read the table at a glance (a <meter>: no inline style under the page's CSP).
        var text = "<span class=\"pct\">\(D.percent(fraction))</span><meter min=\"0\" max=\"1\" value=\"\(fraction)\" aria-hidden=\"true\"></meter>"
            + "<span class=\"of\">\(D.cell(tally))</span>"
        if indicator == .territoryRoadmapDone, let roadmap, roadmap.basis != .due {
            text += "<span class=\"basis\">\(HTMLText.escape(roadmap.basis == .undated ? D.roadmapUndated : D.roadmapNotYetDue))</span>"
        }
        return text
    }

    private static func cellLink(_ context: DashboardContext, _ row: IndicatorRow, indicator: InclusionIndicator,
                                 isTotal: Bool) -> String? {
        if indicator.isPerTerritory {
            guard indicator == .regionalPlanSent || row.roadmap != nil, !row.isSchool else { return nil }
            return isTotal ? context.scope.id.map { SiteURL.territoryRoadmaps(.value($0)).path }
                : SiteURL.territoryRoadmaps(.value(row.id)).path
        }
        var query = [("indicator", indicator.rawValue), ("date", context.day.iso)]
        if isTotal {
            guard let id = context.scope.id else { return nil }
            query.append(("territory", id.uuidString))
        } else if row.isSchool {
            query += [("territory", context.scope.id?.uuidString ?? ""), ("school", row.id.uuidString)]
        } else {
            query.append(("territory", row.id.uuidString))
        }
        return SiteURL.dashboardCell.path(query: query)
    }

    private static func legend(_ context: DashboardContext) -> Node<HTML.BodyContext> {
        .section(
            .class("legend"),
            .h2(.text(D.legendTitle)),
            .ul(.class("standings"), .forEach([ControlStanding.done, .dueSoon, .overdue, .open]) { standing in
                .li(.span(.class("swatch cell-\(standing.rawValue)"), .text(" ")), .text(" " + D.standing(standing)))
            }),
            .h2(.text(D.indicatorsLegend)),
            .dl(.forEach(InclusionIndicator.allCases) { indicator in
                .group(
                    .dt(.text(D.indicatorTitle(indicator)
                              + (context.controlDate(indicator).map { " — \(D.controlDate.lowercased()) \($0.russian)" } ?? ""))),
                    .dd(.text("«\(D.indicatorText(indicator))»: \(D.indicatorRule(indicator))."))
                )
            }),
            .p(.class("hint"), .text(D.asOfHint))
        )
    }

    // MARK: behind a cell

    static func cell(_ page: PageContext, _ context: DashboardContext, indicator: InclusionIndicator,
                     target: InclusionQueries.Target, name: String, rows: [DrillDownRow], markable: Set<UUID>) -> Response {
        var query = [("indicator", indicator.rawValue), ("territory", context.scope.id?.uuidString ?? "")]
        if case .school(let id) = target { query.append(("school", id.uuidString)) }
        let back = SiteURL.dashboardCell.path(query: query + [("date", context.day.iso)])
        let done = rows.filter(\.done).count
        return Layout.render(
            page, title: D.cellTitle(indicator, name), crumbs: crumbs(context, current: D.indicatorTitle(indicator)),
            .p(.class("indicator-text"), .text("«\(D.indicatorText(indicator))»")),
            dateForm(context, action: SiteURL.dashboardCell.path, hidden: query),
            .p(.class("summary"), .strong(.text(rows.isEmpty ? D.notAvailable : D.percent(Double(done) / Double(rows.count)))),
               .text(" — " + D.cell(Tally(done: done, total: rows.count)))),
            .p(.class("links"),
               .a(.href(SiteURL.dashboardExport(.value("cell.xlsx")).path(query: query + [("date", context.day.iso)])), .text(D.downloadXLSX)),
               .text(" · "),
               .a(.href(SiteURL.dashboardExport(.value("cell.csv")).path(query: query + [("date", context.day.iso)])), .text(D.downloadCSV)),
               .text(" · "),
               .a(.href(DashboardController.tableURL(context)), .text(D.backToTable))),
            Components.table([D.school, D.municipality, D.done] + (markable.isEmpty ? [] : [""]), rows.map { row in
                var cells: [Node<HTML.TableRowContext>] = [
                    Components.cell(link: row.school, SiteURL.school(.value(row.schoolID)).path),
                    Components.cell(row.municipality),
                    .td(.class(row.done ? "status status-done" : "status status-overdue"), .text(row.done ? D.done : D.notDone)),
                ]
                if !markable.isEmpty {
                    cells.append(.td(.if(markable.contains(row.schoolID), seminarButton(page, row, back: back))))
                }
                return cells
            }, empty: D.noSchools)
        )
    }

    private static func seminarButton(_ page: PageContext, _ row: DrillDownRow, back: String) -> Node<HTML.BodyContext> {
        .form(
            .class("inline"), .method(.post), .action(SiteURL.seminarMark(.value(row.schoolID)).path),
            Components.csrfField(page.csrf),
            .input(.type(.hidden), .name("attended"), .value(row.done ? "no" : "yes")),
            .input(.type(.hidden), .name("back"), .value(back)),
            .button(.type(.submit), .text(row.done ? D.unmarkSeminar : D.markSeminar))
        )
    }

    // MARK: charts

    static func chart(_ page: PageContext, _ context: DashboardContext, indicator: InclusionIndicator, table: IndicatorTable,
                      series: [(CalendarDate, Tally)]) -> Response {
        let marks = context.controlDates.compactMap { date -> (CalendarDate, String)? in
            guard let day = date.date, date.kind == indicator.controlDate.rawValue
                    || (indicator == .territoryRoadmapDone && date.kind == ControlDateKind.regionalMonitoring2.rawValue)
            else { return nil }
            return (day, date.event)
        }
        let bars = table.rows.map { (label: $0.name, tally: $0.tally(indicator)) }
        return Layout.render(
            page, title: D.chartTitle(indicator, context.scope.name), crumbs: crumbs(context, current: D.charts),
            .p(.class("indicator-text"), .text("«\(D.indicatorText(indicator))»")),
            dateForm(context, action: SiteURL.dashboardChart.path, hidden: [("indicator", indicator.rawValue),
                                                                             ("territory", context.scope.id?.uuidString ?? "")]),
            .nav(.class("chart-choice"), .ariaLabel(D.chartIndicator), .ul(.forEach(InclusionIndicator.allCases) { other in
                .li(.a(.href(url(.dashboardChart, context, [("indicator", other.rawValue)])),
                       .if(other == indicator, .attribute(named: "aria-current", value: "page")),
                       .text(D.indicatorTitle(other))))
            })),
            .unwrap(series.isEmpty ? nil : series) { series in
                .section(.h2(.text(D.overTime)), .raw(DashboardCharts.line(series, marks: marks, day: context.day)))
            },
            .section(.h2(.text(D.byTerritory + " (\(context.day.russian))")), .raw(DashboardCharts.bars(bars)))
        )
    }

    // MARK: curator work

    static func curators(_ page: PageContext, _ context: DashboardContext, _ work: CuratorWork) -> Response {
        Layout.render(
            page, title: D.curatorWorkTitle(context.scope.name), crumbs: crumbs(context, current: D.curatorWork),
            dateForm(context, action: SiteURL.dashboardCurators.path),
            .p(.class("rule"), .strong(.text(D.ruleTitle + ": ")), .text(D.rule(work.rule))),
            .if(work.overdueVisits > 0, .p(.class("overdue-note"), .text(D.visitsOverdueCount(work.overdueVisits)))),
            .h2(.text(D.curatorWork)),
            links(context, exportName: "curators", extra: []),
            Components.table([D.curator, D.schools, D.itemsWaiting, D.medianDays, D.p90Days, D.overdueReviews,
                              D.visitsThisMonth, D.lastActivity], work.curators.map { row in
                [Components.cell(row.name), Components.number(row.schools), Components.number(row.waiting),
                 Components.decimal(row.medianDays), Components.decimal(row.p90Days),
                 .td(.class(row.overdueReviews > 0 ? "num overdue-note" : "num"), .text("\(row.overdueReviews)")),
                 Components.number(row.visitsThisMonth),
                 Components.cell(row.lastActivity.map(Formats.moment) ?? D.never)]
            }, empty: D.noCurators),
            .p(.class("hint"), .text(D.latencyNote)),
            .h2(.id("schools"), .text(D.schoolsTitle)),
            links(context, exportName: "schools", extra: []),
            Components.table([D.school, D.municipality, D.curator, D.daysSinceAction, D.lastVisit, D.nextVisit], work.schools.map { row in
                [Components.cell(link: row.school, SiteURL.school(.value(row.schoolID)).path), Components.cell(row.municipality),
                 Components.cell(row.curators.sorted().joined(separator: ", ")),
                 .td(.class("num"), .text(row.daysSinceAction(work.day).map(String.init) ?? D.never)),
                 Components.cell(row.lastVisit?.russian ?? D.never),
                 .td(.class(row.visitOverdue ? "overdue-note" : ""),
                     .text((row.nextVisit?.russian ?? Strings.Common.none) + (row.visitOverdue ? " — \(D.visitOverdue.lowercased())" : "")))]
            }, empty: D.noSchools)
        )
    }

    /// The country's curator work is read region by region: the whole list is 5,000 curators and 10,000 schools
    /// (a 4 MB page that took 15 s to gather at national scale).
    static func curatorRegions(_ page: PageContext, _ context: DashboardContext, _ regions: [Region]) -> Response {
        Layout.render(
            page, title: D.curatorWorkTitle(context.scope.name), crumbs: crumbs(context, current: D.curatorWork),
            dateForm(context, action: SiteURL.dashboardCurators.path),
            .p(.class("hint"), .text(D.curatorWorkByRegion)),
            .ul(.class("regions"), .forEach(regions) { region in
                .li(.a(.href(SiteURL.dashboardCurators.path(query: [("territory", region.id!.uuidString), ("date", context.day.iso)])),
                       .text(region.name)))
            })
        )
    }


    // MARK: the cycle's visit rule

    static func visitRule(_ page: PageContext, _ principal: Principal, cycle: Cycle, rule: VisitRule, form: [String: String],
                          errors: [String: String], status: HTTPStatus) -> Response {
        Layout.render(
            page, title: D.ruleTitle, crumbs: [Crumb(Strings.Home.title, .home), Crumb(D.ruleTitle)], status: status,
            .p(.text(cycle.title)),
            .p(.text(D.rule(rule))),
            Components.errorSummary(errors),
            .form(
                .method(.post), .action(SiteURL.visitRule.path),
                Components.csrfField(page.csrf),
                Components.field(D.formingWeeks, name: "formingWeeks", value: form["formingWeeks"] ?? "", type: "number",
                                 required: true, error: errors["formingWeeks"]),
                Components.field(D.carryingWeeks, name: "carryingWeeks", value: form["carryingWeeks"] ?? "", type: "number",
                                 required: true, error: errors["carryingWeeks"]),
                Components.submit(Strings.Common.save)
            )
        )
    }

    // MARK: shared pieces

    static func dateForm(_ context: DashboardContext, action: String, hidden: [(String, String)]? = nil) -> Node<HTML.BodyContext> {
        let fields = hidden ?? [("territory", context.scope.id?.uuidString ?? "")]
        return .group(
            .if(context.dateError != nil, Components.errorSummary(["date": context.dateError ?? ""])),
            .form(
                .class("as-of"), .method(.get), .action(action),
                .forEach(fields.filter { !$0.1.isEmpty }) { .input(.type(.hidden), .name($0.0), .value($0.1)) },
                .if(context.years.count > 1, .input(.type(.hidden), .name("shown"), .value("\(context.cycle.year)"))),
                .if(context.years.count > 1, Components.select(D.cycle, name: "cycle",
                                                               options: context.years.map { ("\($0.year)", $0.title) },
                                                               selected: "\(context.cycle.year)")),
                Components.field(D.asOf, name: "date", value: context.day.iso, type: "date", error: context.dateError),
                .button(.type(.submit), .text(D.show))
            )
        )
    }

    private static func links(_ context: DashboardContext, exportName: String, extra: [(String, String)]) -> Node<HTML.BodyContext> {
        let query = [("territory", context.scope.id?.uuidString ?? ""), ("date", context.day.iso)]
        let items = [(D.downloadXLSX, SiteURL.dashboardExport(.value("\(exportName).xlsx")).path(query: query)),
                     (D.downloadCSV, SiteURL.dashboardExport(.value("\(exportName).csv")).path(query: query))] + extra
        return .p(.class("links"), .forEach(items.enumerated()) { index, item in
            .group(.if(index > 0, .text(" · ")), .a(.href(item.1), .text(item.0)))
        })
    }

    private static func url(_ site: SiteURL, _ context: DashboardContext, _ more: [(String, String)] = []) -> String {
        site.path(query: [("territory", context.scope.id?.uuidString ?? ""), ("date", context.day.iso)] + more)
    }

    /// Home → the coordinator's way down through the territories → the page.
    private static func crumbs(_ context: DashboardContext, current: String?) -> [Crumb] {
        var crumbs = [Crumb(Strings.Home.title, .home)]
        let own = context.principal.actor.scope
        let date = [("date", context.day.iso)]
        if own.regionID == nil {
            crumbs.append(Crumb(D.country, link: SiteURL.dashboards.path(query: date)))
        }
        if let region = context.scope.region, own.municipalityID == nil {
            crumbs.append(Crumb(region.name, link: SiteURL.dashboards.path(query: [("territory", region.id!.uuidString)] + date)))
        }
        if let municipality = context.scope.municipality {
            crumbs.append(Crumb(municipality.name, link: SiteURL.dashboards.path(query: [("territory", municipality.id!.uuidString)] + date)))
        }
        if let current { crumbs.append(Crumb(current)) } else if let last = crumbs.popLast() { crumbs.append(Crumb(last.title)) }
        return crumbs
    }
}

extension Crumb {
    /// A crumb to a path with a query (the territory and the date the coordinator looks at).
    init(_ title: String, link: String) {
        self.title = title
        self.url = link
    }
}

/// The indicator table's text for one set of figures, so that the coordinators of a territory opening the
/// same morning table get it written once. Exact by construction: the key is everything the text is made of.
final class RenderedTables: @unchecked Sendable {
    struct Key: Hashable {
        let level: String
        let scope: UUID?
        let day: CalendarDate
        let controlDates: [CalendarDate?]
        let rows: [IndicatorRow]
        let total: IndicatorRow
    }

    static let shared = RenderedTables()
    /// A few days of every territory's table; beyond it the memory starts again.
    static let capacity = 300
    private let lock = NSLock()
    private var entries: [Key: String] = [:]

    func html(_ key: Key) -> String? {
        lock.withLock { entries[key] }
    }

    func store(_ html: String, _ key: Key) {
        lock.withLock {
            if entries.count >= Self.capacity { entries = [:] }
            entries[key] = html
        }
    }
}
