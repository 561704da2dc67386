import Foundation
import Testing
@testable import MEDKCore

private func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

private let concept = ReviewedItemKind(itemType: "document", section: "conceptDocuments")
private let monitoringReport1 = ReviewedItemKind(itemType: "monitoring_report", section: "monitoring1")

private func event(_ item: String, _ when: String, _ state: ReviewState, kind: ReviewedItemKind = concept,
                   order: Double = 0) -> SchoolHistory.ItemEvent {
    .init(item: item, kind: kind, day: day(when), state: state, order: order)
}

/// A school taking part from 15.02.2021, with the given review history.
private func school(joined: String = "15.02.2021", left: String? = nil, _ events: [SchoolHistory.ItemEvent] = []) -> SchoolHistory {
    var history = SchoolHistory(participation: DaySpan(from: day(joined), until: left.map(day)))
    history.itemEvents = events
    return history
}

/// Both readings of a history must give the same answer on every day of the cycle.
private func expectReadingsAgree(_ history: SchoolHistory, _ indicator: InclusionIndicator) {
    let spans = history.spans(indicator)
    var current = day("01.02.2021")
    while current <= day("31.12.2021") {
        #expect(history.isDone(indicator, on: current) == spans.contains { $0.contains(current) }, "\(current.russian)")
        current = current.adding(days: 1)
    }
}

@Suite("Inclusion indicators as of a date")
struct InclusionIndicatorTests {
    @Test func anApprovalThatCameAfterTheDateDoesNotCount() {
        let history = school([event("концепция", "20.04.2021", .draft), event("концепция", "21.04.2021", .submitted),
                              event("концепция", "05.05.2021", .approved)])
        #expect(!history.isDone(.conceptDocumentsApproved, on: day("30.04.2021")))
        #expect(history.isDone(.conceptDocumentsApproved, on: day("05.05.2021")))
        #expect(history.spans(.conceptDocumentsApproved) == [DaySpan(from: day("05.05.2021"))])
        #expect(Tally.of([history], .conceptDocumentsApproved, on: day("30.04.2021")) == Tally(done: 0, total: 1))
        expectReadingsAgree(history, .conceptDocumentsApproved)
    }

    @Test func aReturnedThenApprovedDocumentCountsFromItsApproval() {
        let history = school([event("концепция", "10.04.2021", .submitted), event("концепция", "12.04.2021", .returned),
                              event("концепция", "15.04.2021", .returned), event("концепция", "16.04.2021", .submitted),
                              event("концепция", "20.04.2021", .approved)])
        #expect(!history.isDone(.conceptDocumentsApproved, on: day("19.04.2021")))
        #expect(history.isDone(.conceptDocumentsApproved, on: day("20.04.2021")))
        #expect(history.spans(.conceptDocumentsApproved) == [DaySpan(from: day("20.04.2021"))])
        expectReadingsAgree(history, .conceptDocumentsApproved)
    }

    @Test func aSchoolThatLeftTheProgrammeIsNotInTheDenominatorAfterItLeft() {
        let stays = school([event("a", "20.04.2021", .approved)])
        let leaves = school(left: "01.05.2021", [event("b", "20.04.2021", .approved)])
        let neverDid = school(left: "01.05.2021")
        #expect(Tally.of([stays, leaves, neverDid], .conceptDocumentsApproved, on: day("30.04.2021")) == Tally(done: 2, total: 3))
        #expect(Tally.of([stays, leaves, neverDid], .conceptDocumentsApproved, on: day("01.05.2021")) == Tally(done: 1, total: 1))
        #expect(leaves.spans(.conceptDocumentsApproved) == [DaySpan(from: day("20.04.2021"), until: day("01.05.2021"))])
        expectReadingsAgree(leaves, .conceptDocumentsApproved)
    }

    @Test func aReopenTakesTheApprovalBackUntilTheNextOne() {
        let history = school([event("a", "20.04.2021", .approved), event("a", "25.04.2021", .returned),
                              event("a", "28.04.2021", .submitted), event("a", "03.05.2021", .approved)])
        #expect(history.spans(.conceptDocumentsApproved) == [DaySpan(from: day("20.04.2021"), until: day("25.04.2021")),
                                                            DaySpan(from: day("03.05.2021"))])
        expectReadingsAgree(history, .conceptDocumentsApproved)
    }

    @Test func aSectionIsDoneOnlyWhenEveryItemInItIsApproved() {
        let history = school([event("a", "20.04.2021", .approved), event("b", "22.04.2021", .submitted),
                              event("b", "24.04.2021", .approved)])
        #expect(history.isDone(.conceptDocumentsApproved, on: day("21.04.2021")))
        #expect(!history.isDone(.conceptDocumentsApproved, on: day("23.04.2021")))
        #expect(history.isDone(.conceptDocumentsApproved, on: day("24.04.2021")))
        expectReadingsAgree(history, .conceptDocumentsApproved)
    }

    @Test func monitoringCountsDocumentsAndTheMonitoringReportOfItsStageOnly() {
        let history = school([event("doc", "20.05.2021", .approved, kind: ReviewedItemKind(itemType: "document", section: "monitoring1")),
                              event("report", "25.05.2021", .submitted, kind: monitoringReport1),
                              event("report", "28.05.2021", .approved, kind: monitoringReport1),
                              event("концепция", "01.04.2021", .approved)])
        #expect(!history.isDone(.monitoring1Approved, on: day("27.05.2021")))
        #expect(history.isDone(.monitoring1Approved, on: day("28.05.2021")))
        #expect(!history.isDone(.monitoring2Approved, on: day("28.12.2021")))
        #expect(InclusionIndicator.counting(monitoringReport1) == .monitoring1Approved)
        #expect(InclusionIndicator.counting(ReviewedItemKind(itemType: "document", section: "program")) == nil)
    }

    @Test func theVisitCountsOnlyWithTheVerifiedProfileAndFromTheLaterOfTheTwo() {
        var history = school()
        history.visitDays = [day("05.03.2021"), day("12.03.2021")]
        #expect(!history.isDone(.visitedAndVerified, on: day("10.03.2021")))
        history.verifiedDay = day("09.03.2021")
        #expect(!history.isDone(.visitedAndVerified, on: day("08.03.2021")))
        #expect(history.isDone(.visitedAndVerified, on: day("09.03.2021")))
        expectReadingsAgree(history, .visitedAndVerified)
    }

    @Test func aCuratorCountsOnlyWhileAssigned() {
        var history = school()
        history.curatorSpans = [DaySpan(from: day("15.02.2021"), until: day("01.03.2021")),
                                DaySpan(from: day("20.02.2021"), until: day("05.03.2021")),
                                DaySpan(from: day("10.03.2021"))]
        #expect(history.spans(.curatorAssigned) == [DaySpan(from: day("15.02.2021"), until: day("05.03.2021")),
                                                    DaySpan(from: day("10.03.2021"))])
        #expect(!history.isDone(.curatorAssigned, on: day("07.03.2021")))
        expectReadingsAgree(history, .curatorAssigned)
    }

    @Test func randomHistoriesReadTheSameBothWays() {
        var generator = SplitMix(seed: 42)
        let states: [ReviewState] = [.draft, .submitted, .approved, .returned]
        for _ in 0..<40 {
            let events = (0..<Int(generator.next() % 8)).map { _ in
                event(["a", "b"][Int(generator.next() % 2)], "\(10 + generator.next() % 18).04.2021",
                      states[Int(generator.next() % 4)], order: Double(generator.next() % 100))
            }
            let left: String? = generator.next() % 2 == 0 ? nil : "\(10 + generator.next() % 18).04.2021"
            let history = school(left: left, events)
            expectReadingsAgree(history, .conceptDocumentsApproved)
        }
    }

    @Test(arguments: [(0, 0, "01.05.2021", ControlStanding.empty), (3, 3, "01.05.2021", .done),
                      (1, 3, "01.05.2021", .overdue), (1, 3, "30.04.2021", .dueSoon), (1, 3, "16.04.2021", .dueSoon),
                      (1, 3, "15.04.2021", .open)])
    func aCellIsColouredAgainstItsControlDate(done: Int, total: Int, asOf: String, standing: ControlStanding) {
        #expect(ControlStanding.of(done: done, of: total, controlDate: day("30.04.2021"), asOf: day(asOf)) == standing)
    }
}

@Suite("Visit frequency of seed 001")
struct VisitRuleTests {
    let rule = VisitRule(formingUntil: day("30.04.2021"))

    @Test func weeklyWhileTheRoadmapIsFormedThenEveryFourWeeks() {
        #expect(rule.nextVisitDue(lastVisit: day("05.03.2021"), assignedOn: day("15.02.2021")) == day("12.03.2021"))
        #expect(!rule.isOverdue(lastVisit: day("05.03.2021"), assignedOn: day("15.02.2021"), on: day("12.03.2021")))
        #expect(rule.isOverdue(lastVisit: day("05.03.2021"), assignedOn: day("15.02.2021"), on: day("13.03.2021")))
        // A week after 28.04 falls past the forming stage: four weeks apply.
        #expect(rule.nextVisitDue(lastVisit: day("28.04.2021"), assignedOn: day("15.02.2021")) == day("26.05.2021"))
        #expect(rule.nextVisitDue(lastVisit: day("10.06.2021"), assignedOn: day("15.02.2021")) == day("08.07.2021"))
    }

    @Test func beforeTheFirstVisitTheClockRunsFromTheAssignment() {
        #expect(rule.isOverdue(lastVisit: nil, assignedOn: day("15.02.2021"), on: day("23.02.2021")))
        #expect(!rule.isOverdue(lastVisit: nil, assignedOn: day("15.02.2021"), on: day("22.02.2021")))
    }

    /// PRODUCT.md's reading: the first visit by «Первичное посещение ОО» (10.03 in 2021), not a week from the assignment.
    @Test func theFirstVisitIsDueByTheCyclesFirstVisitDate() {
        let cycle = VisitRule(formingUntil: day("30.04.2021"), firstVisitBy: day("10.03.2021"))
        #expect(cycle.nextVisitDue(lastVisit: nil, assignedOn: day("15.02.2021")) == day("10.03.2021"))
        #expect(!cycle.isOverdue(lastVisit: nil, assignedOn: day("15.02.2021"), on: day("10.03.2021")))
        #expect(cycle.isOverdue(lastVisit: nil, assignedOn: day("15.02.2021"), on: day("11.03.2021")))
        // A curator assigned on the eve of that date still has a week.
        #expect(cycle.nextVisitDue(lastVisit: nil, assignedOn: day("09.03.2021")) == day("16.03.2021"))
    }

    /// A school whose concept documents were approved early leaves the weekly stage then, not on the cycle's date.
    @Test func aSchoolWithConceptDocumentsApprovedEarlyIsVisitedEveryFourWeeksFromThen() {
        let approved = day("26.03.2021")
        #expect(rule.formingEnds(conceptApprovedOn: approved) == approved)
        #expect(rule.nextVisitDue(lastVisit: day("22.03.2021"), assignedOn: day("15.02.2021"), conceptApprovedOn: approved) == day("19.04.2021"))
        // Before the approval the week still applies; a school not yet approved keeps the cycle's date.
        #expect(rule.nextVisitDue(lastVisit: day("15.03.2021"), assignedOn: day("15.02.2021"), conceptApprovedOn: approved) == day("22.03.2021"))
        #expect(rule.nextVisitDue(lastVisit: day("22.03.2021"), assignedOn: day("15.02.2021")) == day("29.03.2021"))
        // Approval after the cycle's date changes nothing: whichever comes first.
        #expect(rule.formingEnds(conceptApprovedOn: day("20.05.2021")) == day("30.04.2021"))
    }

    @Test func theCycleMayChangeBothNumbers() {
        let relaxed = VisitRule(formingWeeks: 2, carryingWeeks: 3, formingUntil: day("30.04.2021"))
        #expect(relaxed.nextVisitDue(lastVisit: day("01.03.2021"), assignedOn: day("15.02.2021")) == day("15.03.2021"))
        #expect(relaxed.nextVisitDue(lastVisit: day("01.06.2021"), assignedOn: day("15.02.2021")) == day("22.06.2021"))
    }
}

@Suite("Days and percentiles")
struct DayArithmeticTests {
    @Test func daysCountAcrossMonthsAndLeapYears() {
        #expect(day("01.03.2024").days(since: day("28.02.2024")) == 2)
        #expect(day("01.01.1970").dayNumber == 0)
        #expect(CalendarDate(dayNumber: day("29.02.2024").dayNumber) == day("29.02.2024"))
        #expect(day("10.03.2021").weekday == 3)
    }

    @Test func workingDaysSkipWeekends() {
        // Friday 05.03.2021 → Monday 08.03.2021: one working day.
        #expect(day("08.03.2021").workingDays(since: day("05.03.2021")) == 1)
        #expect(day("19.03.2021").workingDays(since: day("05.03.2021")) == 10)
        #expect(day("05.03.2021").workingDays(since: day("05.03.2021")) == 0)
    }

    @Test func medianAndNinetiethPercentileInterpolateLikeSpreadsheets() {
        #expect(Percentile.median([1, 2, 3, 10]) == 2.5)
        #expect(Percentile.of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9.1)
        #expect(Percentile.median([]) == nil)
        #expect(Percentile.of([4], 0.9) == 4)
    }
}

/// A small deterministic generator, so a failing random case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Launch seminar marks")
struct SeminarMarkTests {
    @Test func aMarkTakenBackStopsCountingFromThatDay() {
        var history = SchoolHistory(participation: DaySpan(from: day("15.02.2021")))
        history.seminarMarks = [.init(day: day("16.02.2021"), attended: true, order: 1),
                                .init(day: day("20.02.2021"), attended: false, order: 2)]
        #expect(history.isDone(.launchSeminar, on: day("19.02.2021")))
        #expect(!history.isDone(.launchSeminar, on: day("20.02.2021")))
        #expect(history.spans(.launchSeminar) == [DaySpan(from: day("16.02.2021"), until: day("20.02.2021"))])
    }
}

@Suite("Who reads the coordinators' monitoring")
struct DashboardPolicyTests {
    static let r1 = UUID(), m1 = UUID()
    static let schoolIn = Place(region: r1, municipality: m1, school: UUID())
    static let municipalityIn = Place(region: r1, municipality: m1)
    static let municipalityOut = Place(region: UUID(), municipality: UUID())
    static let regionIn = Place(region: r1)

    static func actor(_ role: Role) -> Actor {
        let scope: Place = switch role.scopeKind {
        case .school: schoolIn
        case .municipality: municipalityIn
        case .region: regionIn
        case .country: .country
        }
        return Actor(userID: UUID(), role: role, scope: scope, assignedSchools: role == .curator ? [schoolIn.schoolID!] : [])
    }

    @Test(arguments: Role.allCases)
    func coordinatorsAndTheAdminReadTheirOwnTerritoryOnly(role: Role) {
        let actor = Self.actor(role)
        let expected = role.isCoordinator || role == .admin
        #expect(Policy.can(actor, .viewDashboards, Self.municipalityIn) == expected)
        #expect(Policy.can(actor, .viewDashboards, Self.schoolIn) == expected)
        #expect(Policy.can(actor, .viewDashboards, Self.municipalityOut) == (role == .federal || role == .admin))
        #expect(Policy.can(actor, .markSeminar, Self.schoolIn) == role.isCoordinator)
        #expect(Policy.can(actor, .markSeminar, Self.municipalityIn) == false)
    }

    @Test func aMunicipalCoordinatorDoesNotReadItsRegionAsAWhole() {
        #expect(!Policy.can(Self.actor(.municipal), .viewDashboards, Self.regionIn))
        #expect(Policy.can(Self.actor(.regional), .viewDashboards, Self.regionIn))
    }
}
