/// How an instrument turns indicator values into one number: a closed set of operations read as
/// data, so a formula written by a coordinator is evaluated without any `eval`.
///
/// One rule for «нет» (not applicable) and for optional indicators left empty: such an indicator is
/// left out, as if it were not in the formula; when nothing is left, the formula has no value.
public enum Formula: Sendable, Equatable {
    case sum([String])
    /// Σ : N where N counts only the applicable values (seed 003, teacher competence).
    case meanOfApplicable([String])
    /// How many of the applicable values meet the condition.
    case count([String], where: Condition)
    /// No value when the denominator is 0.
    case ratio(numerator: String, denominator: String)
    case weightedSum([Term])

    /// Every indicator code the formula reads, in order.
    public var codes: [String] {
        switch self {
        case .sum(let codes), .meanOfApplicable(let codes), .count(let codes, _): codes
        case .ratio(let numerator, let denominator): [numerator, denominator]
        case .weightedSum(let terms): terms.map(\.code)
        }
    }

    /// nil: no value (everything it reads is «нет» or empty, or a ratio over zero).
    func value(of values: [String: IndicatorValue]) -> Double? {
        func number(_ code: String) -> Double? {
            if case .number(let x) = values[code] { return x }
            return nil
        }
        switch self {
        case .sum(let codes):
            let numbers = codes.compactMap(number)
            return numbers.isEmpty ? nil : numbers.reduce(0, +)
        case .meanOfApplicable(let codes):
            let numbers = codes.compactMap(number)
            return numbers.isEmpty ? nil : numbers.reduce(0, +) / Double(numbers.count)
        case .count(let codes, let condition):
            let numbers = codes.compactMap(number)
            return numbers.isEmpty ? nil : Double(numbers.filter { condition.isMet(by: $0) }.count)
        case .ratio(let numerator, let denominator):
            guard let n = number(numerator), let d = number(denominator), d != 0 else { return nil }
            return n / d
        case .weightedSum(let terms):
            let products = terms.compactMap { term in number(term.code).map { $0 * term.weight } }
            return products.isEmpty ? nil : products.reduce(0, +)
        }
    }
}

extension Formula {
    /// One term of a weighted sum: {"code": "a", "weight": 0.5}.
    public struct Term: Codable, Sendable, Equatable {
        public var code: String
        public var weight: Double

        public init(code: String, weight: Double) {
            self.code = code
            self.weight = weight
        }
    }

    /// JSON: {"comparison": ">=", "value": 1}.
    public struct Condition: Codable, Sendable, Equatable {
        public enum Comparison: String, Codable, Sendable {
            case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        }

        public var comparison: Comparison
        public var value: Double

        public init(_ comparison: Comparison, _ value: Double) {
            self.comparison = comparison
            self.value = value
        }

        public func isMet(by x: Double) -> Bool {
            switch comparison {
            case .equal: x == value
            case .notEqual: x != value
            case .less: x < value
            case .lessOrEqual: x <= value
            case .greater: x > value
            case .greaterOrEqual: x >= value
            }
        }
    }
}

/// JSON: {"kind": "sum", "codes": ["a", "b"]}, {"kind": "meanOfApplicable", "codes": [...]},
/// {"kind": "count", "codes": [...], "where": {"comparison": "==", "value": 1}},
/// {"kind": "ratio", "numerator": "x", "denominator": "y"},
/// {"kind": "weightedSum", "terms": [{"code": "a", "weight": 0.5}]}.
extension Formula: Codable {
    private enum Kind: String, Codable { case sum, meanOfApplicable, count, ratio, weightedSum }
    private enum CodingKeys: String, CodingKey { case kind, codes, `where`, numerator, denominator, terms }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .sum: self = .sum(try c.decode([String].self, forKey: .codes))
        case .meanOfApplicable: self = .meanOfApplicable(try c.decode([String].self, forKey: .codes))
        case .count:
            self = .count(try c.decode([String].self, forKey: .codes), where: try c.decode(Condition.self, forKey: .where))
        case .ratio:
            self = .ratio(numerator: try c.decode(String.self, forKey: .numerator),
                          denominator: try c.decode(String.self, forKey: .denominator))
        case .weightedSum: self = .weightedSum(try c.decode([Term].self, forKey: .terms))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .sum(let codes):
            try c.encode(Kind.sum, forKey: .kind)
            try c.encode(codes, forKey: .codes)
        case .meanOfApplicable(let codes):
            try c.encode(Kind.meanOfApplicable, forKey: .kind)
            try c.encode(codes, forKey: .codes)
        case .count(let codes, let condition):
            try c.encode(Kind.count, forKey: .kind)
            try c.encode(codes, forKey: .codes)
            try c.encode(condition, forKey: .where)
        case .ratio(let numerator, let denominator):
            try c.encode(Kind.ratio, forKey: .kind)
            try c.encode(numerator, forKey: .numerator)
            try c.encode(denominator, forKey: .denominator)
        case .weightedSum(let terms):
            try c.encode(Kind.weightedSum, forKey: .kind)
            try c.encode(terms, forKey: .terms)
        }
    }
}
