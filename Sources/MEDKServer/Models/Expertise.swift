import Fluent
import Foundation
import MEDKCore

/// A round of the federal expertise of sampled schools' documents (seeds 000, 001: «Экспертиза документов», 28.06
/// and 15.11). Its sample is drawn once, from a seed the page shows; its rubric is copied at creation, so a later
/// change of the default never changes a round's sheets.
final class ExpertiseRound: Model, @unchecked Sendable {
    static let schema = "expertise_rounds"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "title") var title: String
    /// "yyyy-MM-dd"
    @Field(key: "due_on") var dueOn: String
    /// `ExpertiseRoundStatus`
    @Field(key: "status") var statusCode: String
    /// `[RubricCriterion]` as JSON.
    @Field(key: "rubric") var rubricJSON: String
    /// `SampleRule` as JSON, the seed, who drew and when: nil until the sample is drawn, then never changed.
    @OptionalField(key: "sample_rule") var sampleRuleJSON: String?
    @OptionalField(key: "seed") var seed: Int64?
    @OptionalField(key: "sampled_by") var sampledBy: UUID?
    @OptionalField(key: "sampled_at") var sampledAt: Date?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_by") var publishedBy: UUID?
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}

    /// A new open round with the default management-cycle rubric, as the federal coordinator creates it.
    init(cycleID: UUID, title: String, dueOn: CalendarDate, createdBy: UUID, at now: Date) throws {
        self.cycleID = cycleID
        self.title = title
        self.dueOn = dueOn.iso
        self.statusCode = ExpertiseRoundStatus.open.rawValue
        self.rubricJSON = String(decoding: try JSONEncoder().encode(Rubric.managementCycle), as: UTF8.self)
        self.createdBy = createdBy
        self.createdAt = now
    }

    var status: ExpertiseRoundStatus { ExpertiseRoundStatus(rawValue: statusCode) ?? .open }
    var due: CalendarDate? { CalendarDate(dueOn) }
    var rubric: [RubricCriterion] {
        (try? JSONDecoder().decode([RubricCriterion].self, from: Data(rubricJSON.utf8))) ?? Rubric.managementCycle
    }
    var sampleRule: SampleRule? {
        sampleRuleJSON.flatMap { try? JSONDecoder().decode(SampleRule.self, from: Data($0.utf8)) }
    }
    var isSampled: Bool { seed != nil }
}

enum ExpertiseRoundStatus: String, Sendable, CaseIterable {
    /// Sampling, assigning, scoring: seen by the federal coordinator and each sheet's own expert only.
    case open
    /// The accepted sheets are seen by the schools, their curators and coordinators.
    case published
}

/// A change of a round's sample: the draw, or a school added or removed by hand with its reason. Never changed;
/// the sample is what the latest event of each school says.
final class ExpertiseSampleEvent: Model, @unchecked Sendable {
    static let schema = "expertise_sample_events"
    @ID var id: UUID?
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "participation_id") var participationID: UUID
    @Field(key: "region_id") var regionID: UUID
    /// `ExpertiseSampleChange`
    @Field(key: "kind") var kindCode: String
    @Field(key: "reason") var reason: String
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "at") var at: Date
    /// Orders events written in the same instant (a draw writes hundreds at once).
    @Field(key: "seq") var seq: Int

    init() {}
    init(roundID: UUID, participationID: UUID, regionID: UUID, kind: ExpertiseSampleChange, reason: String, actor: UUID,
         at: Date, seq: Int) {
        self.roundID = roundID
        self.participationID = participationID
        self.regionID = regionID
        self.kindCode = kind.rawValue
        self.reason = reason
        self.actorID = actor
        self.at = at
        self.seq = seq
    }

    var kind: ExpertiseSampleChange? { ExpertiseSampleChange(rawValue: kindCode) }
}

enum ExpertiseSampleChange: String, Sendable, CaseIterable {
    case drawn, added, removed
}

/// An expert's sheet for one sampled school: a reviewable item (draft → submitted → accepted, or returned with a
/// comment) whose every save is a new version.
final class ExpertiseSheet: Model, @unchecked Sendable {
    static let schema = "expertise_sheets"
    @ID var id: UUID?
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "participation_id") var participationID: UUID
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "region_id") var regionID: UUID
    @Field(key: "expert_id") var expertID: UUID
    /// The second, independent opinion on a school, for the agreement check.
    @Field(key: "is_second") var isSecond: Bool
    /// `ReviewState`: draft, submitted, approved (accepted by the federal coordinator), returned.
    @Field(key: "state") var stateCode: String
    /// 0 until the expert first saves.
    @Field(key: "current_version") var currentVersion: Int
    @Field(key: "returned_at_version") var returnedAtVersion: Int
    /// The federal coordinator's comment on the last return.
    @Field(key: "return_comment") var returnComment: String
    @Field(key: "assigned_by") var assignedBy: UUID
    @Field(key: "assigned_at") var assignedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var state: ReviewState { ReviewState(rawValue: stateCode) ?? .draft }
}

/// One saved state of a sheet's scores: never changed.
final class ExpertiseSheetVersion: Model, @unchecked Sendable {
    static let schema = "expertise_sheet_versions"
    @ID var id: UUID?
    @Field(key: "sheet_id") var sheetID: UUID
    @Field(key: "number") var number: Int
    /// `[CriterionScore]` as JSON.
    @Field(key: "scores") var scoresJSON: String
    @Field(key: "conclusion") var conclusion: String
    @Field(key: "saved_by") var savedBy: UUID
    @Field(key: "saved_at") var savedAt: Date

    init() {}

    var scores: [CriterionScore] {
        (try? JSONDecoder().decode([CriterionScore].self, from: Data(scoresJSON.utf8))) ?? []
    }
}

/// A move of a sheet (submitted, accepted, returned), with its comment: the sheet's history.
final class ExpertiseSheetEvent: Model, @unchecked Sendable {
    static let schema = "expertise_sheet_events"
    @ID var id: UUID?
    @Field(key: "sheet_id") var sheetID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "version") var version: Int
    @Field(key: "comment") var comment: String
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "at") var at: Date

    init() {}
}
