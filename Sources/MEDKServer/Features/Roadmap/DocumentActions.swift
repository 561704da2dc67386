import Fluent
import MEDKCore
import SQLKit
import Vapor

/// Everything that changes a document: each change is a compare-and-swap on the document's
/// revision plus an immutable event, in one transaction. Of two people acting at once exactly one
/// wins; the other gets `conflict` and nothing of theirs is written.
enum DocumentActions {
    enum Failure: Error, Equatable {
        case refused(ReviewRefusal)
        /// «документ уже изменён»: someone else changed it first.
        case conflict
    }

    /// Stores the files and creates one draft document for each, in one transaction; a stage document
    /// belongs to its direction and records the program's measures it evidences.
    @discardableResult
    static func create(_ files: [ReceivedFile], titles: [String], section: DocumentSection, in roadmap: RoadmapContext,
                       direction: UUID? = nil, measures: Set<String> = [], by actor: Actor, at now: Date, store: FileStore, threadPool: NIOThreadPool,
                       on db: Database) async throws -> [Document] {
        for file in files { try await store.commit(file.temporary, threadPool: threadPool) }
        return try await db.writeTransaction { db in
            var created: [Document] = []
            for (file, title) in zip(files, titles) {
                try await file.register(at: now, on: db)
                let document = Document(participationID: roadmap.participationID, section: section, title: title,
                                        createdBy: actor.userID, at: now)
                document.directionID = direction
                try await document.create(on: db)
                for measure in measures.sorted() {
                    try await DocumentMeasure(documentID: document.id!, measureID: measure).create(on: db)
                }
                try await version(1, of: document, file, by: actor, at: now, on: db)
                try await ReviewEvent(participationID: roadmap.participationID, itemType: "document", itemID: document.id!,
                                      itemTitle: title, version: 1, kind: .uploaded, from: nil, to: .draft, actor: actor,
                                      at: now, comment: SafeFileName.make(file.fileName)).create(on: db)
                created.append(document)
            }
            return created
        }
    }

    /// A new version of a draft or returned document.
    static func addVersion(_ file: ReceivedFile, to document: Document, by actor: Actor, at now: Date, store: FileStore,
                           threadPool: NIOThreadPool, on db: Database) async throws {
        let next = try apply(.newVersion, to: document, comment: nil)
        try await store.commit(file.temporary, threadPool: threadPool)
        let number = document.currentVersion + 1
        try await db.writeTransaction { db in
            try await file.register(at: now, on: db)
            try await swap(document, to: next, at: now, on: db) { $0.set("current_version", to: number) }
            try await version(number, of: document, file, by: actor, at: now, on: db)
            try await ReviewEvent(participationID: document.$participation.id, itemType: "document", itemID: document.id!,
                                  itemTitle: document.title, version: number, kind: .uploaded, from: document.state,
                                  to: next, actor: actor, at: now, comment: SafeFileName.make(file.fileName)).create(on: db)
        }
    }

    /// Submit, approve, return or reopen.
    static func move(_ document: Document, _ move: ReviewMove, comment: String, by actor: Actor, at now: Date,
                     on db: Database) async throws {
        let next = try apply(move, to: document, comment: comment)
        try await db.writeTransaction { db in
            try await swap(document, to: next, at: now, on: db) { update in
                if move == .submit { update.set("submitted_at", to: now) }
                if next == .returned { update.set("returned_at_version", to: document.currentVersion) }
                return update
            }
            try await ReviewEvent(participationID: document.$participation.id, itemType: "document", itemID: document.id!,
                                  itemTitle: document.title, version: document.currentVersion, kind: ReviewEventKind(move),
                                  from: document.state, to: next, actor: actor, at: now,
                                  comment: comment.trimmingCharacters(in: .whitespacesAndNewlines)).create(on: db)
        }
    }

    /// Deletes a draft that was never submitted, if nobody changed it since it was read; the history keeps
    /// a `deleted` event. The stored bytes are content-addressed and may be shared, so they stay.
    static func delete(_ document: Document, by actor: Actor, at now: Date, on db: Database) async throws {
        guard document.isNeverSubmittedDraft else { throw Failure.refused(.notAllowed(from: document.state, move: .withdraw)) }
        try await db.writeTransaction { db in
            let sql = db as! SQLDatabase
            // Claim the row first: of two deletes, or a delete and a submit, exactly one wins.
            let claimed = try await sql.update(Document.schema).set("revision", to: document.revision + 1)
                .where("id", .equal, document.id!).where("revision", .equal, document.revision)
                .where("state", .equal, ReviewState.draft.rawValue).where("submitted_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard claimed.count == 1 else { throw Failure.conflict }
            try await sql.delete(from: DocumentMeasure.schema).where("document_id", .equal, document.id!).run()
            try await sql.delete(from: DocumentVersion.schema).where("document_id", .equal, document.id!).run()
            try await sql.delete(from: Document.schema).where("id", .equal, document.id!).run()
            try await ReviewEvent(participationID: document.$participation.id, itemType: "document", itemID: document.id!,
                                  itemTitle: document.title, version: document.currentVersion, kind: .deleted,
                                  from: .draft, to: .withdrawn, actor: actor, at: now, comment: "").create(on: db)
        }
    }

    private static func apply(_ move: ReviewMove, to document: Document, comment: String?) throws -> ReviewState {
        try ReviewStore.apply(move, to: document.state, comment: comment,
                              changedSinceReturn: document.currentVersion > document.returnedAtVersion)
    }

    private static func swap(_ document: Document, to state: ReviewState, at now: Date, on db: Database,
                             _ extra: (SQLUpdateBuilder) -> SQLUpdateBuilder = { $0 }) async throws {
        try await ReviewStore.swap(table: Document.schema, id: document.id!, revision: document.revision, to: state,
                                   at: now, on: db, extra)
    }

    private static func version(_ number: Int, of document: Document, _ file: ReceivedFile, by actor: Actor, at now: Date,
                                on db: Database) async throws {
        try await DocumentVersion(documentID: document.id!, number: number, sha256: file.temporary.sha256,
                                  fileName: SafeFileName.withExtension(SafeFileName.make(file.fileName), for: file.kind),
                                  size: file.temporary.size, kind: file.kind, uploadedBy: actor.userID, at: now)
            .create(on: db)
    }
}

/// What every reviewable table shares: the state machine's verdict and the compare-and-swap on `revision`.
enum ReviewStore {
    static func apply(_ move: ReviewMove, to state: ReviewState, comment: String?, changedSinceReturn: Bool) throws -> ReviewState {
        switch ReviewMachine.apply(move, to: state, comment: comment, changedSinceReturn: changedSinceReturn) {
        case .success(let next): return next
        case .failure(let refusal): throw DocumentActions.Failure.refused(refusal)
        }
    }

    /// Changes the row only if nobody changed it since it was read; otherwise `conflict`.
    static func swap(table: String, id: UUID, revision: Int, to state: ReviewState, at now: Date, on db: Database,
                     _ extra: (SQLUpdateBuilder) -> SQLUpdateBuilder = { $0 }) async throws {
        let sql = db as! SQLDatabase
        let update = sql.update(table)
            .set("state", to: state.rawValue)
            .set("revision", to: revision + 1)
            .set("updated_at", to: now)
            .where("id", .equal, id)
            .where("revision", .equal, revision)
        let changed = try await extra(update).returning("id").all()
        guard changed.count == 1 else { throw DocumentActions.Failure.conflict }
    }
}
