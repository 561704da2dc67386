import Fluent
import Foundation
import MEDKCore

/// A curator's visit to a school (seed 001, «Посещение школы»).
final class VisitRecord: Model, @unchecked Sendable {
    static let schema = "visits"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    /// Kept beside the participation so that territory filters need no join.
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "region_id") var regionID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Parent(key: "curator_id") var curator: User
    /// "yyyy-MM-dd": the day of the visit.
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "format") var formatCode: String
    @Field(key: "participants") var participants: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "outcome") var outcome: String
    @Field(key: "recorded_at") var recordedAt: Date
    /// "yyyy-MM-dd": the later of the visit and the day it was recorded — what the indicators count from,
    /// so that a figure for a past day never changes when a visit is logged late.
    @Field(key: "counts_from") var countsFrom: String

    init() {}

    var day: CalendarDate? { CalendarDate(visitedOn) }
    var format: VisitFormat? { VisitFormat(rawValue: formatCode) }
}

enum VisitFormat: String, CaseIterable, Sendable {
    case inPerson = "in_person"
    case remote
}

/// The coordinator's record that a school took part in person in the launch seminar (seed 001,
/// «Установочный семинар»). Never changed: taking a mark back adds a mark with `attended` false.
final class SeminarMark: Model, @unchecked Sendable {
    static let schema = "seminar_marks"
    @ID var id: UUID?
    @Parent(key: "participation_id") var participation: Participation
    @Field(key: "attended") var attended: Bool
    @Field(key: "marked_by") var markedBy: UUID
    @Field(key: "marked_at") var markedAt: Date

    init() {}
    init(participationID: UUID, attended: Bool, by: UUID, at: Date) {
        self.$participation.id = participationID
        self.attended = attended
        self.markedBy = by
        self.markedAt = at
    }
}

/// The cycle's visit frequency (seed 001): weeks between visits while the roadmap is formed and while
/// the program is carried out.
final class VisitRuleRecord: Model, @unchecked Sendable {
    static let schema = "visit_rules"
    @ID var id: UUID?
    @Parent(key: "cycle_id") var cycle: Cycle
    @Field(key: "forming_weeks") var formingWeeks: Int
    @Field(key: "carrying_weeks") var carryingWeeks: Int
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
