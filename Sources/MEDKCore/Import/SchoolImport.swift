import Foundation

/// Validates a sheet of schools. Nothing is written by the caller unless `issues` is empty.
public enum SchoolImport {
    public enum Column {
        public static let region = "Регион"
        public static let municipality = "Муниципалитет"
        public static let fullName = "Полное наименование"
        public static let shortName = "Краткое наименование"
        public static let address = "Адрес"
        public static let locality = "Местность"
        public static let code = "Код ОО"
    }

    public static let columns: [ImportColumn] = [
        ImportColumn(Column.region, aliases: ["субъект рф", "субъект"], required: false),
        ImportColumn(Column.municipality, aliases: ["муниципальное образование", "моуо", "район"], required: true),
        ImportColumn(Column.fullName, aliases: ["наименование", "наименование оо", "полное наименование оо"], required: true),
        ImportColumn(Column.shortName, aliases: ["краткое наименование оо"], required: false),
        ImportColumn(Column.address, aliases: ["адрес оо", "юридический адрес"], required: false),
        ImportColumn(Column.locality, aliases: ["тип местности", "сельская/городская"], required: true),
        ImportColumn(Column.code, aliases: ["код", "код школы", "код оо (фис око)"], required: false),
    ]

    public static let rural = "сельская"
    public static let urban = "городская"

    public struct Row: Equatable, Sendable {
        public let line: Int
        public let regionID: UUID
        public let municipalityID: UUID
        public let fullName: String
        public let shortName: String
        public let address: String
        public let isRural: Bool
        public let code: String?
        /// The school this row describes when it is already in the database.
        public let existingID: UUID?
    }

    public static func validate(_ sheet: [[String]], against directory: Directory, by actor: Actor)
        -> Result<[Row], ImportFailure>
    {
        let table: ImportTable
        switch ImportTable.resolve(sheet, columns: columns) {
        case .success(let resolved): table = resolved
        case .failure(let failure): return .failure(failure)
        }
        var rows: [Row] = []
        var issues: [ImportIssue] = []
        var seen: [String: Int] = [:]
        for index in table.rows.indices {
            let line = ImportTable.lineNumber(index)
            var check = RowCheck(table: table, index: index)
            let fullName = check.required(Column.fullName, max: 500)
            let shortName = check.optional(Column.shortName, max: 200)
            let address = check.optional(Column.address, max: 500)
            let code = check.optional(Column.code, max: 32)
            let isRural = check.oneOf(Column.locality, [rural: true, urban: false])
            let place = check.municipality(in: directory, regionColumn: Column.region, column: Column.municipality,
                                           required: true)
            if let place, !Policy.can(actor, .manageSchool, place) {
                check.report(Column.municipality, .forbidden)
            }
            var existing: Directory.School?
            if let place, !code.isEmpty, let byCode = directory.school(code: code) {
                if byCode.municipalityID != place.municipalityID {
                    check.report(Column.code, .codeTakenElsewhere(code))
                }
                existing = byCode
            } else if let place, let municipalityID = place.municipalityID, !fullName.isEmpty {
                existing = directory.school(named: fullName, in: municipalityID)
            }
            if let place, !fullName.isEmpty {
                let key = code.isEmpty ? "\(place.municipalityID!)|\(ImportTable.nameKey(fullName))" : "code|\(code)"
                if let other = seen[key] {
                    check.report(code.isEmpty ? Column.fullName : Column.code, .duplicateInFile(otherRow: other))
                } else {
                    seen[key] = line
                }
            }
            guard check.issues.isEmpty, let place, let isRural else {
                issues += check.issues
                continue
            }
            rows.append(Row(line: line, regionID: place.regionID!, municipalityID: place.municipalityID!,
                            fullName: fullName, shortName: shortName.isEmpty ? fullName : shortName,
                            address: address, isRural: isRural, code: code.isEmpty ? nil : code,
                            existingID: existing?.id))
        }
        return issues.isEmpty ? .success(rows) : .failure(ImportFailure(issues))
    }
}

/// Collects the problems of one data row while reading its cells.
struct RowCheck {
    let table: ImportTable
    let index: Int
    private(set) var issues: [ImportIssue] = []

    init(table: ImportTable, index: Int) {
        self.table = table
        self.index = index
    }

    var line: Int { ImportTable.lineNumber(index) }

    mutating func report(_ column: String?, _ problem: ImportProblem) {
        issues.append(ImportIssue(row: line, column: column, problem: problem))
    }

    /// The school a row names by its code: known, the actor's to manage, and not named by an earlier row (`seen`:
    /// school → its line). Nil, with the problem reported, otherwise.
    mutating func school(_ column: String, in directory: Directory, by actor: Actor, seen: inout [UUID: Int]) -> Directory.School? {
        let code = required(column, max: 32)
        guard !code.isEmpty else { return nil }
        guard let school = directory.school(code: code) else {
            report(column, .unknownSchool(code))
            return nil
        }
        let place = Place(region: school.regionID, municipality: school.municipalityID, school: school.id)
        if !Policy.can(actor, .manageSchool, place) { report(column, .forbidden) }
        if let other = seen[school.id] { report(column, .duplicateInFile(otherRow: other)) } else { seen[school.id] = line }
        return school
    }

    mutating func required(_ column: String, max: Int) -> String {
        let value = table.value(index, column)
        if value.isEmpty { report(column, .required) } else if value.count > max { report(column, .tooLong(max: max)) }
        return value
    }

    mutating func optional(_ column: String, max: Int) -> String {
        let value = table.value(index, column)
        if value.count > max { report(column, .tooLong(max: max)) }
        return value
    }

    mutating func oneOf<T>(_ column: String, _ allowed: KeyValuePairs<String, T>) -> T? {
        let value = table.value(index, column)
        if value.isEmpty {
            report(column, .required)
            return nil
        }
        let key = ImportTable.nameKey(value)
        guard let match = allowed.first(where: { $0.key == key }) else {
            report(column, .invalidValue(value, allowed: allowed.map(\.key)))
            return nil
        }
        return match.value
    }

    /// Resolves the region (when its column is filled) and the municipality within it.
    mutating func municipality(in directory: Directory, regionColumn: String, column: String, required: Bool) -> Place? {
        let regionName = table.value(index, regionColumn)
        let region: Directory.Region?
        if regionName.isEmpty {
            region = nil
        } else if let found = directory.region(named: regionName) {
            region = found
        } else {
            report(regionColumn, .unknownRegion(regionName))
            return nil
        }
        let name = table.value(index, column)
        if name.isEmpty {
            if required { report(column, .required) }
            return nil
        }
        switch directory.municipality(named: name, in: region?.id) {
        case .success(let municipality):
            return Place(region: municipality.regionID, municipality: municipality.id)
        case .failure(let problem):
            report(column, problem)
            return nil
        }
    }

    /// Resolves a region named in its column.
    mutating func region(in directory: Directory, column: String) -> Place? {
        let name = table.value(index, column)
        if name.isEmpty {
            report(column, .required)
            return nil
        }
        guard let region = directory.region(named: name) else {
            report(column, .unknownRegion(name))
            return nil
        }
        return Place(region: region.id)
    }
}
