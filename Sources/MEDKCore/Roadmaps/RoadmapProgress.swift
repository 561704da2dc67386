/// «Доля исполненных мероприятий дорожной карты (на дату мониторинга)», judged as of any date.
public enum RoadmapProgress {
    /// Items done by the date over items due by the date.
    public struct Share: Sendable, Equatable {
        public let done: Int
        public let due: Int

        public init(done: Int, due: Int) {
            self.done = done
            self.due = due
        }

        /// nil when nothing was due yet (no share to show, rather than 0 %).
        public var fraction: Double? { due == 0 ? nil : Double(done) / Double(due) }
    }

    /// Only items with a due date on or before `asOf` count; of those, the ones marked done on or before
    /// `asOf`. An item done later is not done as of that date; periodic and free-text items (no due date)
    /// are left out, since no date says they should be done by now.
    public static func shareDone(items: [(due: CalendarDate?, doneOn: CalendarDate?)], asOf: CalendarDate) -> Share {
        let due = items.filter { $0.due.map { $0 <= asOf } ?? false }
        let done = due.filter { $0.doneOn.map { $0 <= asOf } ?? false }
        return Share(done: done.count, due: due.count)
    }

    /// Positions of the items whose due date has passed (strictly before `asOf`) and that were not done by `asOf`.
    public static func overdue(items: [(due: CalendarDate?, doneOn: CalendarDate?)], asOf: CalendarDate) -> [Int] {
        items.indices.filter { i in
            guard let due = items[i].due, due < asOf else { return false }
            return !(items[i].doneOn.map { $0 <= asOf } ?? false)
        }
    }
}
