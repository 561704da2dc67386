import Foundation
import MEDKCore
import MEDKSheets

/// The plan as XLSX: the import's columns (so the file imports back unchanged) and each item's standing.
enum TerritoryRoadmapExport {
    static func xlsx(_ roadmap: TerritoryRoadmapRecord, owner: TerritoryOwner, standing: RoadmapStanding) throws -> Data {
        let T = Strings.TerritoryRoadmaps.self
        let header = RoadmapImport.columns.map(\.title) + [T.standingColumn(standing.asOf), T.doneOnColumn, T.evidence, T.comment]
        let rows: [[XLSXWriter.Cell]] = standing.items.map { item in
            let cells = RoadmapImport.cells(of: item.item(cycleYear: roadmap.cycleYear)).map { $0.isEmpty ? XLSXWriter.Cell.empty : .text($0) }
            let mark = standing.inForce[item.id!]
            let state = standing.state(of: item)
            let doneOn: XLSXWriter.Cell = if case .done(let day?) = state {
                .date(year: day.year, month: day.month, day: day.day)
            } else {
                .empty
            }
            let evidence = mark.flatMap { [$0.evidenceName, $0.evidenceLink].compactMap { $0 }.joined(separator: "; ").nonEmptyText }
            return cells + [T.stateTitle(state).map(XLSXWriter.Cell.text) ?? .empty, doneOn,
                            evidence.map(XLSXWriter.Cell.text) ?? .empty,
                            mark.flatMap { $0.comment.nonEmptyText }.map(XLSXWriter.Cell.text) ?? .empty]
        }
        let sheet = XLSXWriter.Sheet(name: T.sheetName, header: header, rows: rows,
                                     columnWidths: [10, 9, 60, 30, 22, 30, 45, 20, 30, 10, 20, 14, 30, 40])
        return try XLSXWriter(sheets: [sheet]).data()
    }
}

extension String {
    var nonEmptyText: String? { isEmpty ? nil : self }
}
