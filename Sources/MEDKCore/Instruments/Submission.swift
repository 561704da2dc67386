/// One value of one indicator: a number, or «нет» where the seed allows it (not applicable).
public enum IndicatorValue: Sendable, Equatable, Hashable {
    case number(Double)
    case notApplicable

    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }
}

/// JSON: a number, or the string "нет".
extension IndicatorValue: Codable {
    public static let notApplicableText = "нет"

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else if try c.decode(String.self) == Self.notApplicableText {
            self = .notApplicable
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number or \"нет\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .notApplicable: try c.encode(Self.notApplicableText)
        }
    }
}

/// What a school, municipality or centre enters for one period: indicator code → value.
public typealias InstrumentSubmission = [String: IndicatorValue]

/// A value the instrument refuses, typed so that the server words it in Russian with the indicator's
/// title and unit (which it takes from the instrument).
public struct InstrumentProblem: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case missing
        case unknownIndicator
        case notApplicableNotAllowed
        case notANumber
        case percentOutOfRange
        case negativeCount
        case fractionalCount
        case notYesNo
        case notInScale
        case outOfInterval
    }

    public var code: String
    public var kind: Kind
    /// The refused number, when there was one.
    public var value: Double?

    public init(code: String, kind: Kind, value: Double? = nil) {
        self.code = code
        self.kind = kind
        self.value = value
    }
}

/// Thrown by `Instrument.evaluate` for a submission that does not validate.
public struct InvalidSubmission: Error, Sendable, Equatable {
    public let problems: [InstrumentProblem]
}

extension Instrument {
    /// Every problem of the submission, in the order of the form; unknown codes last, sorted.
    public func validate(_ submission: InstrumentSubmission) -> [InstrumentProblem] {
        var problems: [InstrumentProblem] = []
        for indicator in indicators {
            guard let value = submission[indicator.code] else {
                if indicator.isRequired { problems.append(.init(code: indicator.code, kind: .missing)) }
                continue
            }
            if let kind = indicator.unit.problem(with: value) {
                problems.append(.init(code: indicator.code, kind: kind, value: value.number))
            }
        }
        let known = Set(indicators.map(\.code))
        for code in submission.keys.filter({ !known.contains($0) }).sorted() {
            problems.append(.init(code: code, kind: .unknownIndicator))
        }
        return problems
    }

    /// Computes the result of a valid submission; refuses an invalid one with all its problems.
    public func evaluate(_ submission: InstrumentSubmission) throws(InvalidSubmission) -> Evaluation {
        let problems = validate(submission)
        guard problems.isEmpty else { throw InvalidSubmission(problems: problems) }
        let value = formula?.value(of: submission).map(Evaluation.tidy)
        let bandIndex = value.flatMap(bandIndex(for:))
        return Evaluation(
            instrumentID: id,
            indicators: indicators.map { .init(code: $0.code, value: submission[$0.code], betterWhen: $0.betterWhen) },
            value: value,
            band: bandIndex.map { bands[$0] },
            bandIndex: bandIndex)
    }
}

extension IndicatorUnit {
    func problem(with value: IndicatorValue) -> InstrumentProblem.Kind? {
        guard case .number(let x) = value else {
            return allowsNotApplicable ? nil : .notApplicableNotAllowed
        }
        guard x.isFinite else { return .notANumber }
        switch self {
        case .percent: return (0...100).contains(x) ? nil : .percentOutOfRange
        case .count:
            if x < 0 { return .negativeCount }
            return x == x.rounded() ? nil : .fractionalCount
        case .yesNo: return x == 0 || x == 1 ? nil : .notYesNo
        case .scale(let allowed, _): return allowed.contains(x) ? nil : .notInScale
        case .interval(let lower, let upper): return x >= lower && x <= upper ? nil : .outOfInterval
        }
    }
}
