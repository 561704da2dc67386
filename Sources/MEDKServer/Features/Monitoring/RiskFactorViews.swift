import Foundation
import MEDKCore
import Plot
import Vapor

enum RiskFactorViews {
    typealias R = Strings.RiskFactors
    typealias Column = RiskFactorMonitoring.Column
    static let crumbs = [Crumb(Strings.Home.title, .home), Crumb(Strings.Monitoring.title, .monitoring), Crumb(R.title)]

    static func page(_ context: PageContext, _ report: RiskFactorReport, years: [Cycle], municipalities: [Municipality]) -> Response {
        let others = years.filter { $0.year != report.cycle.year }
        return Layout.render(
            context, title: R.title(report.scope.name),
            crumbs: crumbs,
            .p(.class("lead"), .text(R.lead(year: report.cycle.year, schools: report.schools.count))),
            .p(.text(R.sources)),
            .if(!others.isEmpty, .p(.class("links"), .text(R.otherYears + ": "), .forEach(others) { year in
                .a(.href(url(.riskFactors, report.scope, year: year.year)), .text("\(year.year) "))
            })),
            .if(!municipalities.isEmpty, .p(.class("links"), .text(R.municipalities + ": "), .forEach(municipalities) { municipality in
                .a(.href(SiteURL.riskFactors.path(query: [("territory", municipality.id!.uuidString), ("cycle", "\(report.cycle.year)")])),
                   .text(municipality.name + " "))
            })),
            .p(.class("links"), .a(.href(url(.riskFactorsExport, report.scope, year: report.cycle.year)), .text(R.download))),
            report.schools.isEmpty ? .p(.class("empty"), .text(R.noSchools)) : table(report),
            .p(.class("hint"), .text(report.previous.map { R.previous($0.year) } ?? R.noPrevious)),
            .p(.class("hint"), .text(R.reading))
        )
    }

    private static func table(_ report: RiskFactorReport) -> Node<HTML.BodyContext> {
        let year = report.cycle.year
        return Components.table(
            [R.factor] + Column.allCases.map(R.column),
            report.factors.compactMap { factor -> [Node<HTML.TableRowContext>]? in
                guard let row = report.row(factor.number) else { return nil }
                let link = url(.riskFactor(.value(factor.number)), report.scope, year: year)
                return [Components.cell(link: R.factorTitle(factor), link)] + Column.allCases.map { column in
                    let count = row.count(column), change = report.change[factor.number]?[column]
                    return .td(.class("num"),
                               count == 0 ? .text("0") : .a(.href(link + "&column=\(column.rawValue)"), .text("\(count)")),
                               .unwrap(change.flatMap { $0 == 0 ? nil : $0 }) { change in
                                   .span(.class("change"), .title(R.changeHint(change, since: report.previous!.year)),
                                         .text(" (\(R.change(change)))"))
                               })
                }
            }, caption: R.title)
    }

    static func factor(_ context: PageContext, _ report: RiskFactorReport, factor: Methodology.RiskFactor,
                       row: RiskFactorMonitoring.Row, column: Column?) -> Response {
        let ids = column.map { Set(row.schools[$0] ?? []) }
        let lines = report.schools.filter { ids?.contains($0.key) ?? true }.map(\.value)
            .sorted { ($0.municipality, $0.name) < ($1.municipality, $1.name) }
        let back = url(.riskFactors, report.scope, year: report.cycle.year)
        return Layout.render(
            context, title: R.factorTitle(factor),
            crumbs: crumbs,
            .p(.class("lead"), .a(.href(back), .text(R.title(report.scope.name))), .text(" · «500+» — \(report.cycle.year)")),
            .unwrap(column) { column in
                .p(.text(R.onlyColumn(column) + " "), .a(.href(url(.riskFactor(.value(factor.number)), report.scope, year: report.cycle.year)),
                                                          .text(R.allSchools)))
            },
            Components.table(
                [R.school, R.municipality, R.significance, R.curatorAnswer, R.note, R.card, R.direction],
                lines.map { line in
                    [Components.cell(line.name), Components.cell(line.municipality),
                     Components.cell(significance(line.picture, factor.number)),
                     Components.cell(R.answer(for: line.picture, in: row)),
                     Components.cell(group(of: factor.number).flatMap { line.notes[$0] } ?? ""),
                     Components.cell(line.picture.selfAnalysis.contains(factor.number) ? R.yes : R.no),
                     Components.cell(line.picture.directions.contains(factor.number) ? R.yes : R.no)]
                }, empty: R.noSchools),
            .p(.class("hint"), .text(R.reading))
        )
    }

    static func regions(_ context: PageContext, regions: [Region], cycle: Cycle) -> Response {
        Layout.render(
            context, title: R.title,
            crumbs: crumbs,
            .p(.text(R.chooseRegion)),
            .ul(.forEach(regions) { region in
                .li(.a(.href(SiteURL.riskFactors.path(query: [("territory", region.id!.uuidString), ("cycle", "\(cycle.year)")])),
                       .text(region.name)))
            })
        )
    }

    /// The table as on the page, and a sheet of every school's line per factor.
    static func grids(_ report: RiskFactorReport) -> [DashboardGrid] {
        let previous = report.previous?.year
        let changes: [Column] = previous == nil ? [] : Column.allCases
        let factors = DashboardGrid(
            sheetName: R.sheet,
            header: [R.factor] + Column.allCases.map(R.column) + changes.map { R.changeColumn($0, since: previous!) },
            widths: [50] + Column.allCases.map { _ in 14 } + changes.map { _ in 14 },
            rows: report.factors.compactMap { factor in
                report.row(factor.number).map { row in
                    [.text(R.factorTitle(factor))] + Column.allCases.map { .count(row.count($0)) }
                        + changes.map { .count(report.change[factor.number]?[$0] ?? 0) }
                }
            })
        let lines = report.schools.values.sorted { ($0.municipality, $0.name) < ($1.municipality, $1.name) }
        let schools = DashboardGrid(
            sheetName: R.schoolsSheet,
            header: [R.school, R.municipality, R.factor, R.significance, R.curatorAnswer, R.note, R.card, R.direction],
            widths: [40, 24, 40, 18, 22, 40, 12, 12],
            rows: lines.flatMap { line in
                report.factors.compactMap { factor -> [DashboardGrid.Value]? in
                    guard let row = report.row(factor.number),
                          Column.allCases.contains(where: { row.schools[$0]?.contains(line.picture.id) == true }) else { return nil }
                    return [.text(line.name), .text(line.municipality), .text(R.factorTitle(factor)),
                            .text(significance(line.picture, factor.number)), .text(R.answer(for: line.picture, in: row)),
                            .text(group(of: factor.number).flatMap { line.notes[$0] } ?? ""),
                            .text(line.picture.selfAnalysis.contains(factor.number) ? R.yes : R.no),
                            .text(line.picture.directions.contains(factor.number) ? R.yes : R.no)]
                }
            })
        return [factors, schools]
    }

    private static func significance(_ school: RiskFactorMonitoring.School, _ factor: Int) -> String {
        guard !school.significance.isEmpty else { return R.noProfile }
        return (factor <= school.significance.count ? school.significance[factor - 1] : .none).title
    }

    private static func group(of factor: Int) -> Int? {
        VerificationProtocol.seed003.groups.first { $0.factors.contains(factor) }?.number
    }

    private static func url(_ site: SiteURL, _ scope: DashboardScope, year: Int) -> String {
        site.path(query: [("territory", scope.id?.uuidString ?? ""), ("cycle", "\(year)")])
    }
}
