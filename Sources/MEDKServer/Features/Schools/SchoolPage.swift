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
    let profileImported: Bool
    let directionCount: Int
    let programs: [ReviewState]
    /// The states of the monitoring reports, by stage (1, 2).
    let reports: [Int: ReviewState]
    /// Each approved program's indicator with what the approved monitorings say it reached.
    let indicatorProgress: [IndicatorProgress]
    /// Whether the viewer is the school itself (the one who takes the next step).
    let canEdit: Bool
    /// Since when the oldest item of each section waits for the curator.
    let waitingSince: [RoadmapSection: Date]
    /// Items the curator returned, with what to change: the school's first job.
    let returned: [ReturnedItem]
    /// The page shows an earlier year than the one running (`?cycle=2021`): read as of that year's end, nothing to do.
    let isPastYear: Bool
    /// The school's other programme years, latest first, each with its documents as they stand.
    let otherYears: [PastYear]
    /// The school's practices published in the bank of best practices, newest first.
    var practices: [(id: UUID, title: String)] = []

    func status(of section: RoadmapSection) -> SectionStatus {
        // A withdrawn document is no longer the section's.
        let documentStates = documents.filter { $0.section?.roadmapSection == section && $0.state != .withdrawn }.map(\.state)
        switch section {
        case .diagnostics:
            // The profile is the diagnostics' result; documents, if any, must be approved too.
            return profileImported && !documentStates.contains(where: { $0 != .approved }) ? .done : SectionStatus.of(documentStates)
        case .verification: return verifiedOn == nil ? .notStarted : .done
        case .selfAssessment: return SectionStatus.of(selfAssessment.map { [$0] } ?? [])
        case .directions: return directionCount > 0 ? .done : .notStarted
        case .programs:
            // A direction without a program yet keeps the step in progress.
            let unwritten = programs.isEmpty ? [] : Array(repeating: ReviewState.draft, count: max(0, directionCount - programs.count))
            return SectionStatus.of(programs + unwritten)
        case .monitoring1, .monitoring2:
            let report = reports[section == .monitoring1 ? 1 : 2].map { [$0] } ?? []
            return SectionStatus.of(report + documentStates)
        default: return SectionStatus.of(documentStates)
        }
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

    /// The page of the year running on `today`, or of `year` when another is asked for.
    static func load(_ school: School, for principal: Principal, today: CalendarDate, year: Cycle? = nil,
                     on db: Database) async throws -> SchoolPage {
        let current = try await CycleQueries.current(on: db, today: today)
        let cycle = year ?? current
        let isPastYear = year != nil && year?.id != current?.id
        // An earlier year is judged as of its last day: its steps were late then or not at all, not «today».
        let today = isPastYear ? min(today, cycle?.ends ?? today) : today
        let schoolID = try school.requireID()
        var participation: Participation?
        var assignments: [CuratorAssignment] = []
        var dates: [CycleControlDate] = []
        var documents: [Document] = []
        var unread = 0
        var verifiedOn: String?
        var selfAssessment: ReviewState?
        var profileImported = false
        var directionCount = 0
        var programs: [ReviewState] = []
        var reports: [Int: ReviewState] = [:]
        var progress: [IndicatorProgress] = []
        var waiting: [RoadmapSection: Date] = [:]
        var returned: [ReturnedItem] = []
        if let cycleID = cycle?.id {
            participation = try await SchoolQueries.participation(school: schoolID, cycle: cycleID, on: db)
            dates = try await CycleQueries.controlDates(of: cycleID, on: db)
            if let participationID = participation?.id {
                assignments = try await SchoolQueries.assignments(of: participationID, on: db)
                documents = try await DocumentQueries.documents(of: participationID, on: db)
                unread = try await ChatQueries.unread(in: [participationID], for: principal.userID, on: db)
                verifiedOn = try await VerificationRecord.query(on: db).filter(\.$participation.$id == participationID)
                    .first()?.verifiedOn
                let assessment = try await SelfAssessmentRecord.query(on: db).filter(\.$participation.$id == participationID).first()
                selfAssessment = assessment?.state
                profileImported = try await RiskProfileRecord.query(on: db).filter(\.$participation.$id == participationID)
                    .count() > 0
                directionCount = try await DirectionRecord.query(on: db).filter(\.$participation.$id == participationID).count()
                let programRecords = try await ProgramRecord.query(on: db).filter(\.$participation.$id == participationID).all()
                programs = programRecords.map(\.state)
                let reportRecords = try await MonitoringReportRecord.query(on: db).filter(\.$participation.$id == participationID).all()
                var items: [(section: RoadmapSection, id: UUID, title: String, url: SiteURL, state: ReviewState, submittedAt: Date?)] =
                    documents.compactMap { document in
                        document.section.map { ($0.roadmapSection, document.id!, document.title, .document(.value(document.id!)),
                                                document.state, document.submittedAt) }
                    }
                if let assessment {
                    items.append((.selfAssessment, assessment.id!, Strings.Home.sectionTitle(.selfAssessment),
                                  .selfAssessment(.value(schoolID)), assessment.state, assessment.submittedAt))
                }
                items += programRecords.map { (.programs, $0.id!, Strings.Home.sectionTitle(.programs), .directions(.value(schoolID)),
                                               $0.state, $0.submittedAt) }
                items += reportRecords.map { report in
                    (report.stage == 2 ? .monitoring2 : .monitoring1, report.id!, Strings.Home.sectionTitle(report.stage == 2 ? .monitoring2 : .monitoring1),
                     .monitoringReport(school: .value(schoolID), stage: .value(report.stage)), report.state, report.submittedAt)
                }
                for item in items where item.state == .submitted {
                    guard let since = item.submittedAt else { continue }
                    waiting[item.section] = min(waiting[item.section] ?? since, since)
                }
                let sent = items.filter { $0.state == .returned }
                let comments = try await DocumentQueries.lastComments(for: sent.map(\.id), on: db)
                returned = sent.map { ReturnedItem(section: $0.section, title: $0.title, url: $0.url.path,
                                                   comment: comments[$0.id]?.comment ?? "", since: comments[$0.id]?.at) }
                    .sorted { ($0.since ?? .distantPast) < ($1.since ?? .distantPast) }
                var reached: [Int: [String: Double]] = [:]
                for report in reportRecords {
                    reports[report.stage] = report.state
                    if report.state == .approved { reached[report.stage] = report.report.reached }
                }
                progress = try await DirectionQueries.programs(of: participationID, on: db).filter { $0.state == .approved }
                    .flatMap { record in
                        record.program.indicators.map {
                            IndicatorProgress(direction: record.direction.factor, indicator: $0,
                                              monitoring1: reached[1]?[$0.id], monitoring2: reached[2]?[$0.id])
                        }
                    }
            }
        }
        var otherYears: [PastYear] = []
        for other in try await Participation.query(on: db).filter(\.$school.$id == schoolID).with(\.$cycle).all()
        where other.$cycle.id != cycle?.id && other.cycle.status != .draft {
            otherYears.append(PastYear(cycle: other.cycle, documents: try await DocumentQueries.documents(of: other.id!, on: db)
                .filter { $0.state != .withdrawn }))
        }
        otherYears.sort { $0.cycle.year > $1.cycle.year }
        let pool = principal.can(.assignCurator, school.place)
            ? try await CuratorQueries.pool(region: school.$region.id, db: db) : nil
        return SchoolPage(school: school, cycle: cycle, participation: participation, assignments: assignments,
                          controlDates: dates, today: today, curatorPool: pool,
                          canManage: principal.can(.manageSchool, school.place), documents: documents, unreadChat: unread,
                          verifiedOn: verifiedOn, selfAssessment: selfAssessment, profileImported: profileImported,
                          directionCount: directionCount, programs: programs, reports: reports,
                          indicatorProgress: progress,
                          canEdit: !isPastYear && Policy.can(principal.actor, .editRoadmap, school.place, yearClosed: cycle?.status == .closed),
                          waitingSince: waiting, returned: returned, isPastYear: isPastYear, otherYears: otherYears,
                          practices: try await PracticeQueries.published(school: school.id!, on: db).map { (id: $0.id!, title: $0.title) })
    }
}

/// Another programme year of the school: its documents, each opening on its own page.
struct PastYear: Sendable {
    let cycle: Cycle
    let documents: [Document]
    var approved: Int { documents.filter { $0.state == .approved }.count }
}

/// An item the curator returned: where it is and what to change.
struct ReturnedItem: Sendable {
    let section: RoadmapSection
    let title: String
    let url: String
    let comment: String
    let since: Date?
}

/// One program indicator on the roadmap: baseline → target → what the monitorings found it reached.
struct IndicatorProgress: Sendable {
    let direction: Int
    let indicator: Program.Indicator
    let monitoring1: Double?
    let monitoring2: Double?
}
