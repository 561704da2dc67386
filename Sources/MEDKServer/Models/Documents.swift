import Fluent
import Foundation
import MEDKCore

/// A file's bytes, stored once under their SHA-256 however many versions point to them.
final class StoredFile: Model, @unchecked Sendable {
    static let schema = "stored_files"
    @ID(custom: "sha256", generatedBy: .user) var id: String?
    @Field(key: "size") var size: Int64
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
    init(sha256: String, size: Int64, kind: UploadKind, createdAt: Date) {
        self.id = sha256
        self.size = size
        self.kind = kind.rawValue
        self.createdAt = createdAt
    }
}

/// A document of a school's roadmap: a reviewable item with its versions.
final class Document: Model, @unchecked Sendable {
    static let schema = "documents"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    @Field(key: "section") var sectionCode: String
    @OptionalField(key: "direction_id") var directionID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "state") var stateCode: String
    @Field(key: "current_version") var currentVersion: Int
    /// The version current when the document was last returned: a resubmission needs a newer one.
    @Field(key: "returned_at_version") var returnedAtVersion: Int
    /// Bumped by every change; a change that finds another revision lost a race (HTTP 409).
    @Field(key: "revision") var revision: Int
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Children(for: \.$document) var versions: [DocumentVersion]

    init() {}
    init(id: UUID = UUID(), participationID: UUID, section: DocumentSection, title: String, createdBy: UUID, at: Date) {
        self.id = id
        self.$participation.id = participationID
        self.sectionCode = section.rawValue
        self.title = title
        self.stateCode = ReviewState.draft.rawValue
        self.currentVersion = 1
        self.returnedAtVersion = 0
        self.revision = 1
        self.createdBy = createdBy
        self.createdAt = at
        self.updatedAt = at
    }

    var state: ReviewState { ReviewState(rawValue: stateCode) ?? .draft }
    var section: DocumentSection? { DocumentSection(rawValue: sectionCode) }
    /// Never seen by the curator: the school may delete it outright (anything else is withdrawn, with a reason).
    var isNeverSubmittedDraft: Bool { state == .draft && submittedAt == nil }
}

final class DocumentVersion: Model, @unchecked Sendable {
    static let schema = "document_versions"
    @ID var id: UUID?
    @Parent(key: "document_id") var document: Document
    @Field(key: "number") var number: Int
    @Parent(key: "file_sha256") var file: StoredFile
    @Field(key: "file_name") var fileName: String
    @Field(key: "size") var size: Int64
    @Field(key: "kind") var kind: String
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
    init(documentID: UUID, number: Int, sha256: String, fileName: String, size: Int64, kind: UploadKind,
         uploadedBy: UUID, at: Date) {
        self.$document.id = documentID
        self.number = number
        self.$file.id = sha256
        self.fileName = fileName
        self.size = size
        self.kind = kind.rawValue
        self.uploadedBy = uploadedBy
        self.uploadedAt = at
    }

    var uploadKind: UploadKind? { UploadKind(rawValue: kind) }
}

/// One immutable fact of a roadmap's history: an upload or a move of the review state machine.
final class ReviewEvent: Model, @unchecked Sendable {
    static let schema = "review_events"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    @Field(key: "item_type") var itemType: String
    @Field(key: "item_id") var itemID: UUID
    @Field(key: "item_title") var itemTitle: String
    @Field(key: "version") var version: Int
    @Field(key: "kind") var kind: String
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "actor_role") var actorRole: String
    @Field(key: "at") var at: Date
    @Field(key: "comment") var comment: String

    init() {}
    init(participationID: UUID, itemType: String, itemID: UUID, itemTitle: String, version: Int, kind: ReviewEventKind,
         from: ReviewState?, to: ReviewState, actor: Actor, at: Date, comment: String) {
        self.$participation.id = participationID
        self.itemType = itemType
        self.itemID = itemID
        self.itemTitle = itemTitle
        self.version = version
        self.kind = kind.rawValue
        self.fromState = from?.rawValue
        self.toState = to.rawValue
        self.actorID = actor.userID
        self.actorRole = actor.role.rawValue
        self.at = at
        self.comment = comment
    }
}

/// The kinds of event the coordinators' feed shows.
enum ReviewEventKind: String, CaseIterable, Sendable {
    case uploaded, submitted, approved, returned, reopened, withdrawn
    /// A draft that was never submitted, deleted by the school (the document and its files go; this stays).
    case deleted

    init(_ move: ReviewMove) {
        switch move {
        case .newVersion: self = .uploaded
        case .submit: self = .submitted
        case .approve: self = .approved
        case .return: self = .returned
        case .reopen: self = .reopened
        case .withdraw: self = .withdrawn
        }
    }
}

final class ChatMessage: Model, @unchecked Sendable {
    static let schema = "chat_messages"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    @Parent(key: "author_id") var author: User
    @Field(key: "author_role") var authorRole: String
    @Field(key: "body") var body: String
    @OptionalParent(key: "document_id") var document: Document?
    /// Orders messages and lets a client ask for "everything after N" without clock ties.
    @Field(key: "seq") var seq: Int64
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// How far a user has read a participation's chat.
final class ChatRead: Model, @unchecked Sendable {
    static let schema = "chat_reads"
    @ID var id: UUID?
    @Field(key: "participation_id") var participationID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "last_seq") var lastSeq: Int64

    init() {}
    init(participationID: UUID, userID: UUID, lastSeq: Int64) {
        self.participationID = participationID
        self.userID = userID
        self.lastSeq = lastSeq
    }
}
