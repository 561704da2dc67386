import Foundation
import MEDKCore
import MEDKSheets

/// Every table of the coordinators' monitoring as one neutral grid, written to XLSX or CSV: the numbers
/// are the page's numbers, computed once.
struct DashboardGrid: Sendable {
    enum Value: Sendable, Equatable {
        case text(String)
        case count(Int)
        /// A fraction; nil is an empty cell (a note column says why).
        case share(Double?)
        case decimal(Double?)
        case day(CalendarDate?)
    }

    let sheetName: String
    let header: [String]
    let widths: [Double]
    let rows: [[Value]]

    func xlsx() throws -> Data { try Self.xlsx([self]) }

    /// Several grids as the sheets of one workbook.
    static func xlsx(_ grids: [DashboardGrid]) throws -> Data {
        try XLSXWriter(sheets: grids.map(\.sheet)).data()
    }

    private var sheet: XLSXWriter.Sheet {
        let cells: [[XLSXWriter.Cell]] = rows.map { row in
            row.map { value in
                switch value {
                case .text(let text): text.isEmpty ? .empty : .text(text)
                case .count(let n): .integer(n)
                case .share(let fraction?): .percent(fraction)
                case .decimal(let number?): .number((number * 10).rounded() / 10)
                case .share(nil), .decimal(nil), .day(nil): .empty
                case .day(let day?): .date(year: day.year, month: day.month, day: day.day)
                }
            }
        }
        return .init(name: sheetName, header: header, rows: cells, columnWidths: widths)
    }

    /// Percentages as "42,5" (a Russian Excel reads the comma as the decimal point), dates as дд.мм.гггг.
    func csv() -> Data {
        let text: [[String]] = rows.map { row in
            row.map { value in
                switch value {
                case .text(let text): text
                case .count(let n): String(n)
                case .share(let fraction?): Self.decimal(fraction * 100)
                case .decimal(let number?): Self.decimal(number)
                case .share(nil), .decimal(nil), .day(nil): ""
                case .day(let day?): day.russian
                }
            }
        }
        return CSVWriter.write([header] + text)
    }

    private static func decimal(_ number: Double) -> String {
        String(format: "%.1f", number).replacingOccurrences(of: ".", with: ",")
    }
}

enum DashboardGrids {
    typealias D = Strings.Dashboards

    static func indicators(_ table: IndicatorTable) -> DashboardGrid {
        let nameColumn = switch table.scope.level {
        case .country: D.region
        case .region: D.municipality
        case .municipality: D.school
        }
        var header = [nameColumn]
        for indicator in InclusionIndicator.allCases {
            let title = D.indicatorTitle(indicator)
            let (done, total) = switch indicator {
            case .territoryRoadmapDone: (D.roadmapNumerator, D.roadmapDenominator)
            case .regionalPlanSent: (D.plansSentNumerator, D.plansSentDenominator)
            default: (D.numerator, D.denominator)
            }
            header += ["\(title): \(done.lowercased())", "\(title): \(total.lowercased())", "\(title): \(D.share.lowercased())"]
        }
        header.append(D.note)
        let rows = (table.rows + [table.total]).map { row -> [DashboardGrid.Value] in
            var notes: [String] = []
            let figures = InclusionIndicator.allCases.flatMap { indicator -> [DashboardGrid.Value] in
                // A numeric share column holds a number or nothing; the note says why it is empty.
                if let why = emptyShareReason(row, indicator) { notes.append(D.emptyShare(indicator, why)) }
                if indicator == .territoryRoadmapDone, let basis = row.roadmap?.basis, basis != .due {
                    notes.append(D.emptyShare(indicator, basis == .undated ? D.roadmapUndated : D.roadmapNotYetDue))
                }
                guard let tally = row.tally(indicator) else { return [.text(""), .text(""), .share(nil)] }
                return [.count(tally.done), .count(tally.total), .share(tally.fraction)]
            }
            return [.text(row.name)] + figures + [.text(notes.joined(separator: "; "))]
        }
        return DashboardGrid(sheetName: D.indicatorsSheet, header: header,
                             widths: [50] + Array(repeating: 14, count: header.count - 2) + [60], rows: rows)
    }

    private static func emptyShareReason(_ row: IndicatorRow, _ indicator: InclusionIndicator) -> String? {
        guard row.tally(indicator)?.fraction == nil else { return nil }
        if !indicator.isPerTerritory { return D.noSchoolsTaking }
        if row.isSchool { return D.territoryOnly }
        return row.roadmap == nil ? D.noPlan : D.noItems
    }

    static func cell(_ rows: [DrillDownRow]) -> DashboardGrid {
        DashboardGrid(sheetName: D.cellSheet, header: [D.school, D.municipality, D.done], widths: [60, 30, 14],
                      rows: rows.map { [.text($0.school), .text($0.municipality), .text($0.done ? D.yes : D.no)] })
    }

    static func curators(_ work: CuratorWork) -> DashboardGrid {
        DashboardGrid(sheetName: D.curatorsSheet,
                      header: [D.curator, D.schools, D.itemsWaiting, D.medianDays, D.p90Days, D.overdueReviews,
                               D.visitsThisMonth, D.lastActivity],
                      widths: [40, 10, 14, 18, 18, 18, 16, 18],
                      rows: work.curators.map { row in
                          [.text(row.name), .count(row.schools), .count(row.waiting), .decimal(row.medianDays),
                           .decimal(row.p90Days), .count(row.overdueReviews), .count(row.visitsThisMonth),
                           .day(row.lastActivity.map { CalendarDate($0, in: InclusionFacts.defaultZone) })]
                      })
    }

    static func schools(_ work: CuratorWork) -> DashboardGrid {
        DashboardGrid(sheetName: D.schoolsSheet,
                      header: [D.school, D.municipality, D.curator, D.daysSinceAction, D.lastVisit, D.nextVisit, D.visitOverdue],
                      widths: [60, 30, 40, 18, 16, 18, 14],
                      rows: work.schools.map { row in
                          [.text(row.school), .text(row.municipality), .text(row.curators.sorted().joined(separator: ", ")),
                           row.daysSinceAction(work.day).map(DashboardGrid.Value.count) ?? .text(D.never),
                           .day(row.lastVisit), .day(row.nextVisit), .text(row.visitOverdue ? D.yes : D.no)]
                      })
    }
}
