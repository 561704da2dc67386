import Foundation
import MEDKCore
import Plot
import Vapor

enum CuratorReportViews {
    typealias C = Strings.CuratorReports

    static let header = [C.curator, C.schools, C.visitsInPerson, C.visitsRemote, C.decided, C.returned, C.medianDays,
                         C.p90Days, C.overdueReviews, C.chatMessages, C.stepsCompleted]

    /// The same figures for the page and for XLSX.
    static func grid(_ report: CuratorReport, sheet: String) -> DashboardGrid {
        DashboardGrid(sheetName: sheet.isEmpty ? C.sheet : sheet, header: header,
                      widths: [40] + Array(repeating: 16, count: header.count - 1),
                      rows: (report.rows + [report.total]).map { row in
                          [.text(row.name), .count(row.schools), .count(row.visitsInPerson), .count(row.visitsRemote),
                           .count(row.decided), .count(row.returned), .decimal(row.medianDays), .decimal(row.p90Days),
                           .count(row.overdueReviews), .count(row.chatMessages), .count(row.stepsCompleted)]
                      })
    }

    static func region(_ page: PageContext, region: Region, cycle: Cycle, choice: CuratorReportController.PeriodChoice,
                       report: CuratorReport, versions: [CuratorReportRecord], canConfirm: Bool, today: CalendarDate) -> Response {
        let regionID = region.id!
        let periodQuery = choice.payment.map { [("payment", $0.rawValue)] }
            ?? [("from", choice.period.from.iso), ("to", choice.period.to.iso)]
        return Layout.render(
            page, title: C.title(region.name),
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(C.title, .curatorReports), Crumb(region.name)],
            .p(.text(C.intro)),
            .nav(.class("chart-choice"), .ariaLabel(C.periodLabel), .ul(
                .forEach(CuratorPayment.allCases) { payment in
                    .li(.a(.href(CuratorReportController.url(region: regionID, cycle: cycle, payment: payment)),
                           .if(choice.payment == payment, .attribute(named: "aria-current", value: "page")),
                           .text("\(C.payment(payment)): \(C.period(payment.period(of: cycle)))")))
                }
            )),
            .if(choice.error != nil, Components.errorSummary(["period": choice.error ?? ""])),
            .form(
                .class("as-of"), .method(.get), .action(SiteURL.curatorReport(.value(regionID)).path),
                .input(.type(.hidden), .name("cycle"), .value("\(cycle.year)")),
                Components.field(C.from, name: "from", value: choice.period.from.iso, type: "date"),
                Components.field(C.to, name: "to", value: choice.period.to.iso, type: "date"),
                .button(.type(.submit), .text(C.show))
            ),
            .h2(.text("\(C.periodLabel): \(C.period(choice.period))")),
            Components.table(header, (report.rows + (report.rows.isEmpty ? [] : [report.total])).map(cells), caption: C.title,
                             empty: C.noCurators),
            .p(.class("hint"), .text(C.overdueHint)),
            .p(.class("links"), .a(.href(SiteURL.curatorReportExport(.value(regionID)).path(query: [("cycle", "\(cycle.year)")] + periodQuery)),
                                   .text(C.download))),
            .unwrap(choice.payment) { payment in
                .section(
                    .class("confirmations"),
                    .h2(.text(C.versions)),
                    .if(canConfirm, confirmForm(page, regionID: regionID, cycle: cycle, payment: payment, today: today)),
                    .if(versions.isEmpty, .p(.class("empty"), .text(C.noVersions))),
                    .ul(.class("versions"), .forEach(versions.enumerated()) { index, record in
                        .li(.strong(.text(C.version(record.version))), .if(index == 0, .text(" (\(C.latest))")),
                            .text(" — " + C.confirmedBy(record.confirmedByName, Formats.moment(record.confirmedAt)) + " · "),
                            .a(.href(SiteURL.confirmedCuratorReport(.value(record.id!)).path), .text(C.downloadConfirmed)))
                    })
                )
            }
        )
    }

    private static func confirmForm(_ page: PageContext, regionID: UUID, cycle: Cycle, payment: CuratorPayment,
                                    today: CalendarDate) -> Node<HTML.BodyContext> {
        let period = payment.period(of: cycle)
        guard today > period.to else { return .p(.class("hint"), .text(C.notEnded(period))) }
        return .form(
            .method(.post), .action(SiteURL.curatorReportConfirm(.value(regionID)).path(query: [("cycle", "\(cycle.year)")])),
            .attribute(named: "data-confirm", value: C.confirmQuestion),
            Components.csrfField(page.csrf),
            .input(.type(.hidden), .name("payment"), .value(payment.rawValue)),
            .p(.class("hint"), .text(C.confirmHint)),
            .button(.type(.submit), .text(C.confirmFor(payment)))
        )
    }

    private static func cells(_ row: CuratorReportRow) -> [Node<HTML.TableRowContext>] {
        [row.curatorID == nil ? .td(.strong(.text(row.name))) : Components.cell(row.name),
         Components.number(row.schools), Components.number(row.visitsInPerson), Components.number(row.visitsRemote),
         Components.number(row.decided), Components.number(row.returned), Components.decimal(row.medianDays), Components.decimal(row.p90Days),
         Components.number(row.overdueReviews), Components.number(row.chatMessages), Components.number(row.stepsCompleted)]
    }


    // MARK: the federal coordinator's overview

    static func overview(_ page: PageContext, cycle: Cycle, regions: [Region],
                         latest: [CuratorPayment: [UUID: CuratorReportRecord]]) -> Response {
        Layout.render(
            page, title: C.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(C.title)],
            .p(.text(C.overviewIntro)),
            .ul(.class("links"), .forEach(CuratorPayment.allCases) { payment in
                .li(.text("\(C.payment(payment)) (\(C.period(payment.period(of: cycle)))): "
                          + C.regionsConfirmed(latest[payment]?.count ?? 0, of: regions.count) + " · "),
                    .a(.href(SiteURL.curatorReportsExport.path(query: [("cycle", "\(cycle.year)"), ("payment", payment.rawValue)])),
                       .text(C.downloadAll)))
            }),
            Components.table([C.region] + CuratorPayment.allCases.map(C.paymentShort), regions.map { region in
                [Components.cell(link: region.name, SiteURL.curatorReport(.value(region.id!)).path(query: [("cycle", "\(cycle.year)")]))]
                    + CuratorPayment.allCases.map { payment in
                        guard let record = latest[payment]?[region.id!] else { return .td(.class("late"), .text(C.notConfirmed)) }
                        return .td(.a(.href(SiteURL.confirmedCuratorReport(.value(record.id!)).path),
                                      .text(C.confirmedStatus(record.version, Formats.moment(record.confirmedAt)))))
                    }
            }, caption: C.title)
        )
    }
}
