import Foundation
import Testing
@testable import MEDKCore

/// A UUID that reads as its number, so that sort order and golden values are obvious: 00000000-…-000000000007.
private func numbered(_ number: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number))!
}

private func region(_ digit: Int) -> UUID {
    UUID(uuidString: "\(digit)0000000-0000-0000-0000-000000000000")!
}

/// `count` schools numbered from `start`, all in one region.
private func schools(_ count: Int, from start: Int, in stratum: UUID) -> [SamplingCandidate] {
    (start..<start + count).map { SamplingCandidate(id: numbered($0), stratum: stratum) }
}

private func near(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) < 1e-12
}

@Suite("Documents expertise")
struct ExpertiseTests {
    @Suite("Drawing the sample")
    struct Sampling {
        @Test func theCoordinatorRedrawsTheSameSchoolsFromTheSameSeedWhateverTheListOrder() throws {
            let population = schools(17, from: 1, in: region(1)) + schools(9, from: 100, in: region(2))
                + schools(30, from: 200, in: region(3))
            let first = try ExpertiseSampling.draw(population, rule: .percent(30), seed: 777)
            let reversed = try ExpertiseSampling.draw(population.reversed(), rule: .percent(30), seed: 777)
            var generator = SystemRandomNumberGenerator()
            let shuffledWithDuplicates = (population + population.prefix(5)).shuffled(using: &generator)
            let shuffled = try ExpertiseSampling.draw(shuffledWithDuplicates, rule: .percent(30), seed: 777)
            #expect(first == reversed)
            #expect(first == shuffled)
        }

        @Test func aNewSeedUsuallyDrawsOtherSchools() throws {
            let population = schools(40, from: 1, in: region(1))
            let draws = try (1...20).map { seed in
                try ExpertiseSampling.draw(population, rule: .perRegion(5), seed: UInt64(seed))[region(1)]!
            }
            #expect(Set(draws).count >= 19)
        }

        @Test func everyRegionGetsExactlyItsShareAndOnlyItsOwnSchools() throws {
            let population = schools(15, from: 1, in: region(1)) + schools(4, from: 100, in: region(2))
                + schools(3, from: 200, in: region(3))
            let byPercent = try ExpertiseSampling.draw(population, rule: .percent(10), seed: 5)
            #expect(byPercent.mapValues(\.count) == [region(1): 2, region(2): 1, region(3): 1])

            let byCount = try ExpertiseSampling.draw(population, rule: .perRegion(3), seed: 5)
            #expect(byCount.mapValues(\.count) == [region(1): 3, region(2): 3, region(3): 3])
            for (stratum, chosen) in byCount {
                let members = Set(population.filter { $0.stratum == stratum }.map(\.id))
                #expect(Set(chosen).isSubset(of: members))
                #expect(chosen == chosen.sorted { $0.uuidString < $1.uuidString })
                #expect(Set(chosen).count == chosen.count)
            }
        }

        @Test func aRegionJoiningTheListDoesNotChangeTheOtherRegionsDraw() throws {
            let before = schools(20, from: 1, in: region(1))
            let after = before + schools(12, from: 100, in: region(2))
            let drawnBefore = try ExpertiseSampling.draw(before, rule: .perRegion(4), seed: 99)
            let drawnAfter = try ExpertiseSampling.draw(after, rule: .perRegion(4), seed: 99)
            #expect(drawnBefore[region(1)] == drawnAfter[region(1)])
        }

        @Test func aPercentRoundsHalfUpButNeverLeavesARegionOut() {
            #expect(SampleRule.percent(10).size(population: 15) == 2)  // 1.5 → 2
            #expect(SampleRule.percent(10).size(population: 14) == 1)  // 1.4 → 1
            #expect(SampleRule.percent(10).size(population: 4) == 1)   // 0.4 → 0, at least 1
            #expect(SampleRule.percent(50).size(population: 3) == 2)   // 1.5 → 2
            #expect(SampleRule.percent(100).size(population: 7) == 7)
            #expect(SampleRule.percent(10).size(population: 0) == 0)
            #expect(SampleRule.perRegion(5).size(population: 3) == 5)
        }

        @Test func askingMoreSchoolsThanARegionHasNamesTheFirstSuchRegion() {
            // Regions 3 and 2 are both too small; 2 comes first by uuidString.
            let population = schools(5, from: 1, in: region(1)) + schools(1, from: 100, in: region(3))
                + schools(2, from: 200, in: region(2))
            #expect(throws: SamplingError.largerThanPopulation(stratum: region(2), population: 2, requested: 3)) {
                try ExpertiseSampling.draw(population, rule: .perRegion(3), seed: 1)
            }
        }

        @Test func aMeaninglessRuleOrAnEmptyListIsRefused() {
            let population = schools(5, from: 1, in: region(1))
            for rule in [SampleRule.perRegion(0), .percent(0), .percent(101), .perRegion(-2)] {
                #expect(throws: SamplingError.invalidRule) { try ExpertiseSampling.draw(population, rule: rule, seed: 1) }
            }
            #expect(throws: SamplingError.emptyPopulation) { try ExpertiseSampling.draw([], rule: .perRegion(1), seed: 1) }
        }

        @Test func aNewSeedIsShortEnoughToReadAloud() {
            for _ in 0..<200 { #expect((1...999_999_999).contains(ExpertiseSampling.newSeed())) }
        }

        @Test func theRuleIsStoredAndReadBackUnchanged() throws {
            for rule in [SampleRule.perRegion(4), .percent(15)] {
                let data = try JSONEncoder().encode(rule)
                #expect(try JSONDecoder().decode(SampleRule.self, from: data) == rule)
            }
        }

        /// Pins the algorithm (SplitMix64, FNV-1a, partial Fisher–Yates): a published draw must replay forever.
        /// If this fails, the draw changed — old seeds would no longer give the schools people were told.
        @Test func aPublishedDrawReplaysExactlyYearsLater() throws {
            let population = schools(12, from: 1, in: region(1)) + schools(8, from: 13, in: region(2))
            let drawn = try ExpertiseSampling.draw(population, rule: .percent(25), seed: 42)
            // Cross-checked once against an independent re-implementation of the same steps.
            #expect(drawn == [region(1): [4, 6, 10].map(numbered), region(2): [19, 20].map(numbered)])
        }
    }

    @Suite("Assigning experts")
    struct Assignment {
        private static let home = region(1), elsewhere = region(2)

        private static func sampled(_ count: Int, in stratum: UUID = home, from start: Int = 1) -> [SampledSchool] {
            (start..<start + count).map { SampledSchool(participationID: numbered($0), regionID: stratum) }
        }

        private static func expert(_ number: Int, in stratum: UUID?, load: Int = 0) -> ExpertCandidate {
            ExpertCandidate(id: numbered(1000 + number), regionID: stratum, load: load)
        }

        private static func totals(_ picks: [ExpertPick], _ experts: [ExpertCandidate]) -> [UUID: Int] {
            var totals = Dictionary(uniqueKeysWithValues: experts.map { ($0.id, $0.load) })
            for pick in picks { totals[pick.expertID, default: 0] += 1 }
            return totals
        }

        @Test func noExpertGetsMoreSchoolsThanTheLimit() throws {
            let experts = [Self.expert(1, in: nil, load: 3), Self.expert(2, in: Self.elsewhere, load: 1),
                           Self.expert(3, in: nil)]
            let picks = try ExpertAssignment.assign(Self.sampled(8), experts: experts, maxPerExpert: 4,
                                                    secondSharePercent: 0, seed: 1)
            #expect(picks.count == 8)
            #expect(Self.totals(picks, experts).values.allSatisfy { $0 <= 4 })
        }

        @Test func schoolsAreSpreadEvenlyAcrossExpertsWithoutEarlierWork() throws {
            let experts = (1...3).map { Self.expert($0, in: nil) }
            let schools = Self.sampled(10)
            let picks = try ExpertAssignment.assign(schools, experts: experts, maxPerExpert: 10,
                                                    secondSharePercent: 0, seed: 1)
            let counts = Self.totals(picks, experts).values
            #expect(counts.max()! - counts.min()! <= 1)
            #expect(picks.map(\.participationID) == schools.map(\.participationID))
        }

        @Test func anExpertNeverChecksAHomeSchoolWhileAnOutsiderHasRoom() throws {
            let local = Self.expert(1, in: Self.home)
            let experts = [local, Self.expert(2, in: Self.elsewhere), Self.expert(3, in: nil)]
            let picks = try ExpertAssignment.assign(Self.sampled(6), experts: experts, maxPerExpert: 5,
                                                    secondSharePercent: 50, seed: 3)
            #expect(!picks.contains { $0.expertID == local.id })
        }

        @Test func aHomeExpertTakesTheSchoolsOnlyOutsidersHaveNoRoomFor() throws {
            let local = Self.expert(1, in: Self.home), outsider = Self.expert(2, in: Self.elsewhere, load: 1)
            let picks = try ExpertAssignment.assign(Self.sampled(3), experts: [local, outsider], maxPerExpert: 2,
                                                    secondSharePercent: 0, seed: 1)
            #expect(picks.map(\.expertID) == [outsider.id, local.id, local.id])
        }

        @Test func aSecondOpinionComesFromAnotherExpertForTheRequestedShare() throws {
            let experts = (1...4).map { Self.expert($0, in: $0 % 2 == 0 ? Self.elsewhere : nil) }
            let picks = try ExpertAssignment.assign(Self.sampled(10), experts: experts, maxPerExpert: 10,
                                                    secondSharePercent: 25, seed: 11)
            let seconds = picks.filter(\.isSecond)
            #expect(seconds.count == 3)  // 25 % of 10 = 2.5 → 3
            #expect(picks.filter { !$0.isSecond }.count == 10)
            for second in seconds {
                let first = picks.first { $0.participationID == second.participationID && !$0.isSecond }
                #expect(first != nil && first?.expertID != second.expertID)
            }
            let order = picks.map { "\($0.participationID.uuidString)\($0.isSecond ? 1 : 0)" }
            #expect(order == order.sorted())
        }

        @Test func theSameSeedGivesTheSameAssignmentWhateverTheListOrder() throws {
            let experts = (1...5).map { Self.expert($0, in: $0 % 2 == 0 ? Self.home : Self.elsewhere, load: $0 % 3) }
            let schools = Self.sampled(7) + Self.sampled(6, in: Self.elsewhere, from: 50)
            let once = try ExpertAssignment.assign(schools, experts: experts, maxPerExpert: 6,
                                                   secondSharePercent: 40, seed: 2024)
            let again = try ExpertAssignment.assign(schools.reversed(), experts: experts.reversed(), maxPerExpert: 6,
                                                    secondSharePercent: 40, seed: 2024)
            #expect(once == again)
        }

        @Test func tooLittleRoomIsReportedBeforeAnythingIsAssigned() {
            let experts = [Self.expert(1, in: nil, load: 1), Self.expert(2, in: nil)]
            #expect(throws: AssignmentError.notEnoughCapacity(needed: 5, available: 3)) {
                try ExpertAssignment.assign(Self.sampled(5), experts: experts, maxPerExpert: 2,
                                            secondSharePercent: 0, seed: 1)
            }
            // 4 schools and 50 % second opinions need 6 slots.
            #expect(throws: AssignmentError.notEnoughCapacity(needed: 6, available: 3)) {
                try ExpertAssignment.assign(Self.sampled(4), experts: experts, maxPerExpert: 2,
                                            secondSharePercent: 50, seed: 1)
            }
        }

        @Test func roomLeftOnlyWithTheFirstExpertCannotGiveASecondOpinion() {
            let experts = [Self.expert(1, in: Self.home), Self.expert(2, in: Self.elsewhere, load: 2)]
            #expect(throws: AssignmentError.notEnoughCapacity(needed: 2, available: 1)) {
                try ExpertAssignment.assign(Self.sampled(1), experts: experts, maxPerExpert: 2,
                                            secondSharePercent: 100, seed: 1)
            }
        }

        @Test func meaninglessSettingsAreRefused() {
            let experts = [Self.expert(1, in: nil)]
            #expect(throws: AssignmentError.invalidLimit) {
                try ExpertAssignment.assign(Self.sampled(1), experts: experts, maxPerExpert: 0, secondSharePercent: 0, seed: 1)
            }
            #expect(throws: AssignmentError.invalidSecondShare) {
                try ExpertAssignment.assign(Self.sampled(1), experts: experts, maxPerExpert: 3, secondSharePercent: 101, seed: 1)
            }
            #expect(throws: AssignmentError.noExperts) {
                try ExpertAssignment.assign(Self.sampled(1), experts: [], maxPerExpert: 3, secondSharePercent: 0, seed: 1)
            }
            #expect(throws: AssignmentError.noSecondExpert) {
                try ExpertAssignment.assign(Self.sampled(2), experts: experts, maxPerExpert: 3, secondSharePercent: 50, seed: 1)
            }
        }
    }

    @Suite("Agreement between experts")
    struct Agreements {
        /// Pairs (first expert's score, second expert's score) from a table of counts, rows = first expert.
        private static func pairs(_ table: [[Int]]) -> [(Int, Int)] {
            table.enumerated().flatMap { row, counts in
                counts.enumerated().flatMap { column, count in Array(repeating: (row, column), count: count) }
            }
        }

        /// Scores 0…2, 20 schools:
        ///            B: 0  1  2 | rows
        ///   A: 0       4  1  0  |  5
        ///   A: 1       1  3  1  |  5
        ///   A: 2       0  2  8  | 10
        ///   columns    5  6  9
        private static let table = [[4, 1, 0], [1, 3, 1], [0, 2, 8]]

        @Test func theShareOfEqualScoresIsCountedDirectly() {
            #expect(Agreement.equalShare(Self.pairs(Self.table)) == 15.0 / 20.0)  // 4 + 3 + 8 on the diagonal
            #expect(Agreement.equalShare([]) == nil)
        }

        @Test func linearKappaMatchesTheHandComputedValue() {
            // Linear weights |i−j|/2: 0, ½, 1.
            // Observed: one step apart 1+1+1+2 = 5 pairs × ½ = 2.5; two apart 0 → Σ w·O = 2.5 / 20 = 0.125.
            // Expected (row·column): one step 5·6 + 5·5 + 5·9 + 10·6 = 160 × ½ = 80; two steps 5·9 + 10·5 = 95 × 1
            //   → Σ w·E = 175 / 400 = 0.4375.
            // κ = 1 − 0.125 / 0.4375 = 1 − 2/7 = 5/7 ≈ 0.714.
            #expect(near(Agreement.weightedKappa(Self.pairs(Self.table), maxScore: 2), 5.0 / 7.0))
        }

        @Test func quadraticKappaMatchesTheHandComputedValue() {
            // Quadratic weights ((i−j)/2)²: 0, ¼, 1.
            // Observed: 5 × ¼ = 1.25 / 20 = 0.0625. Expected: 160 × ¼ + 95 = 135 / 400 = 0.3375.
            // κ = 1 − 0.0625 / 0.3375 = 1 − 5/27 = 22/27 ≈ 0.815.
            #expect(near(Agreement.weightedKappa(Self.pairs(Self.table), maxScore: 2, weights: .quadratic), 22.0 / 27.0))
        }

        @Test func expertsWhoAlwaysAgreeHaveKappaOne() {
            #expect(near(Agreement.weightedKappa([(0, 0), (1, 1), (2, 2), (2, 2)], maxScore: 2), 1))
        }

        @Test func expertsWhoSystematicallyDisagreeHaveNegativeKappa() {
            // Scores 0…1, pairs (0,1) and (1,0): observed disagreement 1; marginals ½/½ → expected ¼ + ¼ = ½.
            // κ = 1 − 1 / ½ = −1.
            #expect(near(Agreement.weightedKappa([(0, 1), (1, 0)], maxScore: 1), -1))
        }

        @Test func kappaIsUndefinedWithoutPairsOrWithoutAnyChanceOfDisagreement() {
            #expect(Agreement.weightedKappa([], maxScore: 2) == nil)
            #expect(Agreement.weightedKappa([(2, 2), (2, 2)], maxScore: 2) == nil)
            #expect(Agreement.weightedKappa([(3, 5), (-1, 0)], maxScore: 2) == nil)
        }

        @Test func aScoreOffTheScaleIsLeftOutOfKappa() {
            let clean = Self.pairs(Self.table)
            #expect(Agreement.weightedKappa(clean + [(3, 0), (0, -1)], maxScore: 2) == Agreement.weightedKappa(clean, maxScore: 2))
        }
    }

    @Suite("Scoring a school")
    struct Scoring {
        private static let rubric = Rubric.managementCycle

        private static func full(_ score: Int, comment: String = "") -> [CriterionScore] {
            rubric.map { CriterionScore(key: $0.key, score: score, comment: comment) }
        }

        @Test func theRubricWalksTheManagementCycle() {
            #expect(Self.rubric.map(\.key) == ["goals", "indicators", "measures", "monitoring", "analysis", "decisions"])
            #expect(Self.rubric.allSatisfy { $0.maxScore == 2 })
            #expect(Self.rubric[0].title == "Цели и задачи вытекают из подтверждённых рисков школы")
            #expect(Self.rubric[5].title == "Управленческие решения следуют из анализа")
        }

        @Test func aDraftMayBeIncompleteWithoutComments() {
            let draft = [CriterionScore(key: "goals", score: 1), CriterionScore(key: "monitoring", score: nil)]
            #expect(ScoreSheetCheck.problems(draft, rubric: Self.rubric, conclusion: " ", submitting: false).isEmpty)
        }

        @Test func aDraftStillRefusesUnknownCriteriaAndScoresOffTheScale() {
            let draft = [CriterionScore(key: "analysis", score: 3), CriterionScore(key: "vision", score: 1),
                         CriterionScore(key: "goals", score: -1)]
            #expect(ScoreSheetCheck.problems(draft, rubric: Self.rubric, conclusion: "", submitting: false) == [
                .unknownCriterion("vision"),
                .scoreOutOfScale(key: "goals", score: -1, maxScore: 2),
                .scoreOutOfScale(key: "analysis", score: 3, maxScore: 2),
            ])
        }

        @Test func aSubmittedSheetNeedsEveryScoreACommentBelowTheTopAndAConclusion() {
            let sheet = [CriterionScore(key: "goals", score: 2), CriterionScore(key: "indicators", score: 1, comment: "  \n"),
                         CriterionScore(key: "measures", score: 0, comment: "Нет сроков"),
                         CriterionScore(key: "monitoring", score: 1, comment: "Только один срез"),
                         CriterionScore(key: "analysis", score: nil)]
            #expect(ScoreSheetCheck.problems(sheet, rubric: Self.rubric, conclusion: "\t", submitting: true) == [
                .commentRequired(key: "indicators"),
                .missingScore(key: "analysis"),
                .missingScore(key: "decisions"),
                .conclusionRequired,
            ])
        }

        @Test func aCompleteSheetIsSubmittedWithoutProblems() {
            #expect(ScoreSheetCheck.problems(Self.full(2), rubric: Self.rubric, conclusion: "Цикл выстроен", submitting: true).isEmpty)
            #expect(ScoreSheetCheck.problems(Self.full(1, comment: "Частично"), rubric: Self.rubric,
                                             conclusion: "Доработать", submitting: true).isEmpty)
        }

        @Test func theTotalAddsTheGivenScoresOutOfTheMaximum() {
            let sheet = [CriterionScore(key: "goals", score: 2), CriterionScore(key: "measures", score: 1),
                         CriterionScore(key: "analysis", score: nil), CriterionScore(key: "decisions", score: 7),
                         CriterionScore(key: "vision", score: 2)]
            let total = ScoreSheetCheck.total(sheet, rubric: Self.rubric)
            #expect(total.score == 3)
            #expect(total.max == 12)
        }
    }
}
