import Testing
@testable import MEDKCore

@Suite("The review state machine")
struct ReviewMachineTests {
    /// Every (state, move) pair with its outcome; nil = refused as not allowed.
    static let table: [(ReviewState, ReviewMove, ReviewState?)] = [
        (.draft, .newVersion, .draft), (.draft, .submit, .submitted), (.draft, .approve, nil), (.draft, .return, nil),
        (.draft, .reopen, nil), (.draft, .withdraw, nil),
        (.submitted, .newVersion, nil), (.submitted, .submit, nil), (.submitted, .approve, .approved),
        (.submitted, .return, .returned), (.submitted, .reopen, nil), (.submitted, .withdraw, .withdrawn),
        (.approved, .newVersion, nil), (.approved, .submit, nil), (.approved, .approve, nil), (.approved, .return, nil),
        (.approved, .reopen, .returned), (.approved, .withdraw, nil),
        (.returned, .newVersion, .returned), (.returned, .submit, .submitted), (.returned, .approve, nil),
        (.returned, .return, nil), (.returned, .reopen, nil), (.returned, .withdraw, .withdrawn),
        // Withdrawn is final.
        (.withdrawn, .newVersion, nil), (.withdrawn, .submit, nil), (.withdrawn, .approve, nil), (.withdrawn, .return, nil),
        (.withdrawn, .reopen, nil), (.withdrawn, .withdraw, nil),
    ]

    @Test func everyMoveFromEveryStateIsEitherTheDocumentedOneOrRefused() {
        #expect(Self.table.count == ReviewState.allCases.count * ReviewMove.allCases.count)
        for (state, move, expected) in Self.table {
            let result = ReviewMachine.apply(move, to: state, comment: "Добавьте показатели", changedSinceReturn: true)
            switch (result, expected) {
            case (.success(let next), .some(let wanted)): #expect(next == wanted, "\(state) \(move)")
            case (.failure(let refusal), nil): #expect(refusal == .notAllowed(from: state, move: move), "\(state) \(move)")
            default: Issue.record("\(state) \(move): got \(result), expected \(String(describing: expected))")
            }
        }
    }

    @Test func aCuratorCannotReturnADocumentWithoutSayingWhatToChange() {
        #expect(ReviewMachine.apply(.return, to: .submitted, comment: nil) == .failure(.commentRequired))
        #expect(ReviewMachine.apply(.return, to: .submitted, comment: "  \n ") == .failure(.commentRequired))
        #expect(ReviewMachine.apply(.return, to: .submitted, comment: "Нет целевых показателей") == .success(.returned))
    }

    @Test func reopeningAnApprovedDocumentAlsoNeedsAComment() {
        #expect(ReviewMachine.apply(.reopen, to: .approved) == .failure(.commentRequired))
        #expect(ReviewMachine.apply(.reopen, to: .approved, comment: "Уточните сроки") == .success(.returned))
    }

    @Test func aReturnedDocumentGoesBackForReviewOnlyWithANewVersion() {
        #expect(ReviewMachine.apply(.submit, to: .returned, changedSinceReturn: false) == .failure(.newVersionRequired))
        #expect(ReviewMachine.apply(.submit, to: .returned, changedSinceReturn: true) == .success(.submitted))
    }

    @Test func aSchoolWithdrawsAMisfiledDocumentOnlySayingWhy() {
        #expect(ReviewMachine.apply(.withdraw, to: .submitted) == .failure(.commentRequired))
        #expect(ReviewMachine.apply(.withdraw, to: .returned, comment: "Не тот раздел") == .success(.withdrawn))
    }

    @Test func theButtonsOfferedMatchTheMachine() {
        #expect(ReviewMachine.moves(from: .draft) == [.newVersion, .submit])
        #expect(ReviewMachine.moves(from: .submitted) == [.approve, .return, .withdraw])
        #expect(ReviewMachine.moves(from: .approved) == [.reopen])
        #expect(ReviewMachine.moves(from: .returned) == [.newVersion, .submit, .withdraw])
        #expect(ReviewMachine.moves(from: .withdrawn).isEmpty)
    }
}

@Test func aSectionsStatusSaysWhoMustActNext() {
    #expect(SectionStatus.of([]) == .notStarted)
    #expect(SectionStatus.of([.approved, .returned, .submitted]) == .returned)
    #expect(SectionStatus.of([.approved, .submitted, .draft]) == .waitingForCurator)
    #expect(SectionStatus.of([.approved, .draft]) == .draft)
    #expect(SectionStatus.of([.approved, .approved]) == .done)
    #expect(SectionStatus.of([.approved, .withdrawn]) == .done)
    #expect(SectionStatus.of([.withdrawn]) == .notStarted)
}
