import Foundation

/// Part I of seed 003's teacher form («I часть»): what the teacher teaches and brings, kept beside the
/// level so that teachers of one subject can be grouped for courses. The school and the teacher's full
/// name are the directory's, so the form does not repeat them.
public struct TeacherPartI: Codable, Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case unknownSubject, missingEducation, educationTooLong, experienceOutOfRange, hoursOutOfRange
        }
        public let kind: Kind

        public init(kind: Kind) {
            self.kind = kind
        }
    }

    /// «Преподаваемый предмет», one of `subjects`.
    public var subject: String
    /// «Образование по диплому», free text.
    public var education: String
    /// «Стаж педагогической работы (в полных годах)»; nil when the form leaves it empty.
    public var experienceYears: Int?
    /// «Нагрузка недельная (в часах)»; nil when the form leaves it empty.
    public var weeklyHours: Double?
    /// The methodologist's conclusions on seed 003's two forms, entered once the teacher has been observed.
    public var conclusions: TeacherConclusions?

    public init(subject: String, education: String, experienceYears: Int? = nil, weeklyHours: Double? = nil) {
        self.subject = subject
        self.education = education
        self.experienceYears = experienceYears
        self.weeklyHours = weeklyHours
    }

    /// The seed's list, word for word and in its order, which is also the order of every report by subject.
    public static let subjects: [String] = [
        "русский язык", "математика", "иностранный язык", "информатика", "физика",
        "химия", "биология", "история", "обществознание", "география",
    ]

    public static let maxEducationLength = 300
    public static let experienceRange = 0...70
    public static let hoursRange = 0.0...60.0

    /// The seed's spelling of a subject typed by hand («Математика » → «математика»): case, ё/е and extra
    /// spaces do not make a different subject.
    public static func subject(matching typed: String) -> String? {
        let key = TeacherLevels.foldedKey(typed)
        return subjects.first { TeacherLevels.foldedKey($0) == key }
    }

    /// Every problem, in the order of the form. Subject and education are needed for the groups; experience
    /// and hours only describe the teacher, so an empty field is accepted and only a typed value is checked.
    public func validate() -> [Problem] {
        var problems: [Problem] = []
        if Self.subject(matching: subject) == nil { problems.append(.init(kind: .unknownSubject)) }
        let education = education.trimmingCharacters(in: .whitespacesAndNewlines)
        if education.isEmpty {
            problems.append(.init(kind: .missingEducation))
        } else if education.count > Self.maxEducationLength {
            problems.append(.init(kind: .educationTooLong))
        }
        if let experienceYears, !Self.experienceRange.contains(experienceYears) {
            problems.append(.init(kind: .experienceOutOfRange))
        }
        // NaN is in no range, so it is refused too.
        if let weeklyHours, !Self.hoursRange.contains(weeklyHours) {
            problems.append(.init(kind: .hoursOutOfRange))
        }
        return problems
    }
}

/// The seed's reports on teachers' levels: by subject, school and municipality; the groups «учителей,
/// преподающих один предмет, с идентичным уровнем» that courses are planned for; and the dynamics
/// between two periods. Levels are band indices of `Instrument.teacherCompetence` (0 = «уровень А», the worst).
public enum TeacherLevels {
    /// One teacher's result in one period. A teacher of two subjects fills two forms, so has two records
    /// with the same `id`.
    public struct Teacher: Sendable, Equatable {
        /// The person, the same in every period: the only thing dynamics match on, since names repeat.
        public var id: UUID
        public var name: String
        public var subject: String
        public var schoolID: UUID
        public var school: String
        public var municipalityID: UUID
        public var municipality: String
        /// Band index; nil while the teacher has no result (no form yet, or a form that gives no value).
        public var level: Int?

        public init(id: UUID, name: String, subject: String, schoolID: UUID, school: String,
                    municipalityID: UUID, municipality: String, level: Int?) {
            self.id = id
            self.name = name
            self.subject = subject
            self.schoolID = schoolID
            self.school = school
            self.municipalityID = municipalityID
            self.municipality = municipality
            self.level = level
        }
    }

    /// Results counted per level. A teacher of two subjects is counted once per subject: the level belongs
    /// to the subject, not to the person.
    public struct Counts: Sendable, Equatable {
        /// Indexed by level, `levelCount` long.
        public var byLevel: [Int]
        /// Teachers with no level, and levels the instrument does not have, so that nobody is silently dropped.
        public var withoutLevel: Int

        public var total: Int { byLevel.reduce(0, +) + withoutLevel }

        public init(levelCount: Int) {
            byLevel = Array(repeating: 0, count: max(levelCount, 0))
            withoutLevel = 0
        }

        public init(byLevel: [Int], withoutLevel: Int = 0) {
            self.byLevel = byLevel
            self.withoutLevel = withoutLevel
        }

        mutating func add(_ level: Int?) {
            if let level, byLevel.indices.contains(level) {
                byLevel[level] += 1
            } else {
                withoutLevel += 1
            }
        }
    }

    public struct Group: Sendable, Equatable {
        /// The seed's spelling when the subject is one of its ten.
        public let subject: String
        public let level: Int
        /// nil: a municipal group, across the municipality's schools.
        public let schoolID: UUID?
        /// By name.
        public let teachers: [Teacher]
    }

    /// Previous period → current period; a higher index is a better level.
    public enum Move: String, Sendable, CaseIterable {
        case up, same, down
    }

    public struct Change: Sendable, Equatable {
        /// The current period's record.
        public let teacher: Teacher
        public let previous: Int
        public let current: Int
        public let move: Move
    }

    // MARK: counts

    /// The seed's subjects in its order, then any other subject alphabetically; only subjects with teachers.
    public static func bySubject(_ teachers: [Teacher], levelCount: Int) -> [(subject: String, counts: Counts)] {
        var counts: [String: Counts] = [:]
        for teacher in teachers {
            counts[subject(of: teacher), default: Counts(levelCount: levelCount)].add(teacher.level)
        }
        return counts.keys.sorted(by: subjectPrecedes).map { ($0, counts[$0]!) }
    }

    /// «по образовательным организациям», by school name.
    public static func bySchool(_ teachers: [Teacher], levelCount: Int) -> [(schoolID: UUID, school: String, counts: Counts)] {
        count(teachers, levelCount: levelCount, by: { ($0.schoolID, $0.school) })
            .map { (schoolID: $0.id, school: $0.name, counts: $0.counts) }
    }

    /// «муниципалитету в целом», by municipality name (a region's report has several).
    public static func byMunicipality(_ teachers: [Teacher], levelCount: Int)
        -> [(municipalityID: UUID, municipality: String, counts: Counts)] {
        count(teachers, levelCount: levelCount, by: { ($0.municipalityID, $0.municipality) })
            .map { (municipalityID: $0.id, municipality: $0.name, counts: $0.counts) }
    }

    private static func count(_ teachers: [Teacher], levelCount: Int, by place: (Teacher) -> (UUID, String))
        -> [(id: UUID, name: String, counts: Counts)] {
        var names: [UUID: String] = [:]
        var counts: [UUID: Counts] = [:]
        for teacher in teachers {
            let (id, name) = place(teacher)
            if names[id] == nil { names[id] = name }
            counts[id, default: Counts(levelCount: levelCount)].add(teacher.level)
        }
        return counts.keys
            .map { (id: $0, name: names[$0]!, counts: counts[$0]!) }
            .sorted { namePrecedes($0.name, $0.id, $1.name, $1.id) }
    }

    // MARK: groups

    /// Teachers of one subject at one level — per school with `bySchool`, otherwise across the municipality
    /// (the caller passes one municipality's teachers). A lone teacher is a group of one: they still need the
    /// course. Worst level first, since those groups are planned first; then subject in the seed's order,
    /// then school name.
    public static func groups(_ teachers: [Teacher], bySchool: Bool) -> [Group] {
        struct Key: Hashable {
            let subject: String
            let level: Int
            let schoolID: UUID?
        }
        var members: [Key: [Teacher]] = [:]
        var schoolNames: [UUID: String] = [:]
        for teacher in teachers {
            guard let level = teacher.level else { continue }
            if schoolNames[teacher.schoolID] == nil { schoolNames[teacher.schoolID] = teacher.school }
            members[Key(subject: subject(of: teacher), level: level, schoolID: bySchool ? teacher.schoolID : nil),
                    default: []].append(teacher)
        }
        return members.keys
            .sorted { a, b in
                if a.level != b.level { return a.level < b.level }
                if a.subject != b.subject { return subjectPrecedes(a.subject, b.subject) }
                guard let x = a.schoolID, let y = b.schoolID else { return false }
                return namePrecedes(schoolNames[x]!, x, schoolNames[y]!, y)
            }
            .map { key in
                Group(subject: key.subject, level: key.level, schoolID: key.schoolID,
                      teachers: members[key]!.sorted(by: teacherPrecedes))
            }
    }

    // MARK: dynamics

    /// «динамика изменений уровня»: each teacher with a level in both periods, matched by `id` — two teachers
    /// may share a name, and a name may be retyped. When a teacher has several subjects (several records with
    /// one id) the records are paired by subject; a lone record per period is paired whatever its subject,
    /// so a corrected subject does not lose the teacher. Worsened first, since they need attention, then by name.
    public static func dynamics(current: [Teacher], previous: [Teacher]) -> [Change] {
        let before = Dictionary(grouping: previous.filter { $0.level != nil }, by: \.id)
        var changes: [Change] = []
        for (id, now) in Dictionary(grouping: current.filter { $0.level != nil }, by: \.id) {
            guard let then = before[id] else { continue }
            let pairs: [(Teacher, Teacher)]
            if now.count == 1, then.count == 1 {
                pairs = [(now[0], then[0])]
            } else {
                let earlier = Dictionary(then.map { (subject(of: $0), $0) }, uniquingKeysWith: { first, _ in first })
                pairs = now.compactMap { teacher in earlier[subject(of: teacher)].map { (teacher, $0) } }
            }
            for (teacher, old) in pairs {
                let current = teacher.level!, previous = old.level!
                let move: Move = current > previous ? .up : current < previous ? .down : .same
                changes.append(Change(teacher: teacher, previous: previous, current: current, move: move))
            }
        }
        let rank: [Move: Int] = [.down: 0, .same: 1, .up: 2]
        return changes.sorted { a, b in
            if a.move != b.move { return rank[a.move]! < rank[b.move]! }
            if teacherPrecedes(a.teacher, b.teacher) { return true }
            if teacherPrecedes(b.teacher, a.teacher) { return false }
            return subjectPrecedes(subject(of: a.teacher), subject(of: b.teacher))
        }
    }

    /// Every move present, zero included, so a report never has to ask whether a key is missing.
    public static func summary(_ changes: [Change]) -> [Move: Int] {
        var result = Dictionary(uniqueKeysWithValues: Move.allCases.map { ($0, 0) })
        for change in changes { result[change.move, default: 0] += 1 }
        return result
    }

    // MARK: ordering

    /// Case, ё/е and runs of spaces are typing, not meaning.
    static func foldedKey(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .lowercased()
            .replacingOccurrences(of: "ё", with: "е")
    }

    /// The seed's spelling for its subjects, so «Математика» and «математика» are one subject in a report.
    private static func subject(of teacher: Teacher) -> String {
        TeacherPartI.subject(matching: teacher.subject)
            ?? teacher.subject.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func subjectPrecedes(_ a: String, _ b: String) -> Bool {
        let x = TeacherPartI.subjects.firstIndex(of: a) ?? Int.max
        let y = TeacherPartI.subjects.firstIndex(of: b) ?? Int.max
        if x != y { return x < y }
        let (p, q) = (foldedKey(a), foldedKey(b))
        return p != q ? p < q : a < b
    }

    /// Alphabetical with ё as е, then by id so that namesakes keep one order whatever the input's.
    private static func namePrecedes(_ a: String, _ aID: UUID, _ b: String, _ bID: UUID) -> Bool {
        let (p, q) = (foldedKey(a), foldedKey(b))
        if p != q { return p < q }
        if a != b { return a < b }
        return aID.uuidString < bID.uuidString
    }

    private static func teacherPrecedes(_ a: Teacher, _ b: Teacher) -> Bool {
        namePrecedes(a.name, a.id, b.name, b.id)
    }
}

/// Seed 003's «Форма для оценки предметных компетенций учителя» and «Форма для оценки методических компетенций учителя»:
/// each a level of three and the deficits in the methodologist's words («Профессионально-предметные дефициты»,
/// «Профессионально-методические дефициты») — what the courses planned for a group of teachers address.
public struct TeacherConclusions: Codable, Sendable, Equatable {
    public enum Level: String, Codable, Sendable, CaseIterable {
        case high, optimal, insufficient

        public var title: String {
            switch self {
            case .high: "Высокий уровень"
            case .optimal: "Оптимальный уровень"
            case .insufficient: "Недостаточный уровень"
            }
        }
    }

    public var subjectLevel: Level?
    public var subjectDeficits: String
    public var methodLevel: Level?
    public var methodDeficits: String

    public static let maxDeficitsLength = 4000

    public init(subjectLevel: Level? = nil, subjectDeficits: String = "", methodLevel: Level? = nil, methodDeficits: String = "") {
        self.subjectLevel = subjectLevel
        self.subjectDeficits = subjectDeficits
        self.methodLevel = methodLevel
        self.methodDeficits = methodDeficits
    }

    public var isEmpty: Bool {
        subjectLevel == nil && methodLevel == nil && subjectDeficits.isEmpty && methodDeficits.isEmpty
    }
}
