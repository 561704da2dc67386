import Foundation

/// «Программа» of one direction: what the school will do about one risk factor (PRODUCT.md section 5).
/// Kept structured, not only as a file, so that monitorings can ask "what did each indicator reach".
public struct Program: Codable, Sendable, Equatable {
    public struct Indicator: Codable, Sendable, Equatable, Identifiable {
        /// Stable across edits: monitoring values and evidence point at it.
        public var id: String
        public var title: String
        public var unit: String
        public var baseline: Double?
        public var target: Double?
        public var targetDate: CalendarDate?

        public init(id: String, title: String, unit: String, baseline: Double?, target: Double?, targetDate: CalendarDate?) {
            self.id = id
            self.title = title
            self.unit = unit
            self.baseline = baseline
            self.target = target
            self.targetDate = targetDate
        }
    }

    public struct Measure: Codable, Sendable, Equatable, Identifiable {
        public var id: String
        public var title: String
        public var starts: CalendarDate?
        public var ends: CalendarDate?
        public var responsible: String
        public var expectedResult: String

        public init(id: String, title: String, starts: CalendarDate?, ends: CalendarDate?, responsible: String,
                    expectedResult: String) {
            self.id = id
            self.title = title
            self.starts = starts
            self.ends = ends
            self.responsible = responsible
            self.expectedResult = expectedResult
        }
    }

    public var goal: String
    public var tasks: [String]
    public var indicators: [Indicator]
    public var measures: [Measure]
    public var successCriteria: String

    public init(goal: String = "", tasks: [String] = [], indicators: [Indicator] = [], measures: [Measure] = [],
                successCriteria: String = "") {
        self.goal = goal
        self.tasks = tasks
        self.indicators = indicators
        self.measures = measures
        self.successCriteria = successCriteria
    }

    /// What is wrong with a program, by field; the editor shows each next to its field.
    public struct Problem: Sendable, Equatable {
        public enum Field: Sendable, Equatable {
            case goal, tasks, indicators, measures, successCriteria
            case indicator(row: Int, IndicatorColumn)
            case measure(row: Int, MeasureColumn)
        }
        public enum IndicatorColumn: String, Sendable { case title, unit, baseline, target, targetDate }
        public enum MeasureColumn: String, Sendable { case title, starts, ends, responsible, expectedResult }
        public enum Kind: Sendable, Equatable { case required, notANumber, notADate, outsideCycle, endsBeforeStart }

        public let field: Field
        public let kind: Kind
        /// What the person typed when it could not be read, so the form shows it back rather than losing it.
        public let typed: String?

        public init(_ field: Field, _ kind: Kind, typed: String? = nil) {
            self.field = field
            self.kind = kind
            self.typed = typed
        }

        public static func == (a: Problem, b: Problem) -> Bool { a.field == b.field && a.kind == b.kind }
    }

    /// Completeness, checked when the school submits: a draft may be saved half-written, but the curator
    /// only ever sees a program with every required part.
    public func missing() -> [Problem] {
        var problems: [Problem] = []
        if goal.isBlank { problems.append(.init(.goal, .required)) }
        if tasks.isEmpty { problems.append(.init(.tasks, .required)) }
        if indicators.isEmpty { problems.append(.init(.indicators, .required)) }
        if measures.isEmpty { problems.append(.init(.measures, .required)) }
        if successCriteria.isBlank { problems.append(.init(.successCriteria, .required)) }
        for (row, indicator) in indicators.enumerated() {
            if indicator.title.isBlank { problems.append(.init(.indicator(row: row, .title), .required)) }
            if indicator.unit.isBlank { problems.append(.init(.indicator(row: row, .unit), .required)) }
            if indicator.baseline == nil { problems.append(.init(.indicator(row: row, .baseline), .required)) }
            if indicator.target == nil { problems.append(.init(.indicator(row: row, .target), .required)) }
            if indicator.targetDate == nil { problems.append(.init(.indicator(row: row, .targetDate), .required)) }
        }
        for (row, measure) in measures.enumerated() {
            if measure.title.isBlank { problems.append(.init(.measure(row: row, .title), .required)) }
            if measure.starts == nil { problems.append(.init(.measure(row: row, .starts), .required)) }
            if measure.ends == nil { problems.append(.init(.measure(row: row, .ends), .required)) }
            if measure.responsible.isBlank { problems.append(.init(.measure(row: row, .responsible), .required)) }
            if measure.expectedResult.isBlank { problems.append(.init(.measure(row: row, .expectedResult), .required)) }
        }
        return problems
    }
}

/// Reads the program editor's form: fixed-name fields, rows numbered from 0, blank rows dropped, so the
/// page works without JavaScript (a save adds fresh empty rows). Wrong numbers and dates are refused even
/// in a draft: a value the school typed is never silently lost or guessed.
public enum ProgramForm {
    public static func read(_ form: [String: String], cycle: ClosedRange<CalendarDate>,
                            newID: () -> String = { UUID().uuidString }) -> (Program, [Program.Problem]) {
        var problems: [Program.Problem] = []
        var program = Program()
        program.goal = text(form["goal"], limit: 4000)
        program.tasks = (form["tasks"] ?? "").split(whereSeparator: \.isNewline)
            .map { text(String($0), limit: 1000) }.filter { !$0.isEmpty }
        program.successCriteria = text(form["success"], limit: 4000)

        for row in rows(form, prefix: "indicator-") {
            let field = { (name: String) in text(form["indicator-\(name)-\(row)"], limit: 500) }
            let values = ["title", "unit", "baseline", "target", "date"].map(field)
            guard values.contains(where: { !$0.isEmpty }) else { continue }
            let index = program.indicators.count
            let baseline = number(values[2]), target = number(values[3])
            if !values[2].isEmpty, baseline == nil {
                problems.append(.init(.indicator(row: index, .baseline), .notANumber, typed: values[2]))
            }
            if !values[3].isEmpty, target == nil {
                problems.append(.init(.indicator(row: index, .target), .notANumber, typed: values[3]))
            }
            let date = day(values[4], cycle: cycle, field: .indicator(row: index, .targetDate), into: &problems)
            program.indicators.append(.init(id: id(form["indicator-id-\(row)"], newID), title: values[0], unit: values[1],
                                            baseline: baseline, target: target, targetDate: date))
        }
        for row in rows(form, prefix: "measure-") {
            let field = { (name: String) in text(form["measure-\(name)-\(row)"], limit: 1000) }
            let values = ["title", "starts", "ends", "responsible", "result"].map(field)
            guard values.contains(where: { !$0.isEmpty }) else { continue }
            let index = program.measures.count
            let starts = day(values[1], cycle: cycle, field: .measure(row: index, .starts), into: &problems)
            let ends = day(values[2], cycle: cycle, field: .measure(row: index, .ends), into: &problems)
            if let starts, let ends, ends < starts { problems.append(.init(.measure(row: index, .ends), .endsBeforeStart)) }
            program.measures.append(.init(id: id(form["measure-id-\(row)"], newID), title: values[0], starts: starts,
                                          ends: ends, responsible: values[3], expectedResult: values[4]))
        }
        return (program, problems)
    }

    /// "12,5", "12.5", "1 200" and "85 %" are numbers as people type them in Russian.
    public static func number(_ text: String) -> Double? {
        var cleaned = text.replacingOccurrences(of: ",", with: ".").filter { !$0.isWhitespace }
        if cleaned.hasSuffix("%") { cleaned.removeLast() }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }),
              let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    private static func day(_ text: String, cycle: ClosedRange<CalendarDate>, field: Program.Problem.Field,
                            into problems: inout [Program.Problem]) -> CalendarDate? {
        guard !text.isEmpty else { return nil }
        guard let date = CalendarDate(text) else {
            problems.append(.init(field, .notADate, typed: text))
            return nil
        }
        if !cycle.contains(date) { problems.append(.init(field, .outsideCycle)) }
        return date
    }

    /// Row numbers present in the form, in order.
    private static func rows(_ form: [String: String], prefix: String) -> [Int] {
        Set(form.keys.compactMap { key -> Int? in
            guard key.hasPrefix(prefix), !key.hasPrefix(prefix + "id-") else { return nil }
            return key.split(separator: "-").last.flatMap { Int($0) }
        }).sorted()
    }

    private static func id(_ submitted: String?, _ newID: () -> String) -> String {
        let trimmed = text(submitted, limit: 64)
        return trimmed.isEmpty ? newID() : trimmed
    }

    private static func text(_ value: String?, limit: Int) -> String {
        String((value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit))
    }
}

/// «Мониторинг 1/2»: what each program indicator reached by the monitoring date.
public struct MonitoringReport: Codable, Sendable, Equatable {
    /// Reached value by indicator id.
    public var reached: [String: Double]
    public var comment: String

    public init(reached: [String: Double] = [:], comment: String = "") {
        self.reached = reached
        self.comment = comment
    }

    public enum Problem: Sendable, Equatable {
        case notANumber(indicator: String)
        case missing(indicator: String)
    }

    /// Reads "reached-<indicator id>" fields for the given indicators; anything else in the form is ignored.
    public static func read(_ form: [String: String], indicators: [Program.Indicator]) -> (MonitoringReport, [Problem]) {
        var report = MonitoringReport(comment: String((form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .prefix(4000)))
        var problems: [Problem] = []
        for indicator in indicators {
            let text = (form["reached-\(indicator.id)"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if let value = ProgramForm.number(text) { report.reached[indicator.id] = value }
            else { problems.append(.notANumber(indicator: indicator.id)) }
        }
        return (report, problems)
    }

    /// A report goes to the curator only with a value for every indicator of the approved programs.
    public func missing(of indicators: [Program.Indicator]) -> [Problem] {
        indicators.filter { reached[$0.id] == nil }.map { .missing(indicator: $0.id) }
    }
}

extension String {
    var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
