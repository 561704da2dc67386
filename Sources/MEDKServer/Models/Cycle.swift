import Fluent
import Foundation
import MEDKCore

/// One programme year with its own methodology (risk factors, control dates).
final class Cycle: Model, @unchecked Sendable {
    static let schema = "cycles"
    @ID var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    /// `CycleStatus`: a draft is prepared, an open cycle is worked in from its start, a closed one is an archive.
    @Field(key: "status") var statusCode: String
    /// "yyyy-MM-dd", both inside `year`.
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// The cycle it was copied from, if any.
    @OptionalField(key: "copied_from") var copiedFrom: UUID?
    /// The days before a control date that its reminders go out, "7,1"; nil for the default.
    @OptionalField(key: "reminder_days") var reminderDaysText: String?
    @Children(for: \.$cycle) var riskFactors: [CycleRiskFactor]
    @Children(for: \.$cycle) var controlDates: [CycleControlDate]

    init() {}
    init(id: UUID? = nil, year: Int, title: String, status: CycleStatus = .open, startsOn: CalendarDate? = nil,
         endsOn: CalendarDate? = nil, copiedFrom: UUID? = nil) {
        self.id = id
        self.year = year
        self.title = title
        self.statusCode = status.rawValue
        self.startsOn = startsOn?.iso ?? "\(year)-01-01"
        self.endsOn = endsOn?.iso ?? "\(year)-12-31"
        self.copiedFrom = copiedFrom
    }

    var status: CycleStatus { CycleStatus(rawValue: statusCode) ?? .closed }
    /// Issue 14: a week and a day before, unless the cycle says otherwise.
    static let defaultReminderDays = [7, 1]
    var reminderDays: [Int] {
        let days = (reminderDaysText ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .filter { (1...60).contains($0) }
        return days.isEmpty ? Self.defaultReminderDays : Array(Set(days)).sorted(by: >)
    }
    /// Years are bounded where they are entered (`CycleLifecycle`), so a cycle's own dates always read.
    var starts: CalendarDate { CalendarDate(startsOn)! }
    var ends: CalendarDate { CalendarDate(endsOn)! }
}

/// A programme year's life: prepared as a draft (its catalogue and dates editable), opened (current from its start
/// date, its methodology fixed), closed (a read-only archive).
enum CycleStatus: String, Sendable, CaseIterable {
    case draft, open, closed
}

final class CycleRiskFactor: Model, @unchecked Sendable {
    static let schema = "cycle_risk_factors"
    @ID var id: UUID?
    @Parent(key: "cycle_id") var cycle: Cycle
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String

    init() {}
    init(cycleID: UUID, number: Int, title: String) {
        self.$cycle.id = cycleID
        self.number = number
        self.title = title
    }
}

final class CycleControlDate: Model, @unchecked Sendable {
    static let schema = "cycle_control_dates"
    @ID var id: UUID?
    @Parent(key: "cycle_id") var cycle: Cycle
    /// "yyyy-MM-dd"
    @Field(key: "date") var dateText: String
    @Field(key: "event") var event: String
    @Field(key: "description") var details: String
    @OptionalField(key: "indicator") var indicator: String?
    @OptionalField(key: "kind") var kind: String?

    init() {}
    init(cycleID: UUID, from source: Methodology.ControlDate) {
        self.$cycle.id = cycleID
        self.dateText = source.date.iso
        self.event = source.event
        self.details = source.description
        self.indicator = source.indicator
        self.kind = source.kind?.rawValue
    }

    var date: CalendarDate? { CalendarDate(dateText) }
}

/// A school taking part in one cycle: the school's electronic roadmap («МЭДК школы»).
final class Participation: Model, @unchecked Sendable {
    static let schema = "participations"
    @ID var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "cycle_id") var cycle: Cycle
    @Field(key: "joined_on") var joinedOn: String
    @OptionalField(key: "left_on") var leftOn: String?

    init() {}
    init(id: UUID? = nil, schoolID: UUID, cycleID: UUID, joinedOn: CalendarDate) {
        self.id = id
        self.$school.id = schoolID
        self.$cycle.id = cycleID
        self.joinedOn = joinedOn.iso
    }
}
