import Foundation

/// One problem found while validating an import file, located by the spreadsheet row
/// (the header is row 1) and column title, as a person would find it in Excel.
public struct ImportIssue: Equatable, Sendable {
    public let row: Int
    public let column: String?
    public let problem: ImportProblem

    public init(row: Int, column: String?, problem: ImportProblem) {
        self.row = row
        self.column = column
        self.problem = problem
    }
}

/// All the problems of a file: an import either writes every row or none.
public struct ImportFailure: Error, Equatable, Sendable {
    public let issues: [ImportIssue]
    public init(_ issues: [ImportIssue]) { self.issues = issues }
}

public enum ImportProblem: Error, Equatable, Sendable {
    case noRows
    case missingColumn
    case required
    case tooLong(max: Int)
    case invalidValue(String, allowed: [String])
    case invalidLogin(String)
    case invalidEmail(String)
    case passwordTooShort(min: Int)
    case unknownRegion(String)
    case unknownMunicipality(String)
    case ambiguousMunicipality(String)
    case unknownSchool(String)
    case duplicateInFile(otherRow: Int)
    case codeTakenElsewhere(String)
    case loginTakenByAnother(String)
    /// The login belongs to a person with a role the importer may not grant: the row would change them.
    case userOutsideScope(String)
    case forbidden
}

/// A column an import file must or may have, with the titles people actually write in Excel.
public struct ImportColumn: Sendable {
    public let title: String
    public let aliases: [String]
    public let required: Bool

    public init(_ title: String, aliases: [String] = [], required: Bool) {
        self.title = title
        self.aliases = aliases
        self.required = required
    }

    var acceptedKeys: Set<String> { Set(([title] + aliases).map(ImportTable.key)) }
}

/// A parsed sheet with its header resolved against the expected columns.
public struct ImportTable: Sendable {
    public let rows: [[String]]
    private let index: [String: Int]

    /// Resolves the header (first row). Missing required columns are reported at row 1.
    public static func resolve(_ sheet: [[String]], columns: [ImportColumn]) -> Result<ImportTable, ImportFailure> {
        guard let header = sheet.first else { return .failure(ImportFailure([ImportIssue(row: 1, column: nil, problem: .noRows)])) }
        let keys = header.map(key)
        var index: [String: Int] = [:]
        var issues: [ImportIssue] = []
        for column in columns {
            if let position = keys.firstIndex(where: column.acceptedKeys.contains) {
                index[column.title] = position
            } else if column.required {
                issues.append(ImportIssue(row: 1, column: column.title, problem: .missingColumn))
            }
        }
        if sheet.count < 2 { issues.append(ImportIssue(row: 2, column: nil, problem: .noRows)) }
        guard issues.isEmpty else { return .failure(ImportFailure(issues)) }
        return .success(ImportTable(rows: Array(sheet.dropFirst()), index: index))
    }

    /// The cell of a data row (0-based) under a column title; "" when the column or cell is absent.
    public func value(_ row: Int, _ column: String) -> String {
        guard let position = index[column], position < rows[row].count else { return "" }
        return rows[row][position]
    }

    public func has(_ column: String) -> Bool { index[column] != nil }

    /// Spreadsheet row number of a data row: the header is row 1.
    public static func lineNumber(_ row: Int) -> Int { row + 2 }

    /// Case, «ё», spaces and a trailing «*» (Excel templates mark required columns so) do not matter.
    static func key(_ text: String) -> String {
        text.lowercased()
            .replacingOccurrences(of: "ё", with: "е")
            .replacingOccurrences(of: "*", with: "")
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The same normalisation for comparing names of territories and schools.
    public static func nameKey(_ text: String) -> String {
        key(text).replacingOccurrences(of: "«", with: "\"").replacingOccurrences(of: "»", with: "\"")
    }
}
