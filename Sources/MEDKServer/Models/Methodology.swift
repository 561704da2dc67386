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
        /// «Другое (укажите, что)» of groups 1–5; absent in protocols saved before it existed.
        var other: String? = nil
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
        JSONText.encode(entries)
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

/// What every reviewable item kept as structured data shares with a document: a state of the one review
/// state machine, a revision for compare-and-swap, and versions so a returned item needs a change.
protocol StructuredItem: Model, Sendable where IDValue == UUID {
    /// Its `item_type` in the history of review events.
    static var itemType: String { get }
    /// The column its content is kept in.
    static var contentColumn: String { get }
    var participationID: UUID { get }
    var stateCode: String { get set }
    var revision: Int { get set }
    var currentVersion: Int { get set }
    var returnedAtVersion: Int { get set }
    var submittedAt: Date? { get set }
    var updatedAt: Date { get set }
}

extension StructuredItem {
    var state: ReviewState { ReviewState(rawValue: stateCode) ?? .draft }

    /// Fills the review columns of a new item: a draft at version 1.
    func startDraft(at now: Date) {
        stateCode = ReviewState.draft.rawValue
        revision = 1
        currentVersion = 1
        returnedAtVersion = 0
        updatedAt = now
    }
}

extension SelfAssessmentRecord: StructuredItem {
    static let itemType = "self_assessment"
    static let contentColumn = "entries"
    var participationID: UUID { $participation.id }
}

/// «Программа» of one direction, reviewed like any item.
final class ProgramRecord: Model, @unchecked Sendable {
    static let schema = "programs"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    @Parent(key: "direction_id") var direction: DirectionRecord
    /// JSON of `Program`.
    @Field(key: "content") var contentJSON: String
    @Field(key: "state") var stateCode: String
    @Field(key: "revision") var revision: Int
    @Field(key: "current_version") var currentVersion: Int
    @Field(key: "returned_at_version") var returnedAtVersion: Int
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var program: Program { JSONText.decode(Program.self, contentJSON) ?? Program() }
}

extension ProgramRecord: StructuredItem {
    static let itemType = "program"
    static let contentColumn = "content"
    var participationID: UUID { $participation.id }
}

/// «Мониторинг 1» or «Мониторинг 2»: the values the program indicators reached, reviewed like any item.
final class MonitoringReportRecord: Model, @unchecked Sendable {
    static let schema = "monitoring_reports"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    /// 1 or 2.
    @Field(key: "stage") var stage: Int
    /// JSON of `MonitoringReport`.
    @Field(key: "content") var contentJSON: String
    @Field(key: "state") var stateCode: String
    @Field(key: "revision") var revision: Int
    @Field(key: "current_version") var currentVersion: Int
    @Field(key: "returned_at_version") var returnedAtVersion: Int
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var report: MonitoringReport { JSONText.decode(MonitoringReport.self, contentJSON) ?? MonitoringReport() }
}

extension MonitoringReportRecord: StructuredItem {
    static let itemType = "monitoring_report"
    static let contentColumn = "content"
    var participationID: UUID { $participation.id }
}

/// Which measures of its direction's program a stage document evidences.
final class DocumentMeasure: Model, @unchecked Sendable {
    static let schema = "document_measures"
    @ID var id: UUID?
    @Parent(key: "document_id") var document: Document
    @Field(key: "measure_id") var measureID: String

    init() {}
    init(documentID: UUID, measureID: String) {
        self.$document.id = documentID
        self.measureID = measureID
    }
}

/// Structured content is kept as JSON text: one column, readable in any database console.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
