import Foundation
import MEDKCore

/// The «new instrument» form as a coordinator fills it in: a table of indicators, the formula from a list and a
/// table of bands. Every field stays text, so a refused form comes back exactly as it was typed; `instrument()`
/// turns it into the same `Instrument` a JSON definition gives, or says what to correct, row by row.
struct InstrumentDraft: Sendable, Equatable {
    struct IndicatorRow: Sendable, Equatable {
        var code = "", title = "", unit = UnitChoice.percent.rawValue, values = ""
        var notApplicable = false, required = true, inFormula = true
        var weight = ""

        var isBlank: Bool { [code, title, values, weight].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    struct BandRow: Sendable, Equatable {
        var interval = "", label = "", recommendation = ""

        var isBlank: Bool { [interval, label, recommendation].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    /// The units a row can take; a scale's points or an interval's bounds go in the row's «values».
    enum UnitChoice: String, CaseIterable, Sendable { case percent, count, yesNo, scale, interval }
    /// The formulas the form offers; `count` stays with the JSON definition.
    enum FormulaChoice: String, CaseIterable, Sendable { case none, sum, meanOfApplicable, weightedSum, ratio }

    var title = "", code = "", subject = SubjectKind.school.rawValue
    var formula = FormulaChoice.sum.rawValue, numerator = "", denominator = "", rule = ""
    var indicators: [IndicatorRow] = Array(repeating: IndicatorRow(), count: Self.newRows)
    var bands: [BandRow] = Array(repeating: BandRow(), count: Self.newRows)

    /// Rows a blank form has, and rows «Добавить строки» adds.
    static let newRows = 3
    /// A form never names more rows than this, whatever its hidden counts say.
    static let maxRows = 200

    enum Field {
        static let title = "title", code = "code", subject = "subject", formula = "formula"
        static let numerator = "numerator", denominator = "denominator", rule = "rule"
        static let indicatorRows = "indicatorRows", bandRows = "bandRows"
        /// The «add rows» buttons: their value says which table grows.
        static let add = "add", addIndicators = "indicators", addBands = "bands"
        static func indicator(_ row: Int, _ part: String) -> String { "i\(row)-\(part)" }
        static func band(_ row: Int, _ part: String) -> String { "b\(row)-\(part)" }
    }

    init() {}

    /// The form as posted. Checkboxes are sent only when ticked; rows beyond the hidden counts are not read.
    init(fields: [String: String]) {
        func text(_ name: String) -> String { fields[name] ?? "" }
        func rows(_ name: String) -> Int { min(max(Int(text(name)) ?? Self.newRows, 1), Self.maxRows) }
        title = text(Field.title)
        code = text(Field.code)
        subject = text(Field.subject)
        formula = text(Field.formula)
        numerator = text(Field.numerator)
        denominator = text(Field.denominator)
        rule = text(Field.rule)
        indicators = (0..<rows(Field.indicatorRows)).map { n in
            IndicatorRow(code: text(Field.indicator(n, "code")), title: text(Field.indicator(n, "title")),
                         unit: text(Field.indicator(n, "unit")), values: text(Field.indicator(n, "values")),
                         notApplicable: fields[Field.indicator(n, "na")] != nil,
                         required: fields[Field.indicator(n, "required")] != nil,
                         inFormula: fields[Field.indicator(n, "formula")] != nil,
                         weight: text(Field.indicator(n, "weight")))
        }
        bands = (0..<rows(Field.bandRows)).map { n in
            BandRow(interval: text(Field.band(n, "interval")), label: text(Field.band(n, "label")),
                    recommendation: text(Field.band(n, "recommendation")))
        }
        switch fields[Field.add] {
        case Field.addIndicators?: indicators += Array(repeating: IndicatorRow(), count: min(Self.newRows, Self.maxRows - indicators.count))
        case Field.addBands?: bands += Array(repeating: BandRow(), count: min(Self.newRows, Self.maxRows - bands.count))
        default: break
        }
    }

    /// Whether the post asked for more rows rather than for saving.
    static func wantsRows(_ fields: [String: String]) -> Bool { fields[Field.add] != nil }

    /// The instrument the form describes, or every problem found, each naming its row. Problems of the whole
    /// definition (a code twice, a formula reading an unknown code, an empty band) are the JSON path's own check.
    func instrument() -> Result<Instrument, DefinitionRefusal> {
        typealias B = Strings.InstrumentBuilder
        var problems: [String] = []
        let name = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(B.titleRequired) }
        let id = code.trimmingCharacters(in: .whitespaces)
        if !MonitoringForm.isCode(id) { problems.append(B.badCode) }
        let kind = SubjectKind(rawValue: subject)
        if kind == nil { problems.append(B.subjectRequired) }
        let choice = FormulaChoice(rawValue: formula)
        if choice == nil { problems.append(B.formulaRequired) }

        var built: [InstrumentIndicator] = [], formulaCodes: [String] = [], terms: [Formula.Term] = []
        for (n, row) in indicators.enumerated() where !row.isBlank {
            let rowTitle = row.title.trimmingCharacters(in: .whitespacesAndNewlines)
            let rowCode = row.code.trimmingCharacters(in: .whitespaces).isEmpty ? "\(n + 1)" : row.code.trimmingCharacters(in: .whitespaces)
            if rowTitle.isEmpty { problems.append(B.indicatorTitleRequired(row: n + 1)) }
            guard let unit = Self.unit(row, row: n + 1, problems: &problems) else { continue }
            built.append(InstrumentIndicator(code: rowCode, title: rowTitle, unit: unit, isRequired: row.required))
            guard row.inFormula else { continue }
            formulaCodes.append(rowCode)
            if choice == .weightedSum {
                if let weight = Self.number(row.weight) { terms.append(.init(code: rowCode, weight: weight)) }
                else { problems.append(B.weightRequired(row: n + 1)) }
            }
        }
        if built.isEmpty && problems.isEmpty { problems.append(B.noIndicators) }

        var formulaValue: Formula?
        switch choice {
        case .sum?, .meanOfApplicable?, .weightedSum?:
            if formulaCodes.isEmpty { problems.append(B.noFormulaIndicators) }
            formulaValue = switch choice {
            case .sum?: .sum(formulaCodes)
            case .meanOfApplicable?: .meanOfApplicable(formulaCodes)
            default: .weightedSum(terms)
            }
        case .ratio?:
            let top = numerator.trimmingCharacters(in: .whitespaces), bottom = denominator.trimmingCharacters(in: .whitespaces)
            if top.isEmpty || bottom.isEmpty { problems.append(B.ratioCodesRequired) }
            else { formulaValue = .ratio(numerator: top, denominator: bottom) }
        case .none?, nil: break
        }

        var builtBands: [Band] = []
        for (n, row) in bands.enumerated() where !row.isBlank {
            let interval = BandInterval(row.interval)
            if interval == nil { problems.append(B.badInterval(row: n + 1)) }
            let label = row.label.trimmingCharacters(in: .whitespacesAndNewlines)
            if label.isEmpty { problems.append(B.bandLabelRequired(row: n + 1)) }
            if let interval, !label.isEmpty {
                builtBands.append(Band(interval, label: label,
                                       recommendation: row.recommendation.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        guard problems.isEmpty, let kind else { return .failure(DefinitionRefusal(problems)) }
        let ruleText = rule.trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(Instrument(id: id, title: name, subject: kind, indicators: built, formula: formulaValue,
                                   bands: builtBands, rule: ruleText.isEmpty ? nil : ruleText))
    }

    private static func unit(_ row: IndicatorRow, row n: Int, problems: inout [String]) -> IndicatorUnit? {
        typealias B = Strings.InstrumentBuilder
        let numbers = row.values.split(separator: ";").map { number(String($0)) }
        switch UnitChoice(rawValue: row.unit) {
        case .percent?: return .percent
        case .count?: return .count
        case .yesNo?: return .yesNo
        case .scale?:
            let points = numbers.compactMap { $0 }
            guard !points.isEmpty, points.count == numbers.count else { problems.append(B.badScale(row: n)); return nil }
            return .scale(allowed: points, notApplicable: row.notApplicable)
        case .interval?:
            guard numbers.count == 2, let lower = numbers[0], let upper = numbers[1] else {
                problems.append(B.badInterval(indicatorRow: n))
                return nil
            }
            guard lower <= upper else { problems.append(B.invertedInterval(row: n)); return nil }
            return .interval(lower: lower, upper: upper)
        case nil:
            problems.append(B.unitRequired(row: n))
            return nil
        }
    }

    /// "0,5" or "0.5"; nothing else, and never infinity.
    static func number(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let x = Double(t), x.isFinite, t.count <= 32 else { return nil }
        return x
    }
}

/// What is wrong with an instrument's definition, each problem a sentence for the person who wrote it.
struct DefinitionRefusal: Error, Equatable {
    let problems: [String]
    init(_ problems: [String]) { self.problems = problems }
}
