import Foundation
import MEDKCore
import MEDKSheets

/// The municipality's summary table («сводная форма»): a row per subject with every indicator, the value,
/// the band and its recommendation, and last period's value; a second sheet explains the indicator codes.
enum MonitoringExport {
    static func summary(_ run: MonitoringRun, owner: TerritoryOwner, instrument: Instrument, rows: [MonitoringResultRow],
                        previous: MonitoringRun?) throws -> Data {
        let M = Strings.Monitoring.self
        let hasFormula = instrument.formula != nil
        let header = [M.rowNumber, instrument.subject.title] + instrument.indicators.map(\.shownCode)
            + (hasFormula ? [M.value, M.band, M.recommendation, M.previousOf(previous), M.change] : [M.previousOf(previous)])
            + [M.enteredAt]
        let lines: [[XLSXWriter.Cell]] = rows.enumerated().map { index, row in
            let values = row.submission?.submission ?? [:]
            var cells: [XLSXWriter.Cell] = [.integer(index + 1), .text(row.subject.name)]
            cells += instrument.indicators.map { indicator in
                switch values[indicator.code] {
                case .number(let x)?: .number(x)
                case .notApplicable?: .text(IndicatorValue.notApplicableText)
                case nil: .empty
                }
            }
            if hasFormula {
                let value: XLSXWriter.Cell = row.evaluation?.value.map { .number($0) }
                    ?? (row.evaluation == nil ? .empty : .text(M.noValue))
                cells += [value, row.evaluation?.band.map { .text($0.label) } ?? .empty,
                          row.evaluation?.band.map { .text($0.recommendation) } ?? .empty,
                          row.previous?.value.map { .number($0) } ?? .empty,
                          row.dynamics?.change.map { .number($0) } ?? .empty]
            } else {
                cells.append(row.dynamics.map { .text(M.changeText($0, hasFormula: false)) } ?? .empty)
            }
            cells.append(row.submission.map { .text(Formats.moment($0.submittedAt)) } ?? .empty)
            return cells
        }
        let title = [[XLSXWriter.Cell.text(instrument.title)], [.text("\(owner.fullName) · \(run.period) (\(M.dates(run)))")], []]
        let summary = XLSXWriter.Sheet(name: M.summarySheet, header: header, rows: lines,
                                       columnWidths: [8, 36] + instrument.indicators.map { _ in 8 }
                                           + (hasFormula ? [12, 30, 50, 14, 12] : [30]) + [18])
        let legend = XLSXWriter.Sheet(
            name: M.indicatorsSheet, header: [M.code, M.indicator, M.unit, M.group],
            rows: title + instrument.indicators.map { indicator in
                [.text(indicator.shownCode), .text(indicator.title), .text(M.unitHint(indicator)), .text(indicator.group ?? "")]
            } + [[]] + instrument.bands.map { band in
                [.text(band.interval.description), .text(band.label), .text(band.recommendation)]
            },
            columnWidths: [14, 80, 30, 40])
        return try XLSXWriter(sheets: [summary, legend]).data()
    }
}
