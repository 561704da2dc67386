/// A monitoring instrument («мониторинг», комплекс показателей) as data, not code: its indicators,
/// the formula that turns a submission into one value, and the bands that interpret that value.
/// Everything is Codable so that a coordinator can define a new instrument as JSON.
public struct Instrument: Codable, Sendable, Equatable, Identifiable {
    /// Stable code, e.g. "teacher-competence".
    public var id: String
    public var title: String
    public var subject: SubjectKind
    /// In the order of the seed's form.
    public var indicators: [InstrumentIndicator]
    /// nil: the instrument only reports its indicators (e.g. student results, previous vs current period).
    public var formula: Formula?
    /// Evaluated in order; the first band containing the value wins.
    public var bands: [Band]
    /// Shown on the form where the bands needed a decision (e.g. how edges are closed).
    public var rule: String?
    public var notes: String?

    public init(id: String, title: String, subject: SubjectKind, indicators: [InstrumentIndicator],
                formula: Formula? = nil, bands: [Band] = [], rule: String? = nil, notes: String? = nil) {
        self.id = id
        self.title = title
        self.subject = subject
        self.indicators = indicators
        self.formula = formula
        self.bands = bands
        self.rule = rule
        self.notes = notes
    }

    public func indicator(_ code: String) -> InstrumentIndicator? {
        indicators.first { $0.code == code }
    }

    /// Indicators that the formula reads. Derived from the formula so the two can never disagree.
    public var formulaIndicators: [InstrumentIndicator] {
        let codes = Set(formula?.codes ?? [])
        return indicators.filter { codes.contains($0.code) }
    }

    /// Indicators shown beside the result but not part of it (e.g. the counts 8–12 of methodological work).
    public var indicatorsReportedBeside: [InstrumentIndicator] {
        let codes = Set(formula?.codes ?? [])
        return indicators.filter { !codes.contains($0.code) }
    }

    /// The first band that contains the value, or nil when the value falls in none.
    public func band(for value: Double) -> Band? {
        bandIndex(for: value).map { bands[$0] }
    }

    func bandIndex(for value: Double) -> Int? {
        bands.firstIndex { $0.interval.contains(value) }
    }

    private enum CodingKeys: String, CodingKey { case id, title, subject, indicators, formula, bands, rule, notes }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id),
                  title: try c.decode(String.self, forKey: .title),
                  subject: try c.decode(SubjectKind.self, forKey: .subject),
                  indicators: try c.decode([InstrumentIndicator].self, forKey: .indicators),
                  formula: try c.decodeIfPresent(Formula.self, forKey: .formula),
                  bands: try c.decodeIfPresent([Band].self, forKey: .bands) ?? [],
                  rule: try c.decodeIfPresent(String.self, forKey: .rule),
                  notes: try c.decodeIfPresent(String.self, forKey: .notes))
    }
}

/// Who or what an instrument measures.
public enum SubjectKind: String, Codable, Sendable, CaseIterable {
    case school, teacher, municipality, mentoringCentre, tutorPoint

    /// Russian vocabulary, as seed 003 names them.
    public var title: String {
        switch self {
        case .school: "Школа"
        case .teacher: "Учитель"
        case .municipality: "Муниципалитет"
        case .mentoringCentre: "Муниципальный наставнический центр (МНЦ)"
        case .tutorPoint: "Муниципальный тьюторский консультационный пункт (МТКП)"
        }
    }
}

public struct InstrumentIndicator: Codable, Sendable, Equatable {
    /// Which way a change of the indicator is an improvement (for the dynamics between periods).
    public enum BetterWhen: String, Codable, Sendable {
        case higher, lower
    }

    /// As the seed numbers it: "1.1", "П1", "a".
    public var code: String
    /// Word for word from the seed.
    public var title: String
    public var unit: IndicatorUnit
    /// The seed's heading above a run of indicators (e.g. «Доступность методической помощи»).
    public var group: String?
    /// A required indicator must have a value (a number or, where the unit allows it, «нет»).
    public var isRequired: Bool
    public var betterWhen: BetterWhen?
    /// The seed's own unit word where it differs from the unit's default («шт.», «чел.»).
    public var unitLabel: String?
    /// How the seed's form numbers the indicator where the formula's code differs («Показатель № 2» for «ИРО»).
    public var label: String?

    public init(code: String, title: String, unit: IndicatorUnit, group: String? = nil, isRequired: Bool = true,
                betterWhen: BetterWhen? = nil, unitLabel: String? = nil, label: String? = nil) {
        self.code = code
        self.title = title
        self.unit = unit
        self.group = group
        self.isRequired = isRequired
        self.betterWhen = betterWhen
        self.unitLabel = unitLabel
        self.label = label
    }

    /// What the form shows next to the field.
    public var unitTitle: String { unitLabel ?? unit.title }
    /// What forms and tables call the indicator: the seed's own number where it has one.
    public var shownCode: String { label ?? code }

    private enum CodingKeys: String, CodingKey { case code, title, unit, group, isRequired = "required", betterWhen, unitLabel, label }

    /// Only code, title and unit are needed in JSON; an indicator is required unless it says otherwise.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try c.decode(String.self, forKey: .code),
                  title: try c.decode(String.self, forKey: .title),
                  unit: try c.decode(IndicatorUnit.self, forKey: .unit),
                  group: try c.decodeIfPresent(String.self, forKey: .group),
                  isRequired: try c.decodeIfPresent(Bool.self, forKey: .isRequired) ?? true,
                  betterWhen: try c.decodeIfPresent(BetterWhen.self, forKey: .betterWhen),
                  unitLabel: try c.decodeIfPresent(String.self, forKey: .unitLabel),
                  label: try c.decodeIfPresent(String.self, forKey: .label))
    }
}

/// What values an indicator accepts.
public enum IndicatorUnit: Sendable, Equatable {
    /// 0…100.
    case percent
    /// A non-negative whole number.
    case count
    /// 1 (да) or 0 (нет).
    case yesNo
    /// One of the listed points, e.g. {0; 1; 2}; `notApplicable` allows «нет» (excluded from a mean).
    case scale(allowed: [Double], notApplicable: Bool)
    /// Any number between the bounds, both included: the seed's averaged values such as [0; 2].
    case interval(lower: Double, upper: Double)

    public var allowsNotApplicable: Bool {
        if case .scale(_, let notApplicable) = self { return notApplicable }
        return false
    }

    /// Russian vocabulary, as the seed's tables write the units.
    public var title: String {
        switch self {
        case .percent: "%"
        case .count: "Ед."
        case .yesNo: "Да/нет"
        case .scale, .interval: "баллы"
        }
    }
}

/// JSON: {"kind": "percent"}, {"kind": "scale", "allowed": [0, 1, 2], "notApplicable": true},
/// {"kind": "interval", "lower": 0, "upper": 2}.
extension IndicatorUnit: Codable {
    private enum Kind: String, Codable { case percent, count, yesNo, scale, interval }
    private enum CodingKeys: String, CodingKey { case kind, allowed, notApplicable, lower, upper }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .percent: self = .percent
        case .count: self = .count
        case .yesNo: self = .yesNo
        case .scale:
            self = .scale(allowed: try c.decode([Double].self, forKey: .allowed),
                          notApplicable: try c.decodeIfPresent(Bool.self, forKey: .notApplicable) ?? false)
        case .interval:
            self = .interval(lower: try c.decode(Double.self, forKey: .lower), upper: try c.decode(Double.self, forKey: .upper))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .percent: try c.encode(Kind.percent, forKey: .kind)
        case .count: try c.encode(Kind.count, forKey: .kind)
        case .yesNo: try c.encode(Kind.yesNo, forKey: .kind)
        case .scale(let allowed, let notApplicable):
            try c.encode(Kind.scale, forKey: .kind)
            try c.encode(allowed, forKey: .allowed)
            try c.encode(notApplicable, forKey: .notApplicable)
        case .interval(let lower, let upper):
            try c.encode(Kind.interval, forKey: .kind)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
        }
    }
}
