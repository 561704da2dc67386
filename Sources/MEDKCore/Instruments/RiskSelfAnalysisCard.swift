import Foundation

/// Seed 003's «Карточка для проведения самоанализа ШНОР»: for each risk factor the school finds actual,
/// a brief description of measures and the period they need. Its answers are text, not numbers, so it is
/// a small type of its own rather than an `Instrument`.
public struct RiskSelfAnalysisCard: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// The factor's number in the card, 1-based.
        public var factor: Int
        public var measures: String
        public var period: String

        public init(factor: Int, measures: String, period: String) {
            self.factor = factor
            self.measures = measures
            self.period = period
        }
    }

    public struct Problem: Sendable, Equatable {
        public enum Kind: String, Sendable { case unknownFactor, repeatedFactor, missingMeasures, missingPeriod }
        public let factor: Int
        public let kind: Kind
    }

    public var title: String
    /// The card's three column headings, word for word.
    public var columns: [String]
    /// Risk-factor titles, numbered from 1 in this order.
    public var factors: [String]

    public init(title: String, columns: [String], factors: [String]) {
        self.title = title
        self.columns = columns
        self.factors = factors
    }

    /// Only actual factors are listed («только актуальные для ОО»), each once, each with measures and a period.
    public func validate(_ entries: [Entry]) -> [Problem] {
        var problems: [Problem] = []
        var seen = Set<Int>()
        for entry in entries {
            guard factors.indices.contains(entry.factor - 1) else {
                problems.append(.init(factor: entry.factor, kind: .unknownFactor))
                continue
            }
            if !seen.insert(entry.factor).inserted { problems.append(.init(factor: entry.factor, kind: .repeatedFactor)) }
            if entry.measures.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.init(factor: entry.factor, kind: .missingMeasures))
            }
            if entry.period.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.init(factor: entry.factor, kind: .missingPeriod))
            }
        }
        return problems
    }

    /// The card of seed 003; its ten factors are the 2021 methodology's catalogue, so both stay one list.
    public static let seed003 = RiskSelfAnalysisCard(
        title: "Карточка для проведения самоанализа ШНОР",
        columns: [
            "Факторы риска (только актуальные для ОО)",
            "Краткое описание мер для устранения факторов рисков",
            "Период необходимый для реализации мер",
        ],
        factors: Methodology.cycle2021.riskFactors.map(\.title))
}
