/// Everything recorded about one school's participation that the inclusion indicators read, each fact
/// with the day it was recorded (in the region's zone). Two readings of the same history must agree:
/// `isDone(_:on:)` states each indicator's definition directly, `spans(_:)` gives the days it held, which
/// is what the dashboard keeps so that a national table is one count.
public struct SchoolHistory: Sendable, Equatable {
    /// One move of a reviewable item: after it, the item is in `state`.
    public struct ItemEvent: Sendable, Equatable {
        public let item: String
        public let kind: ReviewedItemKind
        public let day: CalendarDate
        public let state: ReviewState
        /// Orders events of the same day (their moment); later wins.
        public let order: Double

        public init(item: String, kind: ReviewedItemKind, day: CalendarDate, state: ReviewState, order: Double = 0) {
            self.item = item
            self.kind = kind
            self.day = day
            self.state = state
            self.order = order
        }
    }

    /// The days the school takes part: from joining to (not including) the day it left.
    public var participation: DaySpan
    /// Curator assignments as spans (an assignment's end day is included, so `until` is the day after).
    public var curatorSpans: [DaySpan] = []
    /// The day a risk profile with a completed questionnaire was recorded.
    public var questionnaireDay: CalendarDate?
    /// The coordinator's attendance marks for the launch seminar; the latest by a day is in force.
    public var seminarMarks: [SeminarMark] = []
    /// Days of the curator's visits, each counted from the later of the visit and its recording.
    public var visitDays: [CalendarDate] = []
    /// The day the curator marked the risk profile verified.
    public var verifiedDay: CalendarDate?
    /// The day the first direction was activated.
    public var directionsDay: CalendarDate?
    public var itemEvents: [ItemEvent] = []

    public struct SeminarMark: Sendable, Equatable {
        public let day: CalendarDate
        public let attended: Bool
        public let order: Double

        public init(day: CalendarDate, attended: Bool, order: Double = 0) {
            self.day = day
            self.attended = attended
            self.order = order
        }
    }

    public init(participation: DaySpan) {
        self.participation = participation
    }

    public func participates(on day: CalendarDate) -> Bool { participation.contains(day) }

    // MARK: the definitions

    /// Whether the school counts as having done the indicator on `day` (only while it takes part).
    public func isDone(_ indicator: InclusionIndicator, on day: CalendarDate) -> Bool {
        guard participates(on: day) else { return false }
        switch indicator {
        case .curatorAssigned: return curatorSpans.contains { $0.contains(day) }
        case .questionnaireCompleted: return questionnaireDay.map { $0 <= day } ?? false
        case .launchSeminar: return Self.attended(seminarMarks.filter { $0.day <= day })
        case .visitedAndVerified:
            return visitDays.contains { $0 <= day } && (verifiedDay.map { $0 <= day } ?? false)
        case .directionsActivated: return directionsDay.map { $0 <= day } ?? false
        case .conceptDocumentsApproved, .monitoring1Approved, .monitoring2Approved:
            return Self.allApproved(itemEvents.filter { indicator.reviewedItems.contains($0.kind) && $0.day <= day })
        case .regionalPlanSent, .territoryRoadmapDone: return false
        }
    }

    /// A section is done when it has items and each is approved after its latest move by that day,
    /// the way the school's overview judges it: an approval later than the day does not count, a
    /// returned item counts from the approval of its new version, a reopen takes the approval back, a
    /// withdrawn item is no longer the section's.
    static func allApproved(_ events: [ItemEvent]) -> Bool {
        var latest: [String: ItemEvent] = [:]
        for event in events {
            if let current = latest[event.item], (current.day, current.order) > (event.day, event.order) { continue }
            latest[event.item] = event
        }
        let standing = latest.values.filter { $0.state != .withdrawn }
        return !standing.isEmpty && standing.allSatisfy { $0.state == .approved }
    }

    static func attended(_ marks: [SeminarMark]) -> Bool {
        marks.max { ($0.day, $0.order) < ($1.day, $1.order) }?.attended ?? false
    }

    // MARK: the days each held

    /// The days the indicator held, inside the participation.
    public func spans(_ indicator: InclusionIndicator) -> [DaySpan] {
        let raw: [DaySpan]
        switch indicator {
        case .curatorAssigned: raw = DaySpans.union(curatorSpans)
        case .questionnaireCompleted: raw = questionnaireDay.map { [DaySpan(from: $0)] } ?? []
        case .launchSeminar:
            raw = DaySpans.from(changeDays: seminarMarks.map(\.day)) { day in Self.attended(seminarMarks.filter { $0.day <= day }) }
        case .visitedAndVerified:
            guard let visit = visitDays.min(), let verified = verifiedDay else { raw = []; break }
            raw = [DaySpan(from: max(visit, verified))]
        case .directionsActivated: raw = directionsDay.map { [DaySpan(from: $0)] } ?? []
        case .conceptDocumentsApproved, .monitoring1Approved, .monitoring2Approved:
            let events = itemEvents.filter { indicator.reviewedItems.contains($0.kind) }
            raw = DaySpans.from(changeDays: events.map(\.day)) { day in Self.allApproved(events.filter { $0.day <= day }) }
        case .regionalPlanSent, .territoryRoadmapDone: raw = []
        }
        return DaySpans.clip(raw, to: participation)
    }
}

/// Numerator and denominator of a share of schools as of a day.
public struct Tally: Sendable, Hashable {
    public var done: Int
    public var total: Int

    public init(done: Int = 0, total: Int = 0) {
        self.done = done
        self.total = total
    }

    /// nil when there is nothing to count (shown as "нет данных", not 0 %).
    public var fraction: Double? { total == 0 ? nil : Double(done) / Double(total) }

    /// Counts schools as of a day: those that left before it are in neither part.
    public static func of(_ histories: [SchoolHistory], _ indicator: InclusionIndicator, on day: CalendarDate) -> Tally {
        let taking = histories.filter { $0.participates(on: day) }
        return Tally(done: taking.filter { $0.isDone(indicator, on: day) }.count, total: taking.count)
    }

    public static func + (a: Tally, b: Tally) -> Tally { Tally(done: a.done + b.done, total: a.total + b.total) }
}
