import Foundation
import Fluent
import SQLKit
import MEDKCore

/// A submitted item waiting for its curator: a document, a self-assessment, a program or a monitoring report.
struct QueueItem: Sendable {
    let title: String
    /// Where in the roadmap it belongs.
    let section: RoadmapSection
    let url: String
    let version: Int
    let school: School
    let waitingSince: Date
}

struct FeedFilter: Sendable {
    /// The programme year whose roadmaps are shown.
    var cycle: Cycle?
    var schoolID: UUID?
    var curatorID: UUID?
    var kind: ReviewEventKind?
    var from: CalendarDate?
    var to: CalendarDate?
    var page = 1
    static let pageSize = 50
}

struct FeedPage: Sendable {
    let filter: FeedFilter
    let events: [ReviewEvent]
    let schools: [UUID: School]
    let names: [UUID: String]
    let hasMore: Bool
    /// Choices for the filter form; nil when the territory has too many to list.
    let schoolChoices: [School]?
    let curatorChoices: [User]
    /// The programme years to choose from.
    var years: [Cycle] = []
    static let maxListedSchools = 500
}

enum ReviewQueries {
    /// Everything submitted in the curator's schools, oldest waiting first.
    static func queue(for curator: Actor, today: CalendarDate, on db: Database) async throws -> [QueueItem] {
        guard !curator.assignedSchools.isEmpty, let cycle = try await CycleQueries.current(on: db, today: today) else { return [] }
        let participations = try await Participation.query(on: db).filter(\.$cycle.$id == cycle.id!)
            .filter(\.$school.$id ~~ Array(curator.assignedSchools)).with(\.$school) { $0.with(\.$municipality) }.all()
        let schools = Dictionary(uniqueKeysWithValues: participations.map { ($0.id!, $0.school) })
        guard !schools.isEmpty else { return [] }
        let ids = Array(schools.keys)
        var items: [QueueItem] = []
        /// `url` gets the school's id: structured items live on the school's pages.
        func add(_ participation: UUID, _ title: String, _ section: RoadmapSection, version: Int, since: Date,
                 url: (UUID) -> SiteURL) {
            guard let school = schools[participation] else { return }
            items.append(QueueItem(title: title, section: section, url: url(school.id!).path, version: version, school: school,
                                   waitingSince: since))
        }
        let submitted = ReviewState.submitted.rawValue
        for document in try await Document.query(on: db).filter(\.$participation.$id ~~ ids).filter(\.$stateCode == submitted).all() {
            add(document.$participation.id, document.title, document.section?.roadmapSection ?? .diagnostics,
                version: document.currentVersion,
                since: document.submittedAt ?? document.updatedAt) { _ in .document(.value(document.id!)) }
        }
        for record in try await SelfAssessmentRecord.query(on: db).filter(\.$participation.$id ~~ ids)
            .filter(\.$stateCode == submitted).all() {
            add(record.participationID, Strings.SelfAssessment.title, .selfAssessment, version: record.currentVersion,
                since: record.submittedAt ?? record.updatedAt) { .selfAssessment(.value($0)) }
        }
        for record in try await ProgramRecord.query(on: db).filter(\.$participation.$id ~~ ids).filter(\.$stateCode == submitted)
            .with(\.$direction).all() {
            add(record.participationID, Strings.Program.pageTitle(record.direction.factor), .programs, version: record.currentVersion,
                since: record.submittedAt ?? record.updatedAt) { .program(school: .value($0), factor: .value(record.direction.factor)) }
        }
        for record in try await MonitoringReportRecord.query(on: db).filter(\.$participation.$id ~~ ids)
            .filter(\.$stateCode == submitted).all() {
            add(record.participationID, Strings.MonitoringReports.reportTitle(record.stage), record.stage == 2 ? .monitoring2 : .monitoring1,
                version: record.currentVersion,
                since: record.submittedAt ?? record.updatedAt) { .monitoringReport(school: .value($0), stage: .value(record.stage)) }
        }
        return items.sorted { $0.waitingSince < $1.waitingSince }
    }

    /// How many items `queue` would list, in one query: the number beside «На проверку» on every page a curator opens.
    static func waitingCount(for curator: Actor, cycle: Cycle?, on db: Database) async throws -> Int {
        guard let cycleID = cycle?.id, !curator.assignedSchools.isEmpty, let sql = db as? SQLDatabase else { return 0 }
        let submitted = ReviewState.submitted.rawValue
        let reviewed = [Document.schema, SelfAssessmentRecord.schema, ProgramRecord.schema, MonitoringReportRecord.schema]
        var waiting = SQLQueryString("SELECT COUNT(*) AS waiting FROM (")
        for (n, table) in reviewed.enumerated() {
            waiting.appendInterpolation(unsafeRaw: n == 0 ? "" : " UNION ALL ")
            waiting.appendInterpolation(unsafeRaw: "SELECT participation_id FROM ")
            waiting.appendInterpolation(ident: table)
            waiting.appendInterpolation(unsafeRaw: " WHERE state = ")
            waiting.appendInterpolation(bind: submitted)
        }
        waiting.appendInterpolation(unsafeRaw: ") w JOIN ")
        waiting.appendInterpolation(ident: Participation.schema)
        waiting.appendInterpolation(unsafeRaw: " p ON p.id = w.participation_id WHERE p.cycle_id = ")
        waiting.appendInterpolation(bind: cycleID)
        waiting.appendInterpolation(unsafeRaw: " AND p.school_id IN (")
        waiting.appendInterpolation(binds: Array(curator.assignedSchools))
        waiting.appendInterpolation(unsafeRaw: ")")
        return try await sql.raw(waiting).first()?.decode(column: "waiting", as: Int.self) ?? 0
    }

    /// What happened in the roadmaps of a territory, newest first.
    static func feed(within scope: Place, filter: FeedFilter, on db: Database) async throws -> FeedPage {
        let query = ReviewEvent.query(on: db)
            .join(Participation.self, on: \ReviewEvent.$participation.$id == \Participation.$id)
            .join(School.self, on: \Participation.$school.$id == \School.$id)
        if let cycle = filter.cycle?.id { query.filter(Participation.self, \.$cycle.$id == cycle) }
        if let region = scope.regionID { query.filter(School.self, \.$region.$id == region) }
        if let municipality = scope.municipalityID { query.filter(School.self, \.$municipality.$id == municipality) }
        if let school = filter.schoolID { query.filter(School.self, \.$id == school) }
        if let curator = filter.curatorID {
            let participations = try await CuratorAssignment.query(on: db).filter(\.$curator.$id == curator)
                .all(\.$participation.$id)
            query.filter(\ReviewEvent.$participation.$id ~~ participations)
        }
        if let kind = filter.kind { query.filter(\ReviewEvent.$kind == kind.rawValue) }
        let zone = TimeZone(identifier: "Europe/Moscow")!
        if let from = filter.from { query.filter(\ReviewEvent.$at >= from.start(in: zone)) }
        if let to = filter.to { query.filter(\ReviewEvent.$at < to.start(in: zone).addingTimeInterval(86_400)) }
        let offset = (filter.page - 1) * FeedFilter.pageSize
        let events = try await query.sort(\ReviewEvent.$at, .descending)
            .range(lower: offset, upper: offset + FeedFilter.pageSize + 1).all()
        let shown = Array(events.prefix(FeedFilter.pageSize))
        let participationIDs = Set(shown.map(\.$participation.id))
        let participations = try await Participation.query(on: db).filter(\.$id ~~ Array(participationIDs))
            .with(\.$school).all()
        let schools = Dictionary(uniqueKeysWithValues: participations.map { ($0.id!, $0.school) })
        let names = try await DocumentQueries.names(of: Set(shown.map(\.actorID)), on: db)

        let schoolQuery = School.query(on: db).sort(\.$fullName)
        if let region = scope.regionID { schoolQuery.filter(\.$region.$id == region) }
        if let municipality = scope.municipalityID { schoolQuery.filter(\.$municipality.$id == municipality) }
        let schoolChoices = try await schoolQuery.count() > FeedPage.maxListedSchools ? nil : try await schoolQuery.all()
        var curators: [User] = []
        if let region = scope.regionID { curators = try await CuratorQueries.pool(region: region, db: db) }
        return FeedPage(filter: filter, events: shown, schools: schools, names: names,
                        hasMore: events.count > FeedFilter.pageSize, schoolChoices: schoolChoices,
                        curatorChoices: curators)
    }
}

extension CalendarDate {
    /// The first moment of the day in a zone.
    func start(in zone: TimeZone) -> Date { at(hour: 0, in: zone) }

    /// The day's `hour` o'clock in a zone.
    func at(hour: Int, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }
}
