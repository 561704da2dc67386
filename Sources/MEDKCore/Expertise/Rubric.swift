import Foundation

/// One line of the rubric an expert scores a school's documents against.
public struct RubricCriterion: Sendable, Equatable, Codable {
    public let key: String
    public let title: String
    public let maxScore: Int

    public init(key: String, title: String, maxScore: Int = 2) {
        self.key = key
        self.title = title
        self.maxScore = maxScore
    }
}

public enum Rubric {
    /// Seed 001: «основным критерием при оценке материалов является наличие в программе преобразования ШНОР
    /// управленческого цикла» — so the criteria walk the cycle from goals to decisions, each scored 0/1/2.
    public static let managementCycle: [RubricCriterion] = [
        RubricCriterion(key: "goals", title: "Цели и задачи вытекают из подтверждённых рисков школы"),
        RubricCriterion(key: "indicators", title: "Показатели измеримы, с исходным и целевым значением"),
        RubricCriterion(key: "measures", title: "Мероприятия имеют сроки и ответственных"),
        RubricCriterion(key: "monitoring", title: "Мониторинг проведён"),
        RubricCriterion(key: "analysis", title: "Результаты мониторинга проанализированы"),
        RubricCriterion(key: "decisions", title: "Управленческие решения следуют из анализа"),
    ]
}

/// An expert's score on one criterion; nil while not yet decided.
public struct CriterionScore: Sendable, Equatable, Codable {
    public let key: String
    public let score: Int?
    public let comment: String

    public init(key: String, score: Int?, comment: String = "") {
        self.key = key
        self.score = score
        self.comment = comment
    }
}

public enum ScoreSheetProblem: Error, Equatable, Sendable {
    case unknownCriterion(String)
    case scoreOutOfScale(key: String, score: Int, maxScore: Int)
    /// Only when submitting.
    case missingScore(key: String)
    /// Only when submitting: a score below maxScore needs a non-blank comment, so the school learns what to fix.
    case commentRequired(key: String)
    /// Only when submitting: the overall conclusion non-blank.
    case conclusionRequired
}

public enum ScoreSheetCheck {
    /// All problems, in rubric order (unknown criteria first, in the order given; the conclusion last).
    /// A draft is work in progress: only unknown keys and out-of-scale scores, which could never become right,
    /// are problems. Submitting also requires every score, a comment for each score below the maximum and a
    /// conclusion. A key given twice is read from its first entry.
    public static func problems(_ scores: [CriterionScore], rubric: [RubricCriterion], conclusion: String,
                                submitting: Bool) -> [ScoreSheetProblem] {
        let known = Set(rubric.map(\.key))
        var problems: [ScoreSheetProblem] = scores.map(\.key).filter { !known.contains($0) }.map { .unknownCriterion($0) }
        let given = firstByKey(scores)

        for criterion in rubric {
            let entry = given[criterion.key]
            guard let score = entry?.score else {
                if submitting { problems.append(.missingScore(key: criterion.key)) }
                continue
            }
            guard (0...max(criterion.maxScore, 0)).contains(score) else {
                problems.append(.scoreOutOfScale(key: criterion.key, score: score, maxScore: criterion.maxScore))
                continue
            }
            if submitting && score < criterion.maxScore && isBlank(entry?.comment ?? "") {
                problems.append(.commentRequired(key: criterion.key))
            }
        }
        if submitting && isBlank(conclusion) { problems.append(.conclusionRequired) }
        return problems
    }

    /// Total of given scores and the maximum possible. Out-of-scale scores and unknown keys add nothing: the
    /// total must never exceed the maximum.
    public static func total(_ scores: [CriterionScore], rubric: [RubricCriterion]) -> (score: Int, max: Int) {
        let given = firstByKey(scores)
        var score = 0
        for criterion in rubric {
            if let value = given[criterion.key]?.score, (0...max(criterion.maxScore, 0)).contains(value) {
                score += value
            }
        }
        return (score, rubric.reduce(0) { $0 + max($1.maxScore, 0) })
    }

    private static func firstByKey(_ scores: [CriterionScore]) -> [String: CriterionScore] {
        var byKey: [String: CriterionScore] = [:]
        for entry in scores where byKey[entry.key] == nil { byKey[entry.key] = entry }
        return byKey
    }

    private static func isBlank(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
