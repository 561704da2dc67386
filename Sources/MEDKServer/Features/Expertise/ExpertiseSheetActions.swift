import Fluent
import Foundation
import MEDKCore

/// What happens to a score sheet: the expert saves a version and submits it; the federal coordinator accepts it
/// or returns it with a comment. The one review state machine decides which move is allowed.
enum ExpertiseSheetActions {
    typealias E = Strings.Expertise

    /// Saves the scores as a new version when they differ from the current one, then submits if asked. Bad input
    /// (a score off the scale, a missing comment when submitting) writes nothing.
    static func save(_ sheet: ExpertiseSheet, round: ExpertiseRound, scores: [CriterionScore], conclusion: String,
                     submit: Bool, by actor: UUID, at now: Date, on db: Database) async throws -> ExpertiseSheet {
        let problems = ScoreSheetCheck.problems(scores, rubric: round.rubric, conclusion: conclusion, submitting: submit)
        guard problems.isEmpty else { throw ExpertiseRefusal(message: problems.map { E.problem($0, rubric: round.rubric) }.joined(separator: " ")) }
        // Sorted keys: the stored text is compared to tell an unchanged sheet from a new version.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(scores), as: UTF8.self)
        let sheetID = sheet.id!, seenVersion = sheet.currentVersion
        return try await db.writeTransaction { db in
            guard let sheet = try await ExpertiseSheet.find(sheetID, on: db) else { throw ExpertiseRefusal(message: E.sheetGone) }
            // Another tab saved meanwhile: refuse rather than silently drop its scores.
            guard sheet.currentVersion == seenVersion else { throw ExpertiseRefusal(message: E.changedMeanwhile) }
            guard [.draft, .returned].contains(sheet.state) else { throw ExpertiseRefusal(message: E.notEditable(sheet.state)) }
            let current = try await ExpertiseQueries.latestVersion(of: sheet, on: db)
            if current?.scoresJSON != json || current?.conclusion != conclusion {
                let version = ExpertiseSheetVersion()
                version.sheetID = sheetID
                version.number = sheet.currentVersion + 1
                version.scoresJSON = json
                version.conclusion = conclusion
                version.savedBy = actor
                version.savedAt = now
                try await version.create(on: db)
                sheet.currentVersion = version.number
            }
            if submit {
                switch ReviewMachine.apply(.submit, to: sheet.state, changedSinceReturn: sheet.currentVersion > sheet.returnedAtVersion) {
                case .success(let state): sheet.stateCode = state.rawValue
                case .failure(let refusal): throw ExpertiseRefusal(message: E.refusal(refusal))
                }
                try await event(sheet, .submitted, comment: "", by: actor, at: now, on: db)
            }
            sheet.updatedAt = now
            try await sheet.update(on: db)
            return sheet
        }
    }

    /// The federal coordinator accepts a submitted sheet or returns it with a comment.
    static func decide(_ sheet: ExpertiseSheet, accept: Bool, comment: String, by actor: UUID, at now: Date,
                       on db: Database) async throws {
        let sheetID = sheet.id!
        try await db.writeTransaction { db in
            guard let sheet = try await ExpertiseSheet.find(sheetID, on: db) else { throw ExpertiseRefusal(message: E.sheetGone) }
            switch ReviewMachine.apply(accept ? .approve : .return, to: sheet.state, comment: comment) {
            case .success(let state):
                sheet.stateCode = state.rawValue
                if !accept {
                    sheet.returnedAtVersion = sheet.currentVersion
                    sheet.returnComment = comment
                }
            case .failure(let refusal):
                throw ExpertiseRefusal(message: E.refusal(refusal))
            }
            sheet.updatedAt = now
            try await sheet.update(on: db)
            try await event(sheet, accept ? .approved : .returned, comment: comment, by: actor, at: now, on: db)
        }
    }

    private static func event(_ sheet: ExpertiseSheet, _ kind: ReviewEventKind, comment: String, by actor: UUID, at now: Date,
                              on db: Database) async throws {
        let event = ExpertiseSheetEvent()
        event.sheetID = sheet.id!
        event.kind = kind.rawValue
        event.version = sheet.currentVersion
        event.comment = comment
        event.actorID = actor
        event.at = now
        try await event.create(on: db)
        try await AuditLog.record(.expertiseSheetMoved, by: actor, object: "expertise_sheet", id: sheet.id,
                                  E.eventTitle(kind), at: now, on: db)
    }

    /// Publishing shows the accepted sheets to the schools and their coordinators. Refused while a sheet waits
    /// for a decision, or when nothing is accepted yet; a round is published once.
    static func publish(_ round: ExpertiseRound, by actor: UUID, at now: Date, on db: Database) async throws {
        let roundID = round.id!
        try await db.writeTransaction { db in
            guard let round = try await ExpertiseRound.find(roundID, on: db), round.status == .open else {
                throw ExpertiseRefusal(message: E.alreadyPublished)
            }
            let sheets = try await ExpertiseQueries.sheets(round: roundID, on: db)
            let waiting = sheets.filter { $0.state == .submitted }.count
            if waiting > 0 { throw ExpertiseRefusal(message: E.sheetsWaiting(waiting)) }
            guard sheets.contains(where: { $0.state == .approved }) else { throw ExpertiseRefusal(message: E.nothingAccepted) }
            round.statusCode = ExpertiseRoundStatus.published.rawValue
            round.publishedBy = actor
            round.publishedAt = now
            try await round.update(on: db)
            try await AuditLog.record(.expertiseRoundPublished, by: actor, object: "expertise_round", id: roundID, round.title,
                                      at: now, on: db)
        }
    }
}
