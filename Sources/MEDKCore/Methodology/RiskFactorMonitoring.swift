import Foundation

/// Seed 003's fourth monitoring, «мониторинг проявления рисков факторов ШНОР» (yearly, in July): for a territory
/// and a period, what became of each risk factor of the catalogue across its schools — what the risk profile
/// diagnosed, what the curator's protocol confirmed or added, what the school's self-analysis card finds actual and
/// what it chose as a direction — and how that moved since the previous period. Kept free of storage so that the
/// reading of the seed lives in one place and can be tested on hand-made data.
public enum RiskFactorMonitoring {
    public static let title = "Мониторинг проявления рисков факторов ШНОР"

    /// Seed 003, 5.10, word for word: the page names what the figures are built from.
    public static let sources = "результаты анализа «зон риска», выявленных по результатам оценочных процедур, "
        + "карточки для самоанализа ШНОР, рисковые профили школ, протокол куратора по работе с рисковым профилем ШНОР"

    /// What is known about one school in one period. Give each school once: the table counts schools, not entries.
    public struct School: Sendable, Equatable {
        public let id: UUID
        /// Significance by factor number − 1, as the risk profile has it. Empty when no profile was loaded: such a
        /// school is in no significance column, and anything the curator confirms for it counts as added. A factor
        /// beyond the end counts as not diagnosed; entries beyond the catalogue are ignored.
        public let significance: [Significance]
        /// The curator's protocol, by group number: true — the group's risks are confirmed, false — not confirmed.
        /// A group the curator has not judged yet is simply absent, so «не проверен» needs no third value.
        /// Group numbers the protocol does not have are ignored.
        public let curatorAnswers: [Int: Bool]
        /// Factor numbers the school's self-analysis card finds actual; numbers outside the catalogue are ignored.
        public let selfAnalysis: Set<Int>
        /// Factor numbers the school activated as directions; numbers outside the catalogue are ignored.
        public let directions: Set<Int>

        public init(id: UUID, significance: [Significance] = [], curatorAnswers: [Int: Bool] = [:],
                    selfAnalysis: Set<Int> = [], directions: Set<Int> = [])
        {
            self.id = id
            self.significance = significance
            self.curatorAnswers = curatorAnswers
            self.selfAnalysis = selfAnalysis
            self.directions = directions
        }
    }

    /// The table's columns, in the order the page shows them. A school can be in several columns of one factor
    /// (diagnosed high, confirmed, actual in the card, chosen), but in at most one significance column and in at
    /// most one of confirmed, not confirmed, not verified and added.
    public enum Column: String, CaseIterable, Sendable {
        /// Diagnosed in the risk profile, by the profile's significance of the factor.
        case high, medium, low
        /// The curator verifies only high and medium risks (`Significance.needsVerification`), through the protocol
        /// group whose `factors` contain the factor: answered true — confirmed, false — not confirmed, not judged
        /// yet or no group covers the factor — not verified.
        case confirmed, notConfirmed, notVerified
        /// The covering group is answered true although the profile did not diagnose the factor high or medium
        /// (low, none, or no profile): the curator found a risk the profile did not put forward. A low factor the
        /// curator confirms is therefore added, not confirmed.
        case added
        /// The factor is actual in the school's self-analysis card.
        case selfAnalysis
        /// The factor is one of the school's activated directions.
        case direction

        public var title: String {
            switch self {
            case .high: "высокая"
            case .medium: "средняя"
            case .low: "низкая"
            case .confirmed: "подтверждён куратором"
            case .notConfirmed: "не подтверждён куратором"
            case .notVerified: "не проверен куратором"
            case .added: "добавлен куратором"
            case .selfAnalysis: "актуален в карточке самоанализа"
            case .direction: "выбран направлением"
            }
        }
    }

    /// One factor's line of the table.
    public struct Row: Sendable, Equatable {
        public let factor: Int
        /// School ids per column, every column present, each list without repeats and sorted by `uuidString`, so
        /// that the page can drill down from a count to its schools and two equal tables compare equal.
        public let schools: [Column: [UUID]]

        /// Also for rebuilding a stored period's table: the lists are normalised as `rows` would make them.
        public init(factor: Int, schools: [Column: [UUID]]) {
            self.factor = factor
            self.schools = Dictionary(uniqueKeysWithValues: Column.allCases.map { column in
                (column, Set(schools[column] ?? []).sorted { $0.uuidString < $1.uuidString })
            })
        }

        public func count(_ column: Column) -> Int { schools[column]?.count ?? 0 }
    }

    /// One row per factor of the catalogue, in its order. Factor numbers outside the catalogue, in any input, have
    /// no row and are never counted.
    public static func rows(factors: [Methodology.RiskFactor], protocol verification: VerificationProtocol,
                            schools: [School]) -> [Row]
    {
        factors.map { factor in
            // The seed's protocol covers each factor once; should a protocol cover one twice, its first group speaks.
            let group = verification.groups.first { $0.factors.contains(factor.number) }?.number
            var ids: [Column: [UUID]] = [:]
            for school in schools {
                for column in columns(of: school, factor: factor.number, group: group) {
                    ids[column, default: []].append(school.id)
                }
            }
            return Row(factor: factor.number, schools: ids)
        }
    }

    /// Current minus previous, per column of one factor.
    public typealias Change = [Column: Int]

    /// Per factor of `current`, every column's count minus the previous period's; a school present in only one of
    /// the periods simply counts in that one. A factor absent from `previous` has no entry (nil): there is nothing
    /// to compare it with, and a zero change would claim otherwise.
    public static func change(_ current: [Row], since previous: [Row]) -> [Int: Change] {
        let before = Dictionary(previous.map { ($0.factor, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [Int: Change] = [:]
        for row in current {
            guard let old = before[row.factor] else { continue }
            result[row.factor] = Dictionary(uniqueKeysWithValues: Column.allCases.map {
                ($0, row.count($0) - old.count($0))
            })
        }
        return result
    }

    /// The columns one school is in for one factor; `group` is the number of the protocol group covering it.
    static func columns(of school: School, factor: Int, group: Int?) -> [Column] {
        let significance = school.significance.indices.contains(factor - 1) ? school.significance[factor - 1] : .none
        var columns: [Column] = []
        switch significance {
        case .high: columns.append(.high)
        case .medium: columns.append(.medium)
        case .low: columns.append(.low)
        case .none: break
        }
        let answer = group.flatMap { school.curatorAnswers[$0] }
        if significance.needsVerification {
            switch answer {
            case true?: columns.append(.confirmed)
            case false?: columns.append(.notConfirmed)
            case nil: columns.append(.notVerified)
            }
        } else if answer == true {
            columns.append(.added)
        }
        if school.selfAnalysis.contains(factor) { columns.append(.selfAnalysis) }
        if school.directions.contains(factor) { columns.append(.direction) }
        return columns
    }
}
