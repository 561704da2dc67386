import Fluent
import MEDKCore
import Vapor

/// Everything the school page shows: the registry card, the roadmap overview for the current
/// cycle, the curators, and what the viewer may do there.
struct SchoolPage: Sendable {
    let school: School
    let cycle: Cycle?
    let participation: Participation?
    let assignments: [CuratorAssignment]
    let controlDates: [CycleControlDate]
    let today: CalendarDate
    /// Filled only when the viewer may assign curators.
    let curatorPool: [User]?
    let canManage: Bool
    /// The documents of the current participation, for each section's status.
    let documents: [Document]
    let unreadChat: Int

    /// The day the curator marked the profile verified, if it has.
    let verifiedOn: String?
    let selfAssessment: ReviewState?
    let directionsActive: Bool

    func status(of section: RoadmapSection) -> SectionStatus {
        if section == .verification { return verifiedOn == nil ? .notStarted : .done }
        if section == .selfAssessment { return SectionStatus.of(selfAssessment.map { [$0] } ?? []) }
        if section == .directions, directionsActive { return .done }
        return SectionStatus.of(documents.filter { $0.section?.roadmapSection == section }.map(\.state))
    }

    var activeAssignments: [CuratorAssignment] { assignments.filter { $0.isActive(on: today) } }

    /// The first control date of the cycle from today on: what the school works towards now.
    var nextControlDate: CycleControlDate? {
        controlDates.first { ($0.date ?? today) >= today && $0.indicator != nil }
    }

    func dueDate(of section: RoadmapSection) -> CycleControlDate? {
        guard let kind = section.dueBy else { return nil }
        return controlDates.first { $0.kind == kind.rawValue }
    }

    static func load(_ school: School, for principal: Principal, today: CalendarDate, on db: Database) async throws -> SchoolPage {
        let cycle = try await CycleQueries.current(on: db)
        let schoolID = try school.requireID()
        var participation: Participation?
        var assignments: [CuratorAssignment] = []
        var dates: [CycleControlDate] = []
        var documents: [Document] = []
        var unread = 0
        var verifiedOn: String?
        var selfAssessment: ReviewState?
        var directionsActive = false
        if let cycleID = cycle?.id {
            participation = try await SchoolQueries.participation(school: schoolID, cycle: cycleID, on: db)
            dates = try await CycleQueries.controlDates(of: cycleID, on: db)
            if let participationID = participation?.id {
                assignments = try await SchoolQueries.assignments(of: participationID, on: db)
                documents = try await DocumentQueries.documents(of: participationID, on: db)
                unread = try await ChatQueries.unread(in: [participationID], for: principal.userID, on: db)
                verifiedOn = try await VerificationRecord.query(on: db).filter(\.$participation.$id == participationID)
                    .first()?.verifiedOn
                selfAssessment = try await SelfAssessmentRecord.query(on: db).filter(\.$participation.$id == participationID)
                    .first()?.state
                directionsActive = try await DirectionRecord.query(on: db).filter(\.$participation.$id == participationID)
                    .count() > 0
            }
        }
        let pool = principal.can(.assignCurator, school.place)
            ? try await CuratorQueries.pool(region: school.$region.id, db: db) : nil
        return SchoolPage(school: school, cycle: cycle, participation: participation, assignments: assignments,
                          controlDates: dates, today: today, curatorPool: pool,
                          canManage: principal.can(.manageSchool, school.place), documents: documents, unreadChat: unread,
                          verifiedOn: verifiedOn, selfAssessment: selfAssessment, directionsActive: directionsActive)
    }
}
