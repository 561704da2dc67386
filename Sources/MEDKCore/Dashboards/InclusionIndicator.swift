/// The inclusion indicators of the federal roadmap (seed 001, «Показатель для контроля включенности
/// региона»), in the order of their control dates. Every one but the last is a share of schools.
public enum InclusionIndicator: String, CaseIterable, Sendable, Codable {
    case curatorAssigned = "curator_assigned"
    case questionnaireCompleted = "questionnaire_completed"
    case launchSeminar = "launch_seminar"
    case visitedAndVerified = "visited_verified"
    case directionsActivated = "directions_activated"
    /// Seed 001's 22.03 «План-график направлен»: whether the territory's own plan-schedule was loaded by the day —
    /// a property of the territory, like the plan's share done.
    case regionalPlanSent = "regional_plan"
    case conceptDocumentsApproved = "concept_documents"
    case monitoring1Approved = "monitoring_1"
    case monitoring2Approved = "monitoring_2"
    /// Share of the territory's own roadmap items done: a property of the territory, not of its schools.
    case territoryRoadmapDone = "territory_roadmap"

    /// The control date the indicator is judged against.
    public var controlDate: ControlDateKind {
        switch self {
        case .curatorAssigned: .curatorsAssigned
        case .questionnaireCompleted: .questionnairesCompleted
        case .launchSeminar: .launchSeminar
        case .visitedAndVerified, .directionsActivated: .firstVisit
        case .regionalPlanSent: .regionalPlans
        case .conceptDocumentsApproved: .conceptDocuments
        case .monitoring1Approved: .monitoring1
        case .monitoring2Approved: .monitoring2
        case .territoryRoadmapDone: .regionalMonitoring1
        }
    }

    /// Figures of a territory's own plan, not of its schools: a school's row has none, a cell lists no schools.
    public var isPerTerritory: Bool { self == .regionalPlanSent || self == .territoryRoadmapDone }

    /// The indicators counted over schools.
    public static let perSchool: [InclusionIndicator] = allCases.filter { !$0.isPerTerritory }

    /// The reviewable items whose approval the indicator asks for, as (item type of the review history,
    /// section). This is the one list to extend when a new kind of reviewable item appears.
    public var reviewedItems: Set<ReviewedItemKind> {
        switch self {
        case .conceptDocumentsApproved:
            [ReviewedItemKind(itemType: "document", section: DocumentSection.conceptDocuments.rawValue)]
        case .monitoring1Approved:
            [ReviewedItemKind(itemType: "document", section: DocumentSection.monitoring1.rawValue),
             ReviewedItemKind(itemType: "monitoring_report", section: DocumentSection.monitoring1.rawValue)]
        case .monitoring2Approved:
            [ReviewedItemKind(itemType: "document", section: DocumentSection.monitoring2.rawValue),
             ReviewedItemKind(itemType: "monitoring_report", section: DocumentSection.monitoring2.rawValue)]
        default: []
        }
    }

    /// The indicator that counts an item of this kind, if any.
    public static func counting(_ kind: ReviewedItemKind) -> InclusionIndicator? {
        allCases.first { $0.reviewedItems.contains(kind) }
    }
}

/// A kind of reviewable item: its `item_type` in the review history and the roadmap section it sits in
/// (a document's section; a monitoring report's stage as "monitoring1"/"monitoring2").
public struct ReviewedItemKind: Hashable, Sendable {
    public let itemType: String
    public let section: String

    public init(itemType: String, section: String) {
        self.itemType = itemType
        self.section = section
    }
}

/// How a figure stands against its control date, for colouring the cell.
public enum ControlStanding: String, Sendable, Equatable {
    /// Every school counted has done it.
    case done
    /// Not everyone yet, and the control date is within `soonDays` (or is today).
    case dueSoon
    /// The control date has passed and not everyone has done it.
    case overdue
    /// Not everyone yet, but the control date is still far.
    case open
    /// Nothing to count.
    case empty

    public static let soonDays = 14

    public static func of(done: Int, of total: Int, controlDate: CalendarDate?, asOf day: CalendarDate) -> ControlStanding {
        if total == 0 { return .empty }
        if done >= total { return .done }
        guard let controlDate else { return .open }
        if day > controlDate { return .overdue }
        return controlDate.days(since: day) <= soonDays ? .dueSoon : .open
    }
}
