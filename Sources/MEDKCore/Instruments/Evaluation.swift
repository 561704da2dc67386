/// The result of one valid submission.
public struct Evaluation: Codable, Sendable, Equatable {
    public struct IndicatorResult: Codable, Sendable, Equatable {
        public let code: String
        /// nil: an optional indicator left empty.
        public let value: IndicatorValue?
        public let betterWhen: InstrumentIndicator.BetterWhen?
    }

    public let instrumentID: String
    /// In the instrument's order.
    public let indicators: [IndicatorResult]
    /// nil: no value — the instrument has no formula, or every value it reads is «нет».
    public let value: Double?
    /// nil: no value, or a value that falls in no band.
    public let band: Band?
    /// Position of `band` in the instrument's bands, so that moving up a band can be told.
    public let bandIndex: Int?

    /// Rounded to 10 decimals so that sums of decimal inputs (0,1 + 0,2) land exactly on a band edge (0,3).
    static func tidy(_ x: Double) -> Double { (x * 1e10).rounded() / 1e10 }

    /// This period against a previous one: the change of the value, of the band, and of each indicator.
    public func compare(_ previous: Evaluation) -> Dynamics {
        let before = Dictionary(previous.indicators.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let codes = indicators.map(\.code) + previous.indicators.map(\.code).filter { code in
            !indicators.contains { $0.code == code }
        }
        let now = Dictionary(indicators.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return Dynamics(
            previousValue: previous.value,
            currentValue: value,
            change: Self.change(from: previous.value, to: value),
            bandStep: previous.bandIndex.flatMap { p in bandIndex.map { $0 - p } },
            indicators: codes.map { code in
                let old = before[code]?.value, new = now[code]?.value
                let change = Self.change(from: old?.number, to: new?.number)
                return .init(code: code, previous: old, current: new, change: change,
                             trend: change.flatMap { Dynamics.Trend($0, betterWhen: now[code]?.betterWhen ?? before[code]?.betterWhen) })
            })
    }

    private static func change(from old: Double?, to new: Double?) -> Double? {
        guard let old, let new else { return nil }
        return tidy(new - old)
    }
}

/// Previous period → current period.
public struct Dynamics: Codable, Sendable, Equatable {
    public struct IndicatorDynamics: Codable, Sendable, Equatable {
        public let code: String
        public let previous: IndicatorValue?
        public let current: IndicatorValue?
        /// current − previous; nil unless both are numbers.
        public let change: Double?
        /// nil when there is no change to judge or the indicator has no better direction.
        public let trend: Trend?
    }

    public let previousValue: Double?
    public let currentValue: Double?
    public let change: Double?
    /// +1: one band further down the instrument's list (the seed lists bands from worst to best).
    public let bandStep: Int?
    public let indicators: [IndicatorDynamics]

    public func indicator(_ code: String) -> IndicatorDynamics? {
        indicators.first { $0.code == code }
    }
}

extension Dynamics {
    /// The seed's «позитивная или отрицательная динамика».
    public enum Trend: String, Codable, Sendable {
        case improved, unchanged, worsened

        init?(_ change: Double, betterWhen: InstrumentIndicator.BetterWhen?) {
            if change == 0 { self = .unchanged; return }
            guard let betterWhen else { return nil }
            self = (change > 0) == (betterWhen == .higher) ? .improved : .worsened
        }
    }
}

/// Mistakes in an instrument's own definition (a custom instrument typed in as JSON), found before use.
public enum InstrumentDefinitionProblem: Sendable, Equatable {
    case noIndicators
    case duplicateCode(String)
    case formulaReadsUnknownCode(String)
    case formulaReadsNothing
    case emptyScale(code: String)
    case invertedInterval(code: String)
    case emptyBand(index: Int)
}

extension Instrument {
    public var definitionProblems: [InstrumentDefinitionProblem] {
        var problems: [InstrumentDefinitionProblem] = []
        if indicators.isEmpty { problems.append(.noIndicators) }
        var seen = Set<String>()
        for indicator in indicators {
            if !seen.insert(indicator.code).inserted { problems.append(.duplicateCode(indicator.code)) }
            switch indicator.unit {
            case .scale(let allowed, _) where allowed.isEmpty: problems.append(.emptyScale(code: indicator.code))
            case .interval(let lower, let upper) where lower > upper: problems.append(.invertedInterval(code: indicator.code))
            default: break
            }
        }
        if let formula {
            if formula.codes.isEmpty { problems.append(.formulaReadsNothing) }
            for code in formula.codes where !seen.contains(code) { problems.append(.formulaReadsUnknownCode(code)) }
        }
        for (index, band) in bands.enumerated() where band.interval.isEmpty { problems.append(.emptyBand(index: index)) }
        return problems
    }
}

extension Dynamics {
    /// How a group of indicators moved for one school.
    public enum Outcome: String, Sendable, CaseIterable {
        case improved, unchanged, worsened, mixed
    }

    /// Seed 003's conclusion per group of indicators: «школы, улучшившие результаты обучения» and those that «по-прежнему
    /// демонстрируют низкие результаты». Improved: some indicator of the group got better and none worse; nil: nothing
    /// in the group could be compared.
    public func outcome(of codes: [String]) -> Outcome? {
        let wanted = Set(codes)
        let trends = indicators.filter { wanted.contains($0.code) }.compactMap(\.trend)
        guard !trends.isEmpty else { return nil }
        switch (trends.contains(.improved), trends.contains(.worsened)) {
        case (true, false): return .improved
        case (false, true): return .worsened
        case (true, true): return .mixed
        case (false, false): return .unchanged
        }
    }
}

extension Instrument {
    /// The indicator groups in the order of the form, each with its codes.
    public var groups: [(title: String, codes: [String])] {
        var result: [(title: String, codes: [String])] = []
        for indicator in indicators {
            guard let group = indicator.group else { continue }
            if let last = result.indices.last, result[last].title == group { result[last].codes.append(indicator.code) }
            else { result.append((group, [indicator.code])) }
        }
        return result
    }

    /// The same instrument with every indicator optional: the previous period entered beside the current one may be
    /// partly unknown.
    public var withOptionalIndicators: Instrument {
        var copy = self
        copy.indicators = indicators.map { var indicator = $0; indicator.isRequired = false; return indicator }
        return copy
    }
}
