import Fluent
import MEDKCore
import SQLKit
import Vapor

/// Everything that changes a structured reviewable item (self-assessment, program, monitoring report):
/// like `DocumentActions`, each change is a compare-and-swap on the item's revision plus an immutable event,
/// in one transaction, so of two people acting at once exactly one wins.
enum StructuredItemActions {
    /// Saves new content: creates the item as a draft, or adds a version to a draft or returned one.
    static func save<Item: StructuredItem>(_ existing: Item?, content: String, title: String, create: () -> Item,
                                           by actor: Actor, at now: Date, on db: Database) async throws {
        if let existing {
            let next = try ReviewStore.apply(.newVersion, to: existing.state, comment: nil, changedSinceReturn: true)
            let version = existing.currentVersion + 1
            try await db.writeTransaction { db in
                try await ReviewStore.swap(table: Item.schema, id: existing.requireID(), revision: existing.revision,
                                           to: next, at: now, on: db) {
                    $0.set(SQLIdentifier(Item.contentColumn), to: content).set("current_version", to: version)
                }
                try await event(existing, title: title, version: version, .uploaded, from: existing.state, to: next,
                                actor, now, "", on: db)
            }
        } else {
            let item = create()
            item.startDraft(at: now)
            try await db.writeTransaction { db in
                try await item.create(on: db)
                try await event(item, title: title, version: 1, .uploaded, from: nil, to: .draft, actor, now, "", on: db)
            }
        }
    }

    /// Submit, approve, return or reopen. `seenRevision` is what the person's page showed.
    static func move<Item: StructuredItem>(_ item: Item, _ move: ReviewMove, comment: String, seenRevision: Int?,
                                           title: String, by actor: Actor, at now: Date, on db: Database) async throws {
        if let seenRevision, seenRevision != item.revision { throw DocumentActions.Failure.conflict }
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        let next = try ReviewStore.apply(move, to: item.state, comment: comment,
                                         changedSinceReturn: item.currentVersion > item.returnedAtVersion)
        try await db.writeTransaction { db in
            try await ReviewStore.swap(table: Item.schema, id: item.requireID(), revision: item.revision, to: next,
                                       at: now, on: db) { update in
                if move == .submit { update.set("submitted_at", to: now) }
                if next == .returned { update.set("returned_at_version", to: item.currentVersion) }
                return update
            }
            try await event(item, title: title, version: item.currentVersion, ReviewEventKind(move), from: item.state,
                            to: next, actor, now, comment, on: db)
        }
    }

    /// The moves the viewer may make on an item in a state (authorization decides who). Withdrawing is
    /// offered only where `withdrawable` (documents: a structured item is corrected, never misfiled).
    static func moves(from state: ReviewState, exists: Bool, principal: Principal, roadmap: RoadmapContext,
                      withdrawable: Bool = false) -> [ReviewMove] {
        ReviewMachine.moves(from: state).filter { move in
            switch move {
            case .newVersion: principal.can(.editRoadmap, in: roadmap)
            case .submit: exists && principal.can(.editRoadmap, in: roadmap)
            case .approve, .return: exists && principal.can(.review, in: roadmap)
            case .reopen: principal.can(.reopen, in: roadmap)
            case .withdraw: withdrawable && principal.can(.editRoadmap, in: roadmap)
            }
        }
    }

    /// The move a structured item's URL names: not a new version (that is a save) nor a withdrawal.
    static func requestedMove(_ req: Request) -> ReviewMove? {
        guard let move = req.parameters.get("move").flatMap(ReviewMove.init(rawValue:)),
              move != .newVersion, move != .withdraw else { return nil }
        return move
    }

    /// The person's permission for a move, as the policy names it.
    static func action(for move: ReviewMove) -> Action {
        switch move {
        case .newVersion, .submit, .withdraw: .editRoadmap
        case .approve, .return: .review
        case .reopen: .reopen
        }
    }

    private static func event<Item: StructuredItem>(_ item: Item, title: String, version: Int, _ kind: ReviewEventKind,
                                                    from: ReviewState?, to: ReviewState, _ actor: Actor, _ now: Date,
                                                    _ comment: String, on db: Database) async throws {
        try await ReviewEvent(participationID: item.participationID, itemType: Item.itemType, itemID: item.requireID(),
                              itemTitle: title, version: version, kind: kind, from: from, to: to, actor: actor, at: now,
                              comment: comment).create(on: db)
    }
}
