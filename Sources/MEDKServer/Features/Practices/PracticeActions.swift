import Fluent
import Foundation
import MEDKCore
import NIOCore

/// Why a change to a practice was refused, in words for the person.
struct PracticeRefusal: Error {
    let message: String
}

/// What the form of a practice says, read and checked: problems by field name, in Russian.
struct PracticeInput: Sendable, Equatable {
    var title = "", summary = "", details = "", actions = "", results = "", authors = ""
    var factors: [Int] = []

    static let limits: [String: Int] = ["title": 300, "summary": 1000, "description": 6000, "actions": 6000,
                                        "results": 6000, "authors": 500]

    /// The form's fields: one checkbox `factor-N` per risk factor of the cycle (`known`). A draft may be kept
    /// unfinished (only its title is needed); what is submitted must be whole.
    static func read(_ fields: [String: String], known: Set<Int>, submitting: Bool) -> (input: PracticeInput, problems: [String: String]) {
        let P = Strings.Practices.self
        func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var input = PracticeInput(title: text("title"), summary: text("summary"), details: text("description"),
                                  actions: text("actions"), results: text("results"), authors: text("authors"))
        var problems: [String: String] = [:]
        let chosen = fields.keys.filter { $0.hasPrefix("factor-") }.map { Int($0.dropFirst("factor-".count)) }
        if chosen.contains(where: { $0 == nil || !known.contains($0!) }) { problems["factors"] = P.unknownFactor }
        input.factors = Set(chosen.compactMap { $0 }.filter(known.contains)).sorted()
        if input.title.isEmpty { problems["title"] = P.titleRequired }
        if submitting {
            if input.factors.isEmpty, problems["factors"] == nil { problems["factors"] = P.factorRequired }
            if input.summary.isEmpty { problems["summary"] = P.summaryRequired }
            if input.details.isEmpty { problems["description"] = P.descriptionRequired }
        }
        for (name, limit) in limits where text(name).count > limit { problems[name] = P.tooLong(limit) }
        return (input, problems)
    }

    init(title: String = "", summary: String = "", details: String = "", actions: String = "", results: String = "",
         authors: String = "", factors: [Int] = []) {
        (self.title, self.summary, self.details, self.actions, self.results, self.authors, self.factors) =
            (title, summary, details, actions, results, authors, factors)
    }

    init(_ practice: Practice, factors: [Int]) {
        self.init(title: practice.title, summary: practice.summary, details: practice.details, actions: practice.actions,
                  results: practice.results, authors: practice.authors, factors: factors)
    }

    /// The text the full-text search reads.
    var searchText: String { [title, summary, details, actions, results].joined(separator: "\n") }
}

/// Every change of a practice, each in one transaction that re-reads the practice and lets the one review state
/// machine decide.
enum PracticeActions {
    typealias P = Strings.Practices

    /// Who writes about which school, in which programme year.
    struct Origin: Sendable {
        let school: School
        let cycleID: UUID
    }

    /// Creates the practice under the id its form was given, or saves a new version of it; adds and removes files;
    /// submits it if asked. A form sent twice (a double click, a retried request) finds its practice and writes
    /// nothing more.
    static func save(_ id: UUID, origin: Origin?, input: PracticeInput, seenVersion: Int?, files: [ReceivedFile],
                     remove: Set<UUID>, submit: Bool, by actor: UUID, at now: Date, store: FileStore,
                     threadPool: NIOThreadPool, on db: Database) async throws -> Practice {
        for file in files { try await store.commit(file.temporary, threadPool: threadPool) }
        return try await db.writeTransaction(idempotent: true) { db in
            let practice: Practice
            var changed = !files.isEmpty
            if let existing = try await Practice.find(id, on: db) {
                if seenVersion == nil { return existing }
                practice = existing
                guard practice.version == seenVersion else { throw PracticeRefusal(message: P.changedMeanwhile) }
                guard [.draft, .returned].contains(practice.state) else { throw PracticeRefusal(message: P.notEditable) }
                let before = PracticeInput(practice, factors: try await PracticeQueries.factors(of: [id], on: db)[id] ?? [])
                changed = changed || before != input
            } else {
                guard let origin else { throw PracticeRefusal(message: P.gone) }
                practice = Practice()
                practice.id = id
                practice.cycleID = origin.cycleID
                practice.schoolID = try origin.school.requireID()
                practice.municipalityID = origin.school.$municipality.id
                practice.regionID = origin.school.$region.id
                practice.stateCode = ReviewState.draft.rawValue
                practice.version = 0
                practice.returnedAtVersion = 0
                practice.returnComment = ""
                practice.createdBy = actor
                practice.createdAt = now
                changed = true
            }
            let removed = try await PracticeFile.query(on: db).filter(\.$practiceID == id).filter(\.$id ~~ Array(remove)).all()
            changed = changed || !removed.isEmpty
            if changed {
                practice.title = input.title
                practice.summary = input.summary
                practice.details = input.details
                practice.actions = input.actions
                practice.results = input.results
                practice.authors = input.authors
                practice.searchText = input.searchText
                practice.version += 1
                practice.updatedAt = now
            }
            if submit {
                switch ReviewMachine.apply(.submit, to: practice.state, changedSinceReturn: practice.version > practice.returnedAtVersion) {
                case .success(let state): practice.stateCode = state.rawValue
                case .failure(let refusal): throw PracticeRefusal(message: P.refusal(refusal))
                }
                practice.updatedAt = now
            }
            try await practice.save(on: db)
            if changed {
                try await PracticeFactor.query(on: db).filter(\.$practiceID == id).delete()
                for number in input.factors { try await PracticeFactor(practiceID: id, factorNumber: number).create(on: db) }
                for file in removed { try await file.delete(on: db) }
                for file in files { try await attach(file, to: id, by: actor, at: now, on: db) }
                try await PracticeQueries.index(practice, on: db)
                try await event(practice, .newVersion, comment: "", by: actor, at: now, on: db)
            }
            if submit { try await event(practice, .submit, comment: "", by: actor, at: now, on: db) }
            return practice
        }
    }

    /// A decision on a practice: submit (its authors), approve = publish, return, reopen = take off the catalogue
    /// (the region's coordinator, with a comment for the last two).
    static func move(_ id: UUID, _ move: ReviewMove, comment: String, by actor: UUID, at now: Date,
                     on db: Database) async throws -> Practice {
        try await db.writeTransaction { db in
            guard let practice = try await Practice.find(id, on: db) else { throw PracticeRefusal(message: P.gone) }
            let result = ReviewMachine.apply(move, to: practice.state, comment: comment,
                                             changedSinceReturn: practice.version > practice.returnedAtVersion)
            switch result {
            case .success(let state): practice.stateCode = state.rawValue
            case .failure(let refusal): throw PracticeRefusal(message: P.refusal(refusal))
            }
            switch move {
            case .approve:
                practice.publishedAt = now
                try await PracticeQueries.tally(practice, by: 1, on: db)
            case .reopen:
                try await PracticeQueries.tally(practice, by: -1, on: db)
                fallthrough
            case .return:
                practice.returnedAtVersion = practice.version
                practice.returnComment = comment
                practice.publishedAt = nil
            default: break
            }
            practice.updatedAt = now
            try await practice.update(on: db)
            try await event(practice, move, comment: comment, by: actor, at: now, on: db)
            return practice
        }
    }

    private static func attach(_ file: ReceivedFile, to id: UUID, by actor: UUID, at now: Date, on db: Database) async throws {
        try await file.register(at: now, on: db)
        let row = PracticeFile()
        row.practiceID = id
        row.sha256 = file.temporary.sha256
        row.name = SafeFileName.withExtension(SafeFileName.make(file.fileName), for: file.kind)
        row.kind = file.kind.rawValue
        row.size = file.temporary.size
        row.addedBy = actor
        row.addedAt = now
        try await row.create(on: db)
    }

    private static func event(_ practice: Practice, _ move: ReviewMove, comment: String, by actor: UUID, at now: Date,
                              on db: Database) async throws {
        let event = PracticeEvent()
        event.practiceID = try practice.requireID()
        event.kind = move.rawValue
        event.version = practice.version
        event.comment = comment
        event.actorID = actor
        event.at = now
        try await event.create(on: db)
        if move != .newVersion {
            try await AuditLog.record(.practiceMoved, by: actor, object: "practice", id: practice.id,
                                      "\(practice.title.prefix(120)): \(P.event(move))", at: now, on: db)
        }
    }
}
