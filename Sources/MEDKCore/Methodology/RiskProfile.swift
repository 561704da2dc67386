import Foundation

/// «Значимость фактора риска» in a school's risk profile (seed 003: высокая, средняя, низкая).
public enum Significance: String, Codable, Sendable, CaseIterable, Comparable {
    case high, medium, low, none

    public var title: String {
        switch self {
        case .high: "высокая"
        case .medium: "средняя"
        case .low: "низкая"
        case .none: "не выявлена"
        }
    }

    /// High and medium risks are what the curator verifies on the first visit.
    public var needsVerification: Bool { self == .high || self == .medium }

    /// Reads the word written in a questionnaire export; an empty cell or a dash means none.
    public init?(word: String) {
        let key = ImportTable.nameKey(word)
        switch key {
        case "высокая", "высокий", "в", "high": self = .high
        case "средняя", "средний", "с", "medium": self = .medium
        case "низкая", "низкий", "н", "low": self = .low
        case "", "-", "—", "нет", "не выявлена", "none": self = .none
        default: return nil
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Significance, b: Significance) -> Bool { a.order < b.order }
}

/// The groups of people whose questionnaires make up the profile.
public enum RespondentGroup: String, Codable, Sendable, CaseIterable {
    case leader, teachers, students, parents

    public var title: String {
        switch self {
        case .leader: "Руководитель"
        case .teachers: "Педагоги"
        case .students: "Обучающиеся"
        case .parents: "Родители"
        }
    }
}

/// Validates a file of risk profiles: one row per school (by its code), a significance for every factor of the
/// cycle's catalogue, and which respondent groups completed the questionnaire. Nothing is written while any
/// row is wrong.
public enum RiskProfileImport {
    public static let schoolCode = "Код ОО"

    public struct Row: Equatable, Sendable {
        public let line: Int
        public let schoolID: UUID
        /// Significance by factor number (1-based), for every factor of the catalogue.
        public let significance: [Int: Significance]
        public let completed: Set<RespondentGroup>
    }

    /// A factor's column may be titled by its number («1», «Фактор 1», «1.») or by its title.
    public static func columns(for factors: [String]) -> [ImportColumn] {
        [ImportColumn(schoolCode, aliases: ["код", "код школы"], required: true)]
            + factors.enumerated().map { index, title in
                let number = index + 1
                return ImportColumn(title, aliases: ["\(number)", "\(number).", "фактор \(number)", "\(number). \(title)"],
                                    required: true)
            }
            + RespondentGroup.allCases.map { ImportColumn($0.title, required: false) }
    }

    public static func validate(_ sheet: [[String]], factors: [String], against directory: Directory, by actor: Actor)
        -> Result<[Row], ImportFailure>
    {
        let table: ImportTable
        switch ImportTable.resolve(sheet, columns: columns(for: factors)) {
        case .success(let resolved): table = resolved
        case .failure(let failure): return .failure(failure)
        }
        var rows: [Row] = []
        var issues: [ImportIssue] = []
        var seen: [UUID: Int] = [:]
        let yes = KeyValuePairs<String, Bool>(dictionaryLiteral: ("да", true), ("1", true), ("+", true), ("нет", false),
                                                                  ("0", false), ("-", false), ("", false))
        for index in table.rows.indices {
            var check = RowCheck(table: table, index: index)
            let school = check.school(schoolCode, in: directory, by: actor, seen: &seen)
            var significance: [Int: Significance] = [:]
            for (offset, title) in factors.enumerated() {
                let word = table.value(index, title)
                if let value = Significance(word: word) { significance[offset + 1] = value }
                else {
                    check.report(title, .invalidValue(word, allowed: [Significance.high, .medium, .low].map(\.title) + ["нет"]))
                }
            }
            var completed = Set<RespondentGroup>()
            for group in RespondentGroup.allCases where table.has(group.title) {
                let word = ImportTable.nameKey(table.value(index, group.title))
                guard let answer = yes.first(where: { $0.key == word })?.value else {
                    check.report(group.title, .invalidValue(table.value(index, group.title), allowed: ["да", "нет"]))
                    continue
                }
                if answer { completed.insert(group) }
            }
            guard check.issues.isEmpty, let school else {
                issues += check.issues
                continue
            }
            rows.append(Row(line: check.line, schoolID: school.id, significance: significance, completed: completed))
        }
        return issues.isEmpty ? .success(rows) : .failure(ImportFailure(issues))
    }
}

/// Seed 000 step 11: the directions a school activates must be exactly the actual risks of its approved
/// self-assessment.
public enum DirectionRule {
    public struct Mismatch: Equatable, Sendable {
        /// Actual risks of the self-assessment that were not chosen.
        public let missing: [Int]
        /// Chosen factors that the self-assessment does not find actual.
        public let extra: [Int]
    }

    public static func check(chosen: Set<Int>, actual: Set<Int>) -> Mismatch? {
        let missing = actual.subtracting(chosen).sorted()
        let extra = chosen.subtracting(actual).sorted()
        return missing.isEmpty && extra.isEmpty ? nil : Mismatch(missing: missing, extra: extra)
    }
}
