import Fluent
import Foundation
import MEDKCore

/// A practice of the bank of best practices: what a school did against its risks and what changed. A reviewable
/// item on the one state machine: draft → submitted → approved (published in the catalogue) | returned; a published
/// practice taken off the catalogue goes back to its authors as returned, with the coordinator's comment.
final class Practice: Model, @unchecked Sendable {
    static let schema = "practices"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "region_id") var regionID: UUID
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "description") var details: String
    /// «Что было сделано».
    @Field(key: "actions") var actions: String
    /// «Что изменилось»: results with figures.
    @Field(key: "results") var results: String
    /// The names the authors chose to publish (may be empty).
    @Field(key: "authors") var authors: String
    /// `ReviewState`
    @Field(key: "state") var stateCode: String
    /// Raised by every saved change, so a returned practice goes back only when it was changed.
    @Field(key: "version") var version: Int
    @Field(key: "returned_at_version") var returnedAtVersion: Int
    @Field(key: "return_comment") var returnComment: String
    /// Everything searchable in one text: PostgreSQL's index reads it through the `russian` configuration.
    @Field(key: "search_text") var searchText: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}

    var state: ReviewState { ReviewState(rawValue: stateCode) ?? .draft }
    var isPublished: Bool { state == .approved }
    var place: Place { Place(region: regionID, municipality: municipalityID, school: schoolID) }
}

/// A risk factor of the cycle's catalogue that a practice answers, by its number.
final class PracticeFactor: Model, @unchecked Sendable {
    static let schema = "practice_factors"
    @ID var id: UUID?
    @Field(key: "practice_id") var practiceID: UUID
    @Field(key: "factor_number") var factorNumber: Int

    init() {}
    init(practiceID: UUID, factorNumber: Int) {
        self.practiceID = practiceID
        self.factorNumber = factorNumber
    }
}

/// A file attached to a practice: stored once by its content, shown under its name.
final class PracticeFile: Model, @unchecked Sendable {
    static let schema = "practice_files"
    @ID var id: UUID?
    @Field(key: "practice_id") var practiceID: UUID
    @Field(key: "sha256") var sha256: String
    @Field(key: "name") var name: String
    /// `UploadKind`
    @Field(key: "kind") var kind: String
    @Field(key: "size") var size: Int64
    @Field(key: "added_by") var addedBy: UUID
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

/// A move of a practice: kept for its history (who submitted, published, returned, with which comment).
final class PracticeEvent: Model, @unchecked Sendable {
    static let schema = "practice_events"
    @ID var id: UUID?
    @Field(key: "practice_id") var practiceID: UUID
    /// `ReviewMove`
    @Field(key: "kind") var kind: String
    @Field(key: "version") var version: Int
    @Field(key: "comment") var comment: String
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "at") var at: Date

    init() {}
}

/// An order, a regulation or a recommendation a territory publishes on its public page (seeds 003 and 004 are such
/// orders). Public from the moment it is published.
final class TerritoryAct: Model, @unchecked Sendable {
    static let schema = "territory_acts"
    @ID var id: UUID?
    @Field(key: "region_id") var regionID: UUID
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    /// `TerritoryActKind`
    @Field(key: "kind") var kindCode: String
    @Field(key: "number") var number: String
    /// "yyyy-MM-dd"
    @Field(key: "signed_on") var signedOn: String
    @Field(key: "title") var title: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "file_kind") var fileKind: String
    @Field(key: "published_by") var publishedBy: UUID
    @Field(key: "published_at") var publishedAt: Date

    init() {}

    var kind: TerritoryActKind { TerritoryActKind(rawValue: kindCode) ?? .order }
    var place: Place { Place(region: regionID, municipality: municipalityID) }
}

enum TerritoryActKind: String, Sendable, CaseIterable {
    case order, regulation, recommendation
}
