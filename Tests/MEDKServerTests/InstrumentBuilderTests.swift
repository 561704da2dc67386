import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// A municipal coordinator defines its own monitoring instrument in a form with tables, never seeing JSON:
/// indicator rows, the formula from a list, the bands as a table.
@Suite("Defining an instrument without JSON")
struct InstrumentBuilderTests {
    typealias B = Strings.InstrumentBuilder
    typealias F = InstrumentDraft.Field

    /// The form filled in as a coordinator would type `instrument` from its document.
    static func fields(_ instrument: Instrument) -> [String: String] {
        var fields = [F.title: instrument.title, F.code: instrument.id, F.subject: instrument.subject.rawValue,
                      F.indicatorRows: "\(instrument.indicators.count)", F.bandRows: "\(instrument.bands.count)",
                      F.rule: instrument.rule ?? ""]
        let inFormula = Set(instrument.formula?.codes ?? [])
        switch instrument.formula {
        case nil: fields[F.formula] = "none"
        case .sum?: fields[F.formula] = "sum"
        case .meanOfApplicable?: fields[F.formula] = "meanOfApplicable"
        case .weightedSum?: fields[F.formula] = "weightedSum"
        case .ratio(let numerator, let denominator)?:
            fields[F.formula] = "ratio"
            fields[F.numerator] = numerator
            fields[F.denominator] = denominator
        case .count?: Issue.record("the form does not offer count")
        }
        for (n, indicator) in instrument.indicators.enumerated() {
            let (unit, values, notApplicable): (String, String, Bool) = switch indicator.unit {
            case .percent: ("percent", "", false)
            case .count: ("count", "", false)
            case .yesNo: ("yesNo", "", false)
            case .scale(let allowed, let na): ("scale", allowed.map { Strings.Monitoring.decimal($0) }.joined(separator: "; "), na)
            case .interval(let lower, let upper): ("interval", "\(Strings.Monitoring.decimal(lower)); \(Strings.Monitoring.decimal(upper))", false)
            }
            fields[F.indicator(n, "code")] = indicator.code
            fields[F.indicator(n, "title")] = indicator.title
            fields[F.indicator(n, "unit")] = unit
            fields[F.indicator(n, "values")] = values
            if notApplicable { fields[F.indicator(n, "na")] = "on" }
            if indicator.isRequired { fields[F.indicator(n, "required")] = "on" }
            if inFormula.contains(indicator.code) { fields[F.indicator(n, "formula")] = "on" }
            if case .weightedSum(let terms)? = instrument.formula, let term = terms.first(where: { $0.code == indicator.code }) {
                fields[F.indicator(n, "weight")] = Strings.Monitoring.decimal(term.weight)
            }
        }
        for (n, band) in instrument.bands.enumerated() {
            fields[F.band(n, "interval")] = band.interval.description
            fields[F.band(n, "label")] = band.label
            fields[F.band(n, "recommendation")] = band.recommendation
        }
        return fields
    }

    /// What the form keeps of an instrument: no groups, no «better when», no unit words, no notes.
    static func formShaped(_ instrument: Instrument, id: String) -> Instrument {
        var copy = instrument
        copy.id = id
        copy.notes = nil
        copy.indicators = instrument.indicators.map { InstrumentIndicator(code: $0.code, title: $0.title, unit: $0.unit, isRequired: $0.isRequired) }
        return copy
    }

    @Test(arguments: Instrument.builtIn.filter { if case .count? = $0.formula { return false } else { return true } })
    func everySeedInstrumentTypedIntoTheFormIsTheSameInstrument(_ seed: Instrument) async throws {
        try await withMEDK { app in
            let coordinator = Browser(app)
            try await coordinator.signIn("korenovsk")
            let page = try await coordinator.get("/monitoring/instruments/new")
            #expect(page.contains(B.addIndicators) && page.contains(B.advanced))
            var fields = Self.fields(seed)
            fields[F.code] = "own-" + seed.id
            let saved = try await coordinator.post("/monitoring/instruments/new", fields)
            #expect(saved.status == .seeOther, "\(saved.body.prefix(3000))")
            let record = try #require(try await InstrumentQueries.find(code: "own-" + seed.id, on: app.db))
            #expect(record.instrument == Self.formShaped(seed, id: "own-" + seed.id))
            let korenovsk = try await Demo.municipality("Кореновский район", app)
            #expect(!record.isBuiltIn && record.municipalityID == korenovsk.id)
        }
    }

    @Test func aFormWithMistakesIsRefusedRowByRowAndComesBackAsTyped() async throws {
        try await withMEDK { app in
            let coordinator = Browser(app)
            try await coordinator.signIn("korenovsk")
            try await coordinator.get("/monitoring/instruments/new")
            let typed = [
                F.title: "Мониторинг школьного благополучия", F.code: "благополучие", F.subject: "school", F.formula: "weightedSum",
                F.indicatorRows: "3", F.bandRows: "3",
                F.indicator(0, "title"): "Доля обучающихся, удовлетворённых школьным климатом", F.indicator(0, "unit"): "percent",
                F.indicator(0, "formula"): "on", F.indicator(0, "weight"): "0,01",
                F.indicator(1, "code"): "2", F.indicator(1, "unit"): "scale", F.indicator(1, "values"): "0, 1, 2",
                F.indicator(2, "title"): "Оценка климата", F.indicator(2, "unit"): "interval", F.indicator(2, "values"): "5; 1",
                F.indicator(2, "formula"): "on",
                F.band(0, "interval"): "0-1", F.band(0, "label"): "низкий уровень",
                F.band(1, "interval"): "[1; 2)",
            ]
            let refused = try await coordinator.post("/monitoring/instruments/new", typed)
            #expect(refused.status == .unprocessableEntity)
            for problem in [B.badCode, B.indicatorTitleRequired(row: 2), B.badScale(row: 2), B.invertedInterval(row: 3),
                            B.badInterval(row: 1), B.bandLabelRequired(row: 2)] {
                #expect(refused.contains(HTMLText.escape(problem)), "\(problem)")
            }
            // Everything typed is still there, and nothing was saved.
            #expect(refused.contains("value=\"0, 1, 2\"") && refused.contains("value=\"0-1\"") && refused.contains("value=\"0,01\""))
            #expect(refused.contains("value=\"благополучие\""))
            #expect(try await InstrumentRecord.query(on: app.db).count() == Instrument.builtIn.count)

            // A weighted sum needs every weight; a share needs both codes; a formula needs its indicators.
            var weights = typed
            weights[F.code] = "climate"
            weights[F.indicator(1, "title")] = "Наличие службы медиации"
            weights[F.indicator(1, "values")] = "0; 1; 2"
            weights[F.indicator(1, "formula")] = "on"
            weights[F.indicator(2, "values")] = "1; 5"
            weights[F.band(0, "interval")] = "[0; 1)"
            weights[F.band(1, "label")] = "средний уровень"
            let noWeight = try await coordinator.post("/monitoring/instruments/new", weights)
            #expect(noWeight.contains(HTMLText.escape(B.weightRequired(row: 2))) && !noWeight.contains(HTMLText.escape(B.weightRequired(row: 1))))
            weights[F.formula] = "ratio"
            #expect(try await coordinator.post("/monitoring/instruments/new", weights).contains(HTMLText.escape(B.ratioCodesRequired)))
            weights[F.numerator] = "1"
            weights[F.denominator] = "7"
            #expect(try await coordinator.post("/monitoring/instruments/new", weights)
                .contains(HTMLText.escape(Strings.Monitoring.describe(.formulaReadsUnknownCode("7")))))
            weights[F.formula] = "sum"
            for n in 0..<3 { weights[F.indicator(n, "formula")] = nil }
            #expect(try await coordinator.post("/monitoring/instruments/new", weights).contains(HTMLText.escape(B.noFormulaIndicators)))
            #expect(try await InstrumentRecord.query(on: app.db).count() == Instrument.builtIn.count)

            // Corrected: saved, and the empty code of the first row became its number.
            weights[F.formula] = "weightedSum"
            for n in 0..<3 { weights[F.indicator(n, "formula")] = "on" }
            weights[F.indicator(1, "weight")] = "1"
            weights[F.indicator(2, "weight")] = "0.5"
            let saved = try await coordinator.post("/monitoring/instruments/new", weights)
            #expect(saved.status == .seeOther, "\(saved.body.prefix(3000))")
            let instrument = try #require(try await MonitoringTests.instrument("climate", app).instrument)
            #expect(instrument.indicators.map(\.code) == ["1", "2", "3"])
            #expect(instrument.formula == .weightedSum([.init(code: "1", weight: 0.01), .init(code: "2", weight: 1), .init(code: "3", weight: 0.5)]))
            #expect(instrument.bands.map(\.label) == ["низкий уровень", "средний уровень"])
        }
    }

    @Test func moreRowsComeWithoutSavingAndNoCountOfRowsIsTooLarge() async throws {
        try await withMEDK { app in
            let coordinator = Browser(app)
            try await coordinator.signIn("korenovsk")
            try await coordinator.get("/monitoring/instruments/new")
            let more = try await coordinator.post("/monitoring/instruments/new", [
                F.title: "Новый", F.indicatorRows: "3", F.bandRows: "3", F.indicator(2, "title"): "Третий показатель",
                F.add: F.addIndicators,
            ])
            #expect(more.status == .ok)
            #expect(more.contains("name=\"i5-title\"") && !more.contains("name=\"i6-title\"") && more.contains("name=\"b2-label\"")
                    && !more.contains("name=\"b3-label\""))
            #expect(more.contains("value=\"Третий показатель\"") && more.contains("value=\"Новый\""))
            #expect(try await InstrumentRecord.query(on: app.db).count() == Instrument.builtIn.count)
            // A forged count is capped, never a crash or a page of millions of rows.
            let forged = try await coordinator.post("/monitoring/instruments/new", [F.indicatorRows: "5000",
                                                                                    F.bandRows: "-5", F.add: F.addBands])
            #expect(forged.status == .ok)
            #expect(forged.contains("name=\"i\(InstrumentDraft.maxRows - 1)-title\"") && !forged.contains("name=\"i\(InstrumentDraft.maxRows)-title\""))
            #expect(forged.contains("name=\"b3-label\"") && !forged.contains("name=\"b4-label\""))
            #expect(try await coordinator.post("/monitoring/instruments/new", [F.indicatorRows: "99999999999999999999", F.add: F.addBands])
                .status == .ok)
            // Only a coordinator who keeps its territory's plans defines instruments.
            let school = Browser(app)
            try await school.signIn("school")
            try await school.get("/home")
            #expect(try await school.post("/monitoring/instruments/new", [F.title: "x"]).status == .forbidden)
        }
    }
}
