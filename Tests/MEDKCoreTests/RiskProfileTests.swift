import Foundation
import Testing
@testable import MEDKCore

@Suite("Risk profiles and directions")
struct RiskProfileTests {
    static let factors = Methodology.cycle2021.riskFactors.map(\.title)
    static let region = UUID(), municipality = UUID(), gusino = UUID(), merlino = UUID()
    static let directory = Directory(
        regions: [.init(id: region, name: "Смоленская область")],
        municipalities: [.init(id: municipality, regionID: region, name: "Краснинский район")],
        schools: [.init(id: gusino, municipalityID: municipality, regionID: region, fullName: "Гусинская СШ", code: "670001"),
                  .init(id: merlino, municipalityID: municipality, regionID: region, fullName: "Мерлинская школа", code: "670002")])
    static let regional = Actor(userID: UUID(), role: .regional, scope: Place(region: region))
    static let header = ["Код ОО"] + (1...10).map { "\($0)" } + ["Руководитель", "Педагоги", "Обучающиеся", "Родители"]

    @Test func aCoordinatorImportsProfilesWithSignificanceAndCompletedGroups() throws {
        let sheet = [Self.header,
                     ["670001", "высокая", "средняя", "низкая", "", "-", "Высокая", "низкая", "низкая", "средняя", "низкая",
                      "да", "да", "да", "нет"]]
        let rows = try RiskProfileImport.validate(sheet, factors: Self.factors, against: Self.directory, by: Self.regional).get()
        #expect(rows.count == 1)
        #expect(rows[0].schoolID == Self.gusino)
        #expect(rows[0].significance[1] == .high && rows[0].significance[2] == .medium && rows[0].significance[4] == Significance.none)
        #expect(rows[0].significance.count == 10)
        #expect(rows[0].completed == [.leader, .teachers, .students])
    }

    @Test func factorColumnsMayBeTitledByTheirWords() throws {
        let sheet = [["Код ОО"] + Self.factors, ["670002"] + Array(repeating: "низкая", count: 10)]
        #expect(try RiskProfileImport.validate(sheet, factors: Self.factors, against: Self.directory, by: Self.regional).get().count == 1)
    }

    @Test func unknownCodesWordsMissingFactorsAndDuplicatesAreRefusedRowByRow() {
        let sheet = [Self.header,
                     ["999999"] + Array(repeating: "низкая", count: 10) + ["да", "да", "да", "да"],
                     ["670001"] + ["очень высокая"] + Array(repeating: "низкая", count: 9) + ["да", "может быть", "да", "да"],
                     ["670002"] + Array(repeating: "низкая", count: 10) + ["да", "да", "да", "да"],
                     ["670002"] + Array(repeating: "низкая", count: 10) + ["да", "да", "да", "да"]]
        guard case .failure(let failure) = RiskProfileImport.validate(sheet, factors: Self.factors, against: Self.directory,
                                                                      by: Self.regional) else {
            Issue.record("expected failure")
            return
        }
        #expect(failure.issues.contains(ImportIssue(row: 2, column: "Код ОО", problem: .unknownSchool("999999"))))
        #expect(failure.issues.contains { $0.row == 3 && $0.column == Self.factors[0] })
        #expect(failure.issues.contains { $0.row == 3 && $0.column == "Педагоги" })
        #expect(failure.issues.contains(ImportIssue(row: 5, column: "Код ОО", problem: .duplicateInFile(otherRow: 4))))
        let missing = [Array(Self.header.prefix(10)), ["670001"] + Array(repeating: "низкая", count: 9)]
        guard case .failure(let columns) = RiskProfileImport.validate(missing, factors: Self.factors, against: Self.directory,
                                                                      by: Self.regional) else {
            Issue.record("expected failure")
            return
        }
        #expect(columns.issues == [ImportIssue(row: 1, column: Self.factors[9], problem: .missingColumn)])
    }

    @Test func aCoordinatorOfAnotherRegionCannotImportThisSchoolsProfile() {
        let stranger = Actor(userID: UUID(), role: .regional, scope: Place(region: UUID()))
        let sheet = [Self.header, ["670001"] + Array(repeating: "низкая", count: 10) + ["да", "да", "да", "да"]]
        guard case .failure(let failure) = RiskProfileImport.validate(sheet, factors: Self.factors, against: Self.directory,
                                                                      by: stranger) else {
            Issue.record("expected failure")
            return
        }
        #expect(failure.issues == [ImportIssue(row: 2, column: "Код ОО", problem: .forbidden)])
    }

    @Test func highAndMediumRisksNeedVerification() {
        #expect(Significance.high.needsVerification && Significance.medium.needsVerification)
        #expect(!Significance.low.needsVerification && !Significance.none.needsVerification)
    }

    @Test func directionsMustEqualTheActualRisksOfTheSelfAssessment() {
        #expect(DirectionRule.check(chosen: [1, 5, 6], actual: [1, 5, 6]) == nil)
        #expect(DirectionRule.check(chosen: [1, 7], actual: [1, 5, 6]) == DirectionRule.Mismatch(missing: [5, 6], extra: [7]))
        #expect(DirectionRule.check(chosen: [], actual: [2]) == DirectionRule.Mismatch(missing: [2], extra: []))
    }
}

@Test func theCuratorsProtocolDiagnosesEachGroupByItsHighestFactor() {
    let protocol_ = VerificationProtocol.seed003
    #expect(protocol_.groups.count == 6)
    #expect(protocol_.groups.flatMap(\.factors).sorted() == Array(1...10))
    var significance = Array(repeating: Significance.low, count: 10)
    significance[4] = .high        // factor 5: рисками учебной неуспешности → group 4
    significance[6] = .medium      // factor 7: родители → group 5
    #expect(protocol_.diagnosed(protocol_.groups[3], in: significance) == .high)
    #expect(protocol_.diagnosed(protocol_.groups[4], in: significance) == .medium)
    #expect(protocol_.diagnosed(protocol_.groups[0], in: significance) == .low)
    #expect(protocol_.diagnosed(protocol_.groups[5], in: significance) == .none)
}
