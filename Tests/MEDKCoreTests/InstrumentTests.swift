import Foundation
import Testing
@testable import MEDKCore

private func n(_ x: Double) -> IndicatorValue { .number(x) }
private let notApplicable = IndicatorValue.notApplicable

private func evaluate(_ instrument: Instrument, _ submission: InstrumentSubmission) throws -> Evaluation {
    try instrument.evaluate(submission)
}

// MARK: - Teacher subject competence

@Test(arguments: [(0.0, "уровень А"), (0.29, "уровень А"), (0.3, "уровень Б"), (0.49, "уровень Б"), (0.5, "уровень С"),
                  (1.59, "уровень С"), (1.6, "уровень D"), (1.75, "уровень D")])
func aTeacherMeanExactlyOnALevelEdgeGetsTheHigherLevel(mean: Double, level: String) {
    #expect(Instrument.teacherCompetence.band(for: mean)?.label == level)
}

@Test func aTeacherMeanOutsideTheScaleFallsInNoLevel() {
    #expect(Instrument.teacherCompetence.band(for: 1.76) == nil)
    #expect(Instrument.teacherCompetence.band(for: -0.1) == nil)
}

@Test func theTeacherFormShowsWhyTheLevelsAreClosedAtTheirLowerEnd() {
    let teacher = Instrument.teacherCompetence
    #expect(teacher.bands.map(\.interval.description) == ["[0; 0,3)", "[0,3; 0,5)", "[0,5; 1,6)", "[1,6; 1,75]"])
    #expect(teacher.rule?.contains("0,3 — уровень Б, 0,5 — уровень С, 1,6 — уровень D") == true)
}

@Test func aTeacherLevelIsTheMeanOfTheFourFormulaIndicators() throws {
    let teacher = Instrument.teacherCompetence
    // (1 + 0 + 1 + 0) : 4 = 0,5 — exactly the edge of level С.
    let edge = try evaluate(teacher, ["П1": n(1), "ИРО": n(0), "П2": n(0), "П3": n(1), "П4": n(0)])
    #expect(edge.value == 0.5)
    #expect(edge.band?.label == "уровень С")
    // (0 + 0 + 0 + 0) : 4 = 0 — level А.
    #expect(try evaluate(teacher, ["П1": n(0), "ИРО": n(0), "П2": n(0), "П3": n(0), "П4": n(0)]).band?.label == "уровень А")
    // (2 + 1 + 2 + 2) : 4 = 1,75 — the top of level D.
    let top = try evaluate(teacher, ["П1": n(2), "ИРО": n(2), "П2": n(1), "П3": n(2), "П4": n(2)])
    #expect(top.value == 1.75)
    #expect(top.band?.label == "уровень D")
    // (1 + 0 + 0 + 0) : 4 = 0,25 — level А.
    #expect(try evaluate(teacher, ["П1": n(1), "ИРО": n(1), "П2": n(0), "П3": n(0), "П4": n(0)]).value == 0.25)
}

@Test func aTeacherWhoDoesNotTeachAtAnAdvancedLevelIsAveragedOverThreeIndicators() throws {
    let teacher = Instrument.teacherCompetence
    // П № 4 = «нет»: N = 3. (1 + 0 + 0) : 3 = 0,333… — level Б.
    let low = try evaluate(teacher, ["П1": n(1), "ИРО": notApplicable, "П2": n(0), "П3": n(0), "П4": notApplicable])
    #expect(low.value == 0.3333333333)
    #expect(low.band?.label == "уровень Б")
    // (2 + 1 + 2) : 3 = 1,666… — level D.
    let high = try evaluate(teacher, ["П1": n(2), "ИРО": notApplicable, "П2": n(1), "П3": n(2), "П4": notApplicable])
    #expect(high.value == 1.6666666667)
    #expect(high.band?.label == "уровень D")
}

@Test func theTestAtIROIsReportedBesideAndDoesNotMoveTheLevel() throws {
    let teacher = Instrument.teacherCompetence
    #expect(teacher.indicatorsReportedBeside.map(\.code) == ["ИРО"])
    #expect(teacher.formulaIndicators.map(\.code) == ["П1", "П2", "П3", "П4"])
    let tested = try evaluate(teacher, ["П1": n(1), "ИРО": n(2), "П2": n(1), "П3": n(1), "П4": n(1)])
    let untested = try evaluate(teacher, ["П1": n(1), "ИРО": notApplicable, "П2": n(1), "П3": n(1), "П4": n(1)])
    #expect(tested.value == 1 && untested.value == 1)
}

@Test func aTeacherFormWithWrongValuesIsRefusedWithEveryProblemNamed() {
    let teacher = Instrument.teacherCompetence
    let submission: InstrumentSubmission = ["П1": notApplicable, "ИРО": n(3), "П2": n(2), "П4": n(1), "П5": n(1)]
    let expected: [InstrumentProblem] = [
        .init(code: "П1", kind: .notApplicableNotAllowed),
        .init(code: "ИРО", kind: .notInScale, value: 3),
        .init(code: "П2", kind: .notInScale, value: 2),
        .init(code: "П3", kind: .missing),
        .init(code: "П5", kind: .unknownIndicator),
    ]
    #expect(teacher.validate(submission) == expected)
    #expect(throws: InvalidSubmission(problems: expected)) { try teacher.evaluate(submission) }
}

// MARK: - Methodological work

private func methodological(yes: Int, counts: [String: Double] = [:]) -> InstrumentSubmission {
    let codes = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]
    var submission = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($0.element, n($0.offset < yes ? 1 : 0)) })
    for code in ["8", "9", "10", "11", "12.1", "12.2"] { submission[code] = n(counts[code] ?? 0) }
    return submission
}

@Test(arguments: [(0, 0), (9, 0), (10, 0), (11, 1), (12, 2)])
func aMunicipalitysMethodologicalSumFallsInTheBandTheSeedGives(yes: Int, band: Int) throws {
    let work = Instrument.methodologicalWork
    let result = try evaluate(work, methodological(yes: yes))
    #expect(result.value == Double(yes))
    #expect(result.bandIndex == band)
    #expect(result.band == work.bands[band])
}

@Test func methodologicalBandsReadAsInTheSeed() {
    let bands = Instrument.methodologicalWork.bands
    #expect(bands.map(\.interval.description) == ["[0; 10]", "(10; 11]", "(11; 12]"])
    #expect(bands[0].label == "неудовлетворительный уровень оказания методической помощи ШНОР")
    #expect(bands[2].recommendation == "рекомендуется распространение опыта муниципального образования в масштабах края")
}

@Test func theCountsEightToTwelveAreReportedBesideTheSumNotInIt() throws {
    let work = Instrument.methodologicalWork
    #expect(work.indicatorsReportedBeside.map(\.code) == ["8", "9", "10", "11", "12.1", "12.2"])
    #expect(work.formulaIndicators.count == 12)
    let result = try evaluate(work, methodological(yes: 11, counts: ["8": 5, "9": 2, "10": 5, "11": 4, "12.1": 120, "12.2": 300]))
    #expect(result.value == 11)
    #expect(result.indicators.first { $0.code == "12.2" }?.value == n(300))
}

@Test func aNegativeOrFractionalCountAndAYesNoOtherThanZeroOrOneAreRefused() {
    var submission = methodological(yes: 12)
    submission["8"] = n(-1)
    submission["9"] = n(2.5)
    submission["a"] = n(2)
    #expect(Instrument.methodologicalWork.validate(submission) == [
        .init(code: "a", kind: .notYesNo, value: 2),
        .init(code: "8", kind: .negativeCount, value: -1),
        .init(code: "9", kind: .fractionalCount, value: 2.5),
    ])
}

@Test func aMunicipalityMovingUpTwoBandsShowsInItsDynamics() throws {
    let work = Instrument.methodologicalWork
    let before = try evaluate(work, methodological(yes: 10))
    let after = try evaluate(work, methodological(yes: 12))
    let dynamics = after.compare(before)
    #expect(dynamics.change == 2)
    #expect(dynamics.bandStep == 2)
}

// MARK: - Mentoring centre (МНЦ)

private func centre(_ values: [Double]) -> InstrumentSubmission {
    Dictionary(uniqueKeysWithValues: values.enumerated().map { (String($0.offset + 1), n($0.element)) })
}

@Test func aMentoringCentresSumIsInterpretedByTheSeedsBands() throws {
    let mnc = Instrument.mentoringCentre
    // 1 + 2 + 3 + 5 + 7 + 4 = 22: the top edge of the first band.
    let edge = try evaluate(mnc, centre([1, 2, 3, 5, 7, 4]))
    #expect(edge.value == 22)
    #expect(edge.band?.label == "неудовлетворительный уровень результативности МНЦ")
    // 1 + 2 + 3 + 5 + 7,5 + 4 = 22,5: averaged indicators make the sum fractional.
    #expect(try evaluate(mnc, centre([1, 2, 3, 5, 7.5, 4])).bandIndex == 1)
    // Everything at its maximum adds up to 23 only.
    #expect(try evaluate(mnc, centre([1, 2, 3, 5, 8, 4])).value == 23)
    #expect(mnc.band(for: 0)?.label == "неудовлетворительный уровень результативности МНЦ")
    #expect(mnc.band(for: 24)?.label == "удовлетворительный уровень результативности МНЦ")
    #expect(mnc.band(for: 24.5)?.label == "оптимальный уровень результативности МНЦ")
    #expect(mnc.band(for: 25)?.label == "оптимальный уровень результативности МНЦ")
    #expect(mnc.band(for: 25.5) == nil)
}

@Test func anAveragedCentreIndicatorOutsideItsRangeIsRefused() {
    #expect(Instrument.mentoringCentre.validate(centre([1, 2.5, 3, 6, 8, 4])) == [
        .init(code: "2", kind: .outOfInterval, value: 2.5),
        .init(code: "4", kind: .notInScale, value: 6),
    ])
}

// MARK: - Tutor point (МТКП)

@Test func aTutorPointsSumIsInterpretedByTheSeedsBands() throws {
    let point = Instrument.tutorPoint
    let cases: [([Double], Double, Int)] = [
        ([1, 3, 3, 5, 2, 0], 14, 0),       // top edge of the first band
        ([1, 3, 3, 5, 2, 0.5], 14.5, 1),
        ([1, 3, 3, 5, 4, 1], 17, 1),       // top edge of the second band
        ([1, 3, 3, 5, 4, 1.25], 17.25, 2),
        ([1, 3, 3, 5, 4, 3], 19, 2),       // everything at its maximum
        ([0, 0, 0, 0, 0, 0], 0, 0),
    ]
    for (values, sum, band) in cases {
        let result = try evaluate(point, centre(values))
        #expect(result.value == sum)
        #expect(result.bandIndex == band)
    }
    #expect(point.bands[2].label == "оптимальный уровень результативности МТКП")
}

// MARK: - Student results

private func results(_ overrides: [String: IndicatorValue]) -> InstrumentSubmission {
    var submission = Dictionary(uniqueKeysWithValues: Instrument.studentResults.indicators.map { ($0.code, n(0)) })
    submission.merge(overrides) { _, new in new }
    return submission
}

@Test func aSchoolSeesTheDynamicsOfEachResultBetweenThePreviousAndCurrentPeriod() throws {
    let instrument = Instrument.studentResults
    #expect(instrument.indicators.map(\.code) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7",
                                                  "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
                                                  "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"])
    let previous = try evaluate(instrument, results(["1.7": n(12.5), "2.1": n(30), "3.2": n(0), "3.4": n(2)]))
    let current = try evaluate(instrument, results(["1.7": n(8), "2.1": n(25), "3.2": n(1), "3.4": n(2)]))
    #expect(current.value == nil && current.band == nil)
    let dynamics = current.compare(previous)
    #expect(dynamics.indicator("1.7") == .init(code: "1.7", previous: n(12.5), current: n(8), change: -4.5, trend: .improved))
    #expect(dynamics.indicator("2.1")?.change == -5)
    #expect(dynamics.indicator("2.1")?.trend == .worsened)
    #expect(dynamics.indicator("3.2")?.trend == .improved)
    #expect(dynamics.indicator("3.4")?.trend == .unchanged)
    #expect(dynamics.change == nil && dynamics.bandStep == nil)
}

@Test func aShareAboveHundredPercentIsRefused() {
    let submission = results(["1.1": n(101), "3.1": n(1.5), "3.2": n(2)])
    #expect(Instrument.studentResults.validate(submission) == [
        .init(code: "1.1", kind: .percentOutOfRange, value: 101),
        .init(code: "3.1", kind: .fractionalCount, value: 1.5),
        .init(code: "3.2", kind: .notYesNo, value: 2),
    ])
}

@Test func studentResultTitlesAreTheSeedsWords() {
    let instrument = Instrument.studentResults
    #expect(instrument.indicator("2.3")?.title == "Доля обучающихся, принявших участие в региональном этапе Всероссийской олимпиады школьников")
    #expect(instrument.indicator("3.2")?.unitTitle == "Да/нет")
    #expect(instrument.indicator("3.1")?.unitTitle == "Ед.")
    #expect(instrument.indicator("1.1")?.group == "Базовая подготовка обучающихся")
}

// MARK: - The engine on custom instruments

private let customJSON = """
{
  "id": "custom-visits",
  "title": "Посещения уроков",
  "subject": "school",
  "indicators": [
    {"code": "1", "title": "Урок 1", "unit": {"kind": "scale", "allowed": [0, 1, 2], "notApplicable": true}},
    {"code": "2", "title": "Урок 2", "unit": {"kind": "scale", "allowed": [0, 1, 2], "notApplicable": true}},
    {"code": "3", "title": "Урок 3", "unit": {"kind": "scale", "allowed": [0, 1, 2], "notApplicable": true}},
    {"code": "м", "title": "Комментарий-число", "unit": {"kind": "count"}, "required": false}
  ],
  "formula": {"kind": "meanOfApplicable", "codes": ["1", "2", "3"]},
  "bands": [
    {"interval": "[0; 1)", "label": "низкий", "recommendation": "посетить ещё раз"},
    {"interval": "[1,5; 2]", "label": "высокий", "recommendation": "поделиться опытом"}
  ],
  "rule": "Между 1 и 1,5 уровень не определён."
}
"""

@Test func aCoordinatorDefinesAnInstrumentAsJSONWithoutCode() throws {
    let instrument = try JSONDecoder().decode(Instrument.self, from: Data(customJSON.utf8))
    #expect(instrument.definitionProblems.isEmpty)
    #expect(instrument.indicator("м")?.isRequired == false)
    #expect(instrument.indicator("1")?.isRequired == true)
    let low = try evaluate(instrument, ["1": n(0), "2": n(1), "3": notApplicable])
    #expect(low.value == 0.5)
    #expect(low.band?.label == "низкий")
}

@Test func whenEveryValueIsNotApplicableThereIsNoValueAndNoBand() throws {
    let instrument = try JSONDecoder().decode(Instrument.self, from: Data(customJSON.utf8))
    let none = try evaluate(instrument, ["1": notApplicable, "2": notApplicable, "3": notApplicable])
    #expect(none.value == nil)
    #expect(none.band == nil && none.bandIndex == nil)
}

@Test func aValueBetweenTwoBandsHasAValueButNoBand() throws {
    let instrument = try JSONDecoder().decode(Instrument.self, from: Data(customJSON.utf8))
    let between = try evaluate(instrument, ["1": n(1), "2": n(1), "3": n(2), "м": n(4)])
    #expect(between.value == 1.3333333333)
    #expect(between.band == nil)
}

@Test func aSubmissionArrivesAsJSONWithNetForNotApplicable() throws {
    let submission = try JSONDecoder().decode(InstrumentSubmission.self, from: Data(#"{"П1": 2, "П4": "нет"}"#.utf8))
    #expect(submission == ["П1": n(2), "П4": notApplicable])
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode(InstrumentSubmission.self, from: Data(#"{"П1": "два"}"#.utf8))
    }
    let encoded = String(decoding: try JSONEncoder().encode(["П4": notApplicable] as InstrumentSubmission), as: UTF8.self)
    #expect(encoded == #"{"П4":"нет"}"#)
}

@Test(arguments: Instrument.builtIn.map(\.id))
func everyBuiltInInstrumentSurvivesAJSONRoundTrip(id: String) throws {
    let instrument = try #require(Instrument.builtIn.first { $0.id == id })
    let decoded = try JSONDecoder().decode(Instrument.self, from: try JSONEncoder().encode(instrument))
    #expect(decoded == instrument)
    #expect(instrument.definitionProblems.isEmpty)
}

@Test func theBuiltInInstrumentsAreTheFiveOfSeed003() {
    #expect(Instrument.builtIn.map(\.id) == ["student-results", "teacher-competence", "methodological-work",
                                             "mentoring-centre", "tutor-point"])
    #expect(Instrument.builtIn.map(\.subject) == [.school, .teacher, .municipality, .mentoringCentre, .tutorPoint])
    #expect(SubjectKind.tutorPoint.title == "Муниципальный тьюторский консультационный пункт (МТКП)")
    #expect(SubjectKind.mentoringCentre.title == "Муниципальный наставнический центр (МНЦ)")
}

@Test func aBrokenCustomInstrumentIsCaughtBeforeUse() throws {
    let json = """
    {"id": "x", "title": "x", "subject": "teacher",
     "indicators": [{"code": "a", "title": "a", "unit": {"kind": "yesNo"}},
                    {"code": "a", "title": "b", "unit": {"kind": "scale", "allowed": []}},
                    {"code": "c", "title": "c", "unit": {"kind": "interval", "lower": 3, "upper": 1}}],
     "formula": {"kind": "ratio", "numerator": "a", "denominator": "z"},
     "bands": [{"interval": "(1; 1]", "label": "x", "recommendation": "x"}]}
    """
    let instrument = try JSONDecoder().decode(Instrument.self, from: Data(json.utf8))
    #expect(instrument.definitionProblems == [
        .duplicateCode("a"), .emptyScale(code: "a"), .invertedInterval(code: "c"),
        .formulaReadsUnknownCode("z"), .emptyBand(index: 0),
    ])
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode(Band.self, from: Data(#"{"interval": "0..3", "label": "x", "recommendation": "x"}"#.utf8))
    }
}

@Test func countRatioAndWeightedSumFormulasAreComputedFromData() throws {
    let indicators = ["x", "y", "z"].map { InstrumentIndicator(code: $0, title: $0, unit: .count, isRequired: false) }
    func value(_ formula: Formula, _ submission: InstrumentSubmission) throws -> Double? {
        try Instrument(id: "f", title: "f", subject: .school, indicators: indicators, formula: formula).evaluate(submission).value
    }
    let values: InstrumentSubmission = ["x": n(3), "y": n(0), "z": n(6)]
    #expect(try value(.count(["x", "y", "z"], where: .init(.greaterOrEqual, 3)), values) == 2)
    #expect(try value(.ratio(numerator: "x", denominator: "z"), values) == 0.5)
    #expect(try value(.ratio(numerator: "x", denominator: "y"), values) == nil)
    #expect(try value(.weightedSum([.init(code: "x", weight: 0.5), .init(code: "z", weight: 2)]), values) == 13.5)
    #expect(try value(.sum(["x", "z"]), [:]) == nil)
    let json = try JSONEncoder().encode(Formula.count(["x"], where: .init(.equal, 1)))
    #expect(try JSONDecoder().decode(Formula.self, from: json) == .count(["x"], where: .init(.equal, 1)))
}

@Test func decimalInputsLandExactlyOnABandEdge() throws {
    let indicators = ["p", "q"].map { InstrumentIndicator(code: $0, title: $0, unit: .interval(lower: 0, upper: 1)) }
    let instrument = Instrument(id: "edge", title: "edge", subject: .school, indicators: indicators, formula: .sum(["p", "q"]),
                                bands: [Band(BandInterval("[0; 0,3)")!, label: "ниже", recommendation: ""),
                                        Band(BandInterval("[0,3; 2]")!, label: "выше", recommendation: "")])
    // 0.1 + 0.2 is 0.30000000000000004 in binary; the result is rounded before it is banded.
    #expect(try instrument.evaluate(["p": n(0.1), "q": n(0.2)]).band?.label == "выше")
}

@Test func bandsAreWrittenInTheSeedsNotation() {
    #expect(BandInterval("(1,6; 1,75]") == BandInterval(lower: .open(1.6), upper: .closed(1.75)))
    #expect(BandInterval("[0.5; 1.6)")?.description == "[0,5; 1,6)")
    #expect(BandInterval("(-∞; 5]")?.contains(-1000) == true)
    #expect(BandInterval("(-∞; 5]")?.description == "(-∞; 5]")
    #expect(BandInterval("[0; 1") == nil)
    #expect(BandInterval("[a; 1]") == nil)
    #expect(BandInterval("[0, 1]") == nil)
}

// MARK: - Risk self-analysis card

@Test func theSelfAnalysisCardListsTheTenRiskFactorsOfSeed003() {
    let card = RiskSelfAnalysisCard.seed003
    #expect(card.factors == Methodology.cycle2021.riskFactors.map(\.title))
    #expect(card.factors.count == 10)
    #expect(card.factors[3] == "Низкое качество преодоления языковых и культурных барьеров")
    #expect(card.columns == ["Факторы риска (только актуальные для ОО)",
                             "Краткое описание мер для устранения факторов рисков",
                             "Период необходимый для реализации мер"])
}

@Test func aSchoolsSelfAnalysisNeedsMeasuresAndAPeriodForEachActualRisk() {
    let card = RiskSelfAnalysisCard.seed003
    let entries: [RiskSelfAnalysisCard.Entry] = [
        .init(factor: 1, measures: "Курсы повышения квалификации", period: "сентябрь–декабрь"),
        .init(factor: 6, measures: " ", period: "учебный год"),
        .init(factor: 6, measures: "Проектная деятельность", period: ""),
        .init(factor: 11, measures: "—", period: "—"),
    ]
    #expect(card.validate(entries) == [
        .init(factor: 6, kind: .missingMeasures),
        .init(factor: 6, kind: .repeatedFactor),
        .init(factor: 6, kind: .missingPeriod),
        .init(factor: 11, kind: .unknownFactor),
    ])
    #expect(card.validate(Array(entries.prefix(1))).isEmpty)
}

// MARK: - Form details (issue 16, item 4)

@Test func aValueNearABandEdgeIsShownWithTheDecimalsThatDecideItsBand() {
    let centre = Instrument.mentoringCentre
    // 22,004 is above the band [0; 22]: «22» would put it on the edge.
    #expect(centre.decisiveDecimals(for: 22.004) == 3)
    #expect(centre.decisiveDecimals(for: 22) == 2)
    #expect(centre.decisiveDecimals(for: 23.5) == 2)
    // 0,2999 is level А; rounded to 0,3 it would read as level Б.
    #expect(Instrument.teacherCompetence.decisiveDecimals(for: 0.2999) == 4)
    #expect(Instrument.teacherCompetence.decisiveDecimals(for: 1.25) == 2)
}

@Test func theTeacherFormNumbersItsIndicatorsAsTheSeedDoesAndTheIROTestIsOptional() throws {
    let teacher = Instrument.teacherCompetence
    #expect(teacher.indicators.map(\.shownCode) == ["Показатель № 1", "Показатель № 2", "Показатель № 3", "Показатель № 4", "Показатель № 5"])
    #expect(teacher.indicator("ИРО")?.isRequired == false)
    // Left empty, the ИРО test changes nothing: the level comes from the formula's four terms.
    let evaluation = try evaluate(teacher, ["П1": n(2), "П2": n(1), "П3": n(2), "П4": n(2)])
    #expect(evaluation.value == 1.75 && evaluation.band?.label == "уровень D")
    // The label survives a round trip through the stored JSON.
    let decoded = try JSONDecoder().decode(Instrument.self, from: JSONEncoder().encode(teacher))
    #expect(decoded.indicators.map(\.shownCode) == teacher.indicators.map(\.shownCode))
}

// MARK: - Student results with both periods (issue 16, item 2)

@Test func aSchoolsFirstMonitoringAlreadyShowsWhichGroupsImprovedAndWhichStillShowLowResults() throws {
    let results = Instrument.studentResults
    #expect(results.groups.map(\.title) == ["Базовая подготовка обучающихся", "Работа с одарёнными детьми", "Развитие профильного обучения"])
    // Entered side by side in one form: fewer fail the ОГЭ in Russian, more in mathematics; olympiad shares go up; nothing else known.
    let previous = try results.withOptionalIndicators.evaluate(["1.3": n(12), "1.4": n(10), "2.1": n(30)])
    let current = try results.withOptionalIndicators.evaluate(["1.3": n(8), "1.4": n(14), "2.1": n(41), "3.1": n(2)])
    let dynamics = current.compare(previous)
    let groups = results.groups
    #expect(dynamics.outcome(of: groups[0].codes) == .mixed)
    #expect(dynamics.outcome(of: groups[1].codes) == .improved)
    // 3.1 has no previous value: nothing to compare in the group.
    #expect(dynamics.outcome(of: groups[2].codes) == nil)
    let same = try results.withOptionalIndicators.evaluate(["1.3": n(12)])
    #expect(same.compare(try results.withOptionalIndicators.evaluate(["1.3": n(12)])).outcome(of: groups[0].codes) == .unchanged)
    #expect(same.compare(try results.withOptionalIndicators.evaluate(["1.3": n(5)])).outcome(of: groups[0].codes) == .worsened)
    // The full instrument still requires every value of the current period.
    #expect(throws: InvalidSubmission.self) { try results.evaluate(["1.3": n(8)]) }
}
