import Foundation
import Testing
@testable import MEDKCore

/// A risk profile over the 2021 catalogue: the named factors at their significance, the rest not diagnosed.
private func profile(high: [Int] = [], medium: [Int] = [], low: [Int] = []) -> [Significance] {
    (1...10).map { number in
        high.contains(number) ? .high : medium.contains(number) ? .medium : low.contains(number) ? .low : .none
    }
}

private func sortedIDs(_ ids: UUID...) -> [UUID] { ids.sorted { $0.uuidString < $1.uuidString } }

@Suite("Мониторинг проявления рисков факторов ШНОР")
struct RiskFactorMonitoringTests {
    static let factors = Methodology.cycle2021.riskFactors

    static func table(_ schools: [RiskFactorMonitoring.School],
                      protocol verification: VerificationProtocol = .seed003) -> [RiskFactorMonitoring.Row] {
        RiskFactorMonitoring.rows(factors: factors, protocol: verification, schools: schools)
    }

    static func row(_ factor: Int, of rows: [RiskFactorMonitoring.Row]) -> RiskFactorMonitoring.Row {
        rows.first { $0.factor == factor }!
    }

    @Test func theMonitoringIsNamedAndSourcedAsInTheSeed() {
        #expect(RiskFactorMonitoring.title == "Мониторинг проявления рисков факторов ШНОР")
        #expect(RiskFactorMonitoring.sources.hasPrefix("результаты анализа «зон риска»"))
        #expect(RiskFactorMonitoring.sources.hasSuffix("протокол куратора по работе с рисковым профилем ШНОР"))
        #expect(RiskFactorMonitoring.Column.allCases.map(\.title) == [
            "высокая", "средняя", "низкая", "подтверждён куратором", "не подтверждён куратором",
            "не проверен куратором", "добавлен куратором", "актуален в карточке самоанализа", "выбран направлением",
        ])
    }

    @Test func competenceIsConfirmedInThreeOfFiveSchoolsOneNotConfirmedOneNotYetVisited() {
        // Factor 1 (компетентность педагогов) is verified by protocol group 3.
        let gusino = UUID(), merlino = UUID(), krasny = UUID(), mankovo = UUID(), glubokoe = UUID()
        let schools: [RiskFactorMonitoring.School] = [
            .init(id: gusino, significance: profile(high: [1]), curatorAnswers: [3: true], selfAnalysis: [1], directions: [1]),
            .init(id: merlino, significance: profile(high: [1]), curatorAnswers: [3: true], selfAnalysis: [1]),
            .init(id: krasny, significance: profile(medium: [1]), curatorAnswers: [3: true]),
            .init(id: mankovo, significance: profile(medium: [1]), curatorAnswers: [3: false]),
            .init(id: glubokoe, significance: profile(high: [1]), curatorAnswers: [1: true]),   // group 3 not judged yet
        ]
        let competence = Self.row(1, of: Self.table(schools))
        #expect(competence.count(.high) == 3 && competence.count(.medium) == 2 && competence.count(.low) == 0)
        #expect(competence.count(.confirmed) == 3)
        #expect(competence.count(.notConfirmed) == 1 && competence.count(.notVerified) == 1)
        #expect(competence.count(.added) == 0)
        #expect(competence.count(.selfAnalysis) == 2 && competence.count(.direction) == 1)
        // The coordinator drills down from the counts to the schools.
        #expect(competence.schools[.confirmed] == sortedIDs(gusino, merlino, krasny))
        #expect(competence.schools[.notConfirmed] == [mankovo])
        #expect(competence.schools[.notVerified] == [glubokoe])
        #expect(competence.schools[.direction] == [gusino])
        #expect(competence.schools[.added] == [])
    }

    @Test func aLowRiskTheCuratorConfirmedCountsAsAddedNotConfirmed() {
        // Factor 10 (оснащение) is low in the profile; the curator, on the visit, confirms group 1 all the same.
        let school = UUID()
        let equipment = Self.row(10, of: Self.table([
            .init(id: school, significance: profile(low: [10]), curatorAnswers: [1: true]),
        ]))
        #expect(equipment.count(.low) == 1)
        #expect(equipment.schools[.added] == [school])
        #expect(equipment.count(.confirmed) == 0 && equipment.count(.notVerified) == 0)
    }

    @Test func aLowRiskTheCuratorDidNotConfirmIsNeitherUnconfirmedNorUnverified() {
        let rows = Self.table([
            .init(id: UUID(), significance: profile(low: [10]), curatorAnswers: [1: false]),
            .init(id: UUID(), significance: profile(low: [10])),
        ])
        let equipment = Self.row(10, of: rows)
        #expect(equipment.count(.low) == 2)
        for column in [RiskFactorMonitoring.Column.confirmed, .notConfirmed, .notVerified, .added] {
            #expect(equipment.count(column) == 0, "\(column)")
        }
    }

    @Test func aGroupOfSeveralFactorsConfirmedForOneDiagnosedFactorAddsTheOthers() {
        // Group 4 (контингент) covers factors 3, 4 and 5; the profile puts only factor 3 high.
        let school = UUID()
        let rows = Self.table([
            .init(id: school, significance: profile(high: [3], low: [4]), curatorAnswers: [4: true]),
        ])
        #expect(Self.row(3, of: rows).schools[.confirmed] == [school])
        #expect(Self.row(3, of: rows).count(.added) == 0)
        #expect(Self.row(4, of: rows).schools[.added] == [school])
        #expect(Self.row(5, of: rows).schools[.added] == [school])
        #expect(Self.row(4, of: rows).count(.confirmed) == 0 && Self.row(5, of: rows).count(.confirmed) == 0)
        #expect(Self.row(4, of: rows).count(.low) == 1 && Self.row(5, of: rows).count(.low) == 0)
    }

    @Test func aSchoolWithoutAProfileIsInNoSignificanceColumnAndWhatTheCuratorConfirmsIsAdded() {
        let school = UUID()
        let rows = Self.table([
            .init(id: school, curatorAnswers: [2: true, 3: false], selfAnalysis: [2], directions: [2]),
        ])
        for row in rows {
            #expect(row.count(.high) + row.count(.medium) + row.count(.low) == 0)
            #expect(row.count(.confirmed) + row.count(.notConfirmed) + row.count(.notVerified) == 0)
        }
        let staff = Self.row(2, of: rows)
        #expect(staff.schools[.added] == [school])
        #expect(staff.schools[.selfAnalysis] == [school] && staff.schools[.direction] == [school])
        #expect(Self.row(1, of: rows).count(.added) == 0)   // group 3 answered «no»: nothing to add
    }

    @Test func aDiagnosedFactorNoGroupCoversStaysUnverified() {
        let partial = VerificationProtocol(title: "Только оснащение", groups: [
            .init(number: 1, title: "Уровень оснащения школы", factors: [10], items: []),
        ])
        let school = UUID()
        let rows = Self.table([.init(id: school, significance: profile(high: [1, 10]), curatorAnswers: [1: true, 3: true])],
                              protocol: partial)
        #expect(Self.row(1, of: rows).schools[.notVerified] == [school])
        #expect(Self.row(10, of: rows).schools[.confirmed] == [school])
    }

    @Test func factorAndGroupNumbersOutsideTheCatalogueAreIgnored() {
        let stray = VerificationProtocol(title: "С лишней группой", groups: VerificationProtocol.seed003.groups + [
            .init(number: 7, title: "Лишняя", factors: [11, 12], items: []),
        ])
        let school = UUID()
        let rows = Self.table([
            .init(id: school, significance: profile() + [.high, .high], curatorAnswers: [7: true, 99: true],
                  selfAnalysis: [0, 11, 42], directions: [-1, 11]),
        ], protocol: stray)
        #expect(rows.map(\.factor) == Array(1...10))
        for row in rows {
            for column in RiskFactorMonitoring.Column.allCases {
                #expect(row.count(column) == 0, "factor \(row.factor), \(column)")
            }
        }
    }

    @Test func theChangeShowsHowEachFactorMovedSinceThePreviousPeriod() {
        // Motivation (factor 6, group 5): last year high in two schools, one confirmed; this year one is better.
        let gusino = UUID(), merlino = UUID()
        let previous = Self.table([
            .init(id: gusino, significance: profile(high: [6]), curatorAnswers: [5: true], directions: [6]),
            .init(id: merlino, significance: profile(high: [6]), curatorAnswers: [5: false]),
        ])
        let current = Self.table([
            .init(id: gusino, significance: profile(medium: [6]), curatorAnswers: [5: true], directions: [6]),
            .init(id: merlino, significance: profile(low: [6])),
        ])
        let motivation = RiskFactorMonitoring.change(current, since: previous)[6]
        #expect(motivation?[.high] == -2 && motivation?[.medium] == 1 && motivation?[.low] == 1)
        #expect(motivation?[.confirmed] == 0 && motivation?[.notConfirmed] == -1 && motivation?[.direction] == 0)
        #expect(motivation?.count == RiskFactorMonitoring.Column.allCases.count)
    }

    @Test func aSchoolThatJoinedThisPeriodOnlyAddsToTheCurrentCounts() {
        let gusino = UUID(), newcomer = UUID()
        let previous = Self.table([.init(id: gusino, significance: profile(high: [2]), curatorAnswers: [2: true])])
        let current = Self.table([
            .init(id: gusino, significance: profile(high: [2]), curatorAnswers: [2: true]),
            .init(id: newcomer, significance: profile(high: [2]), selfAnalysis: [2]),
        ])
        let staff = RiskFactorMonitoring.change(current, since: previous)[2]
        #expect(staff?[.high] == 1 && staff?[.notVerified] == 1 && staff?[.selfAnalysis] == 1)
        #expect(staff?[.confirmed] == 0)
    }

    @Test func aFactorTheLastPeriodDidNotHaveHasNoChange() {
        let school = UUID()
        let current = Self.table([.init(id: school, significance: profile(high: [10]))])
        let previous = Self.table([.init(id: school, significance: profile(high: [10]))]).filter { $0.factor != 10 }
        let changes = RiskFactorMonitoring.change(current, since: previous)
        #expect(changes[10] == nil)
        #expect(changes[1] == Dictionary(uniqueKeysWithValues: RiskFactorMonitoring.Column.allCases.map { ($0, 0) }))
    }

    @Test func aRowRebuiltFromStoredListsEqualsTheComputedOne() {
        let a = UUID(), b = UUID()
        let computed = Self.row(1, of: Self.table([
            .init(id: a, significance: profile(high: [1])), .init(id: b, significance: profile(high: [1])),
        ]))
        let stored = RiskFactorMonitoring.Row(factor: 1, schools: [.high: [b, a, a], .notVerified: [a, b]])
        #expect(stored == computed)
    }
}
