/// How often a curator must visit a school (seed 001, «Периодичность посещений», as PRODUCT.md reads it): the
/// first visit by the cycle's «Первичное посещение ОО» date; then at least once a week while the roadmap is being
/// formed — until the school's concept documents are approved or the cycle's concept-documents date, whichever
/// comes first; then at least once every few weeks while the program is carried out. Both numbers are the cycle's own.
public struct VisitRule: Sendable, Equatable {
    public var formingWeeks: Int
    public var carryingWeeks: Int
    /// The cycle's end of the forming stage: the concept-documents control date.
    public var formingUntil: CalendarDate?
    /// The cycle's «Первичное посещение ОО» control date.
    public var firstVisitBy: CalendarDate?

    public static let defaultFormingWeeks = 1
    public static let defaultCarryingWeeks = 4
    public static let allowedWeeks = 1...12

    public init(formingWeeks: Int = defaultFormingWeeks, carryingWeeks: Int = defaultCarryingWeeks,
                formingUntil: CalendarDate?, firstVisitBy: CalendarDate? = nil) {
        self.formingWeeks = formingWeeks
        self.carryingWeeks = carryingWeeks
        self.formingUntil = formingUntil
        self.firstVisitBy = firstVisitBy
    }

    /// The day this school's forming stage ends: its concept documents approved, or the cycle's date if earlier.
    public func formingEnds(conceptApprovedOn: CalendarDate?) -> CalendarDate? {
        switch (formingUntil, conceptApprovedOn) {
        case let (cycle?, school?): min(cycle, school)
        case let (cycle, school): cycle ?? school
        }
    }

    /// The day by which the next visit is due.
    /// - Before any visit: the first-visit date; a curator assigned too late for it has the forming gap from the
    ///   assignment.
    /// - After a visit: a week later while that still falls in the school's forming stage, otherwise the longer gap
    ///   of the carrying stage.
    public func nextVisitDue(lastVisit: CalendarDate?, assignedOn: CalendarDate,
                             conceptApprovedOn: CalendarDate? = nil) -> CalendarDate {
        guard let lastVisit else {
            let fromAssignment = assignedOn.adding(days: 7 * formingWeeks)
            return firstVisitBy.map { max($0, fromAssignment) } ?? fromAssignment
        }
        let forming = lastVisit.adding(days: 7 * formingWeeks)
        if let end = formingEnds(conceptApprovedOn: conceptApprovedOn), forming > end {
            return lastVisit.adding(days: 7 * carryingWeeks)
        }
        return forming
    }

    /// Whether the school is overdue a visit on `day`.
    public func isOverdue(lastVisit: CalendarDate?, assignedOn: CalendarDate, conceptApprovedOn: CalendarDate? = nil,
                          on day: CalendarDate) -> Bool {
        day > nextVisitDue(lastVisit: lastVisit, assignedOn: assignedOn, conceptApprovedOn: conceptApprovedOn)
    }
}
