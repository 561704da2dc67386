import Foundation

/// A list of schools (by «Код ОО») to include in a programme year: every row checked, nothing included while any
/// is wrong.
public enum CycleParticipantsImport {
    public static let schoolCode = RiskProfileImport.schoolCode
    public static let columns = [ImportColumn(schoolCode, aliases: ["код", "код школы"], required: true)]

    /// The schools of the file, in its order; the actor must be able to manage each (a region's coordinator lists its own).
    public static func validate(_ sheet: [[String]], against directory: Directory, by actor: Actor) -> Result<[UUID], ImportFailure> {
        let table: ImportTable
        switch ImportTable.resolve(sheet, columns: columns) {
        case .success(let resolved): table = resolved
        case .failure(let failure): return .failure(failure)
        }
        var schools: [UUID] = [], issues: [ImportIssue] = [], seen: [UUID: Int] = [:]
        for index in table.rows.indices {
            var check = RowCheck(table: table, index: index)
            let school = check.school(schoolCode, in: directory, by: actor, seen: &seen)
            if let school, check.issues.isEmpty { schools.append(school.id) } else { issues += check.issues }
        }
        if table.rows.isEmpty { issues.append(ImportIssue(row: 1, column: nil, problem: .noRows)) }
        return issues.isEmpty ? .success(schools) : .failure(ImportFailure(issues))
    }
}
