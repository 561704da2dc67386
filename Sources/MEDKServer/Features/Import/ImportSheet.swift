import Foundation
import MEDKSheets
import Vapor

/// The one way an uploaded spreadsheet becomes rows for an import (schools, users, risk profiles, territory
/// plans): bounded, so that a hostile or mistaken file is refused fast.
enum ImportSheet {
    /// The largest real list is the country's schools (about 10,000); a file is refused past this many rows.
    static let maxDataRows = 20_000
    /// Row problems listed on the page; the rest are counted.
    static let shownIssues = 200

    static func read(_ file: File?) -> Result<[[String]], ImportController.Unreadable> {
        guard let file, file.data.readableBytes > 0 else { return .failure(.init(message: Strings.Import.noFile)) }
        do {
            return .success(try SheetReader.read(Data(buffer: file.data), maxRows: maxDataRows + 1))
        } catch {
            return .failure(.init(message: ImportViews.message(for: error)))
        }
    }
}
