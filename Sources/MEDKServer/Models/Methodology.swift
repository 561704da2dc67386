import Fluent
import Foundation
import MEDKCore

/// A school's risk profile (РПШ) for one participation: significance of each factor of the cycle's
/// catalogue and the respondent groups that completed the questionnaire.
final class RiskProfileRecord: Model, @unchecked Sendable {
    static let schema = "risk_profiles"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    /// "high,medium,low,…" in the order of the catalogue's factor numbers.
    @Field(key: "significance") var significanceText: String
    /// Codes of the respondent groups that completed the questionnaire, comma separated.
    @Field(key: "completed_groups") var completedText: String
    @OptionalField(key: "file_sha256") var fileSHA256: String?
    @OptionalField(key: "file_name") var fileName: String?
    @Field(key: "imported_at") var importedAt: Date
    @Field(key: "imported_by") var importedBy: UUID

    init() {}

    var significance: [Significance] {
        significanceText.split(separator: ",").map { Significance(rawValue: String($0)) ?? .none }
    }

    var completed: Set<RespondentGroup> {
        Set(completedText.split(separator: ",").compactMap { RespondentGroup(rawValue: String($0)) })
    }

    func set(significance: [Int: Significance], completed: Set<RespondentGroup>, factorCount: Int) {
        significanceText = (1...max(factorCount, 1)).map { (significance[$0] ?? .none).rawValue }.joined(separator: ",")
        completedText = RespondentGroup.allCases.filter(completed.contains).map(\.rawValue).joined(separator: ",")
    }
}

/// The curator's protocol (seed 003) for one participation: per parameter group, whether observations
/// confirm the profile, notes, risks the curator adds, and the day the profile was verified.
final class VerificationRecord: Model, @unchecked Sendable {
    static let schema = "verifications"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    /// JSON of `[Answer]`.
    @Field(key: "answers") var answersJSON: String
    @Field(key: "added_risks") var addedRisks: String
    @OptionalField(key: "verified_on") var verifiedOn: String?
    @OptionalField(key: "verified_by") var verifiedBy: UUID?
    @Field(key: "updated_at") var updatedAt: Date

    struct Answer: Codable, Sendable, Equatable {
        var group: Int
        /// nil: not judged yet.
        var confirmed: Bool?
        var note: String
    }

    init() {}

    var answers: [Answer] {
        get { (try? JSONDecoder().decode([Answer].self, from: Data(answersJSON.utf8))) ?? [] }
        set { answersJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }
}

/// «Самообследование»: the school's self-analysis card (seed 003), reviewed like any item.
final class SelfAssessmentRecord: Model, @unchecked Sendable {
    static let schema = "self_assessments"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    /// JSON of `[RiskSelfAnalysisCard.Entry]`: only the risks the school finds actual.
    @Field(key: "entries") var entriesJSON: String
    @Field(key: "state") var stateCode: String
    @Field(key: "revision") var revision: Int
    @Field(key: "current_version") var currentVersion: Int
    @Field(key: "returned_at_version") var returnedAtVersion: Int
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var state: ReviewState { ReviewState(rawValue: stateCode) ?? .draft }

    var entries: [RiskSelfAnalysisCard.Entry] {
        (try? JSONDecoder().decode([RiskSelfAnalysisCard.Entry].self, from: Data(entriesJSON.utf8))) ?? []
    }

    static func encode(_ entries: [RiskSelfAnalysisCard.Entry]) -> String {
        String(decoding: (try? JSONEncoder().encode(entries)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The factors the school finds actual: what its directions must equal once approved.
    var actualFactors: Set<Int> { Set(entries.map(\.factor)) }
}

/// «Направление»: a risk factor the school activated to work on in a participation.
final class DirectionRecord: Model, @unchecked Sendable {
    static let schema = "directions"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    @Field(key: "factor") var factor: Int
    @Field(key: "activated_at") var activatedAt: Date
    @Field(key: "activated_by") var activatedBy: UUID

    init() {}
    init(participationID: UUID, factor: Int, at: Date, by: UUID) {
        self.$participation.id = participationID
        self.factor = factor
        self.activatedAt = at
        self.activatedBy = by
    }
}
