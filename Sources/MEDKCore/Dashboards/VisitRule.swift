/// How often a curator must visit a school (seed 001, «Периодичность посещений»): at least once a week
/// while the roadmap is being formed — until the concept-documents control date — then at least once
/// every few weeks while the program is carried out. Both numbers are the cycle's own.
public struct VisitRule: Sendable, Equatable {
    public var formingWeeks: Int
    public var carryingWeeks: Int
    /// The end of the forming stage: the concept-documents control date.
    public var formingUntil: CalendarDate?

    public static let defaultFormingWeeks = 1
    public static let defaultCarryingWeeks = 4
    public static let allowedWeeks = 1...12

    public init(formingWeeks: Int = defaultFormingWeeks, carryingWeeks: Int = defaultCarryingWeeks, formingUntil: CalendarDate?) {
        self.formingWeeks = formingWeeks
        self.carryingWeeks = carryingWeeks
        self.formingUntil = formingUntil
    }

    /// The day by which the next visit is due: the last visit (or, before any, the day the curator was
    /// assigned) plus a week while that still falls in the forming stage, otherwise plus the longer gap of
    /// the carrying stage.
    public func nextVisitDue(lastVisit: CalendarDate?, assignedOn: CalendarDate) -> CalendarDate {
        let since = lastVisit ?? assignedOn
        let forming = since.adding(days: 7 * formingWeeks)
        if let formingUntil, forming > formingUntil { return since.adding(days: 7 * carryingWeeks) }
        return forming
    }

    /// Whether the school is overdue a visit on `day`.
    public func isOverdue(lastVisit: CalendarDate?, assignedOn: CalendarDate, on day: CalendarDate) -> Bool {
        day > nextVisitDue(lastVisit: lastVisit, assignedOn: assignedOn)
    }
}
