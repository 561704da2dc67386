/// The state of every reviewable item: a document, a self-assessment, a program, a monitoring report.
public enum ReviewState: String, Codable, Sendable, CaseIterable {
    case draft, submitted, approved, returned
    /// Taken back by the school (misfiled): kept in the history, counted nowhere.
    case withdrawn
}

/// What someone does to an item. Uploading a new version is a move too, because it is refused
/// while the curator is looking at the item or after approval.
public enum ReviewMove: String, Codable, Sendable, CaseIterable {
    case newVersion, submit, approve, `return`, reopen, withdraw
}

public enum ReviewRefusal: Error, Equatable, Sendable {
    /// The move makes no sense from this state (e.g. approving a draft).
    case notAllowed(from: ReviewState, move: ReviewMove)
    /// Returning and reopening must say what to change (seed 000: without it rework is impossible).
    case commentRequired
    /// A returned item goes back for review only with a new version.
    case newVersionRequired
}

/// The one review state machine of PRODUCT.md:
/// draft → submitted → approved | returned; returned → (new version) → submitted;
/// approved → (reopen with comment) → returned; submitted | returned → (withdraw with comment) → withdrawn,
/// which is final. Any other move is refused.
public enum ReviewMachine {
    /// The state after `move`, or why it is refused. `changedSinceReturn` says whether a new version
    /// was added after the item was last returned.
    public static func apply(_ move: ReviewMove, to state: ReviewState, comment: String? = nil,
                             changedSinceReturn: Bool = false) -> Result<ReviewState, ReviewRefusal> {
        let hasComment = !(comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        switch (state, move) {
        case (.draft, .newVersion): return .success(.draft)
        case (.returned, .newVersion): return .success(.returned)
        case (.draft, .submit): return .success(.submitted)
        case (.returned, .submit): return changedSinceReturn ? .success(.submitted) : .failure(.newVersionRequired)
        case (.submitted, .approve): return .success(.approved)
        case (.submitted, .return): return hasComment ? .success(.returned) : .failure(.commentRequired)
        case (.approved, .reopen): return hasComment ? .success(.returned) : .failure(.commentRequired)
        // A school takes back a misfiled document, saying why; an approved one only after a reopen.
        case (.submitted, .withdraw), (.returned, .withdraw): return hasComment ? .success(.withdrawn) : .failure(.commentRequired)
        default: return .failure(.notAllowed(from: state, move: move))
        }
    }

    /// Moves that make sense from a state, for offering buttons (authorization decides who).
    public static func moves(from state: ReviewState) -> [ReviewMove] {
        ReviewMove.allCases.filter { move in
            switch apply(move, to: state, comment: "x", changedSinceReturn: true) {
            case .success: true
            case .failure: false
            }
        }
    }
}
