import Fluent
import Foundation
import MEDKCore
import SQLKit

/// The `inclusion_facts` rollup: for each participation, the days it took part and the days it held each
/// inclusion indicator (`SchoolHistory.spans`). Rebuilt for a participation whenever something it is
/// computed from changes, in the same transaction, so the fast path is exact.
enum InclusionFacts {
    static let table = "inclusion_facts"
    /// One row counting the rollup's changes: tables computed from it stay valid while it is unchanged.
    static let versionTable = "inclusion_facts_version"
    /// The pseudo-indicator of the denominator: the days the school takes part.
    static let participating = "participating"
    /// Participations read and written per round trip while rebuilding.
    static let batchSize = 400

    struct Owner: Sendable {
        let participationID: UUID
        let cycleID: UUID
        let schoolID: UUID
        let municipalityID: UUID
        let regionID: UUID
    }

    // MARK: reading the history

    /// The recorded histories of the given participations, read from the tables the product writes.
    static func histories(of ids: [UUID], on db: Database) async throws -> [(Owner, SchoolHistory)] {
        guard !ids.isEmpty else { return [] }
        let participations = try await Participation.query(on: db).filter(\.$id ~~ ids).with(\.$school).all()
        let regionIDs = Set(participations.map { $0.school.$region.id })
        let zones = Dictionary(uniqueKeysWithValues: try await Region.query(on: db).filter(\.$id ~~ Array(regionIDs)).all()
            .map { ($0.id!, TimeZone(identifier: $0.timeZone) ?? Self.defaultZone) })
        var histories: [UUID: SchoolHistory] = [:]
        var owners: [UUID: Owner] = [:]
        var zoneOf: [UUID: TimeZone] = [:]
        for participation in participations {
            guard let joined = CalendarDate(participation.joinedOn) else { continue }
            let id = participation.id!
            histories[id] = SchoolHistory(participation: DaySpan(from: joined, until: participation.leftOn.flatMap(CalendarDate.init)))
            owners[id] = Owner(participationID: id, cycleID: participation.$cycle.id, schoolID: participation.$school.id,
                               municipalityID: participation.school.$municipality.id, regionID: participation.school.$region.id)
            zoneOf[id] = zones[participation.school.$region.id] ?? Self.defaultZone
        }
        let found = Array(histories.keys)
        func day(_ date: Date, _ participation: UUID) -> CalendarDate { CalendarDate(date, in: zoneOf[participation] ?? defaultZone) }

        for assignment in try await CuratorAssignment.query(on: db).filter(\.$participation.$id ~~ found).all() {
            guard let from = CalendarDate(assignment.startsOn) else { continue }
            let until = assignment.endsOn.flatMap(CalendarDate.init).map { $0.adding(days: 1) }
            histories[assignment.$participation.id]?.curatorSpans.append(DaySpan(from: from, until: until))
        }
        for profile in try await RiskProfileRecord.query(on: db).filter(\.$participation.$id ~~ found).all()
        where !profile.completed.isEmpty {
            histories[profile.$participation.id]?.questionnaireDay = day(profile.importedAt, profile.$participation.id)
        }
        for mark in try await SeminarMark.query(on: db).filter(\.$participation.$id ~~ found).all() {
            let pid = mark.$participation.id
            histories[pid]?.seminarMarks.append(.init(day: day(mark.markedAt, pid), attended: mark.attended,
                                                      order: mark.markedAt.timeIntervalSince1970))
        }
        for visit in try await VisitRecord.query(on: db).filter(\.$participation.$id ~~ found).all() {
            if let from = CalendarDate(visit.countsFrom) { histories[visit.$participation.id]?.visitDays.append(from) }
        }
        for verification in try await VerificationRecord.query(on: db).filter(\.$participation.$id ~~ found).all() {
            histories[verification.$participation.id]?.verifiedDay = verification.verifiedOn.flatMap(CalendarDate.init)
        }
        for direction in try await DirectionRecord.query(on: db).filter(\.$participation.$id ~~ found).all() {
            let pid = direction.$participation.id
            let activated = day(direction.activatedAt, pid)
            let earlier = histories[pid]?.directionsDay ?? activated
            histories[pid]?.directionsDay = min(earlier, activated)
        }
        for event in try await itemEvents(of: found, on: db) {
            histories[event.participation]?.itemEvents.append(
                .init(item: event.item.uuidString, kind: event.kind, day: day(event.at, event.participation),
                      state: event.state, order: event.at.timeIntervalSince1970))
        }
        return found.compactMap { id in owners[id].flatMap { owner in histories[id].map { (owner, $0) } } }
    }

    static let defaultZone = TimeZone(identifier: "Europe/Moscow")!

    private struct ItemEventRow: Sendable {
        let participation: UUID
        let item: UUID
        let kind: ReviewedItemKind
        let state: ReviewState
        let at: Date
    }

    /// The review moves of every item an indicator counts, each with its kind. Read with SQL and only the
    /// columns needed: a national rebuild reads millions of them.
    private static func itemEvents(of participations: [UUID], on db: Database) async throws -> [ItemEventRow] {
        guard let sql = db as? SQLDatabase else { return [] }
        let counted = InclusionIndicator.allCases.flatMap(\.reviewedItems)
        let types = Array(Set(counted.map(\.itemType)))
        var sectionOf: [UUID: String] = [:]
        for row in try await sql.select().column("id").column("section").from(Document.schema)
            .where("participation_id", .in, participations).all() {
            sectionOf[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "section", as: String.self)
        }
        for row in try await sql.select().column("id").column("stage").from(MonitoringReportRecord.schema)
            .where("participation_id", .in, participations).all() {
            sectionOf[try row.decode(column: "id", as: UUID.self)] = Self.monitoringSection(stage: try row.decode(column: "stage", as: Int.self))
        }
        let rows = try await sql.select().columns("participation_id", "item_id", "item_type", "to_state", "at")
            .from(ReviewEvent.schema)
            .where("participation_id", .in, participations).where("item_type", .in, types).all()
        return try rows.compactMap { row in
            let item = try row.decode(column: "item_id", as: UUID.self)
            guard let section = sectionOf[item],
                  let state = ReviewState(rawValue: try row.decode(column: "to_state", as: String.self)) else { return nil }
            let kind = ReviewedItemKind(itemType: try row.decode(column: "item_type", as: String.self), section: section)
            guard counted.contains(kind) else { return nil }
            return ItemEventRow(participation: try row.decode(column: "participation_id", as: UUID.self), item: item,
                                kind: kind, state: state, at: try row.decode(column: "at", as: Date.self))
        }
    }

    /// The roadmap section a monitoring report of a stage sits in.
    static func monitoringSection(stage: Int) -> String {
        (stage == 2 ? DocumentSection.monitoring2 : DocumentSection.monitoring1).rawValue
    }

    // MARK: keeping the rollup

    /// Recomputes the rows of the given participations.
    static func refresh(_ ids: [UUID], on db: Database) async throws {
        // A reader must never see a participation's rows deleted and not yet inserted again.
        guard db.inTransaction else {
            return try await db.transaction { try await refresh(ids, on: $0) }
        }
        guard let sql = db as? SQLDatabase, !ids.isEmpty else { return }
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            let batch = Array(ids[start..<min(start + batchSize, ids.count)])
            let histories = try await histories(of: batch, on: db)
            try await sql.delete(from: table).where("participation_id", .in, batch).run()
            try await insert(histories, on: sql)
        }
        try await bumpVersion(on: sql)
    }

    /// In the writer's transaction, so a reader that sees the old version also sees the old rows.
    static func bumpVersion(on sql: SQLDatabase) async throws {
        try await sql.update(versionTable).set("version", to: SQLRaw("version + 1")).where("id", .equal, 1).run()
    }

    /// Which database and which state of its rollup a reader sees; nil before the version table exists.
    struct Version: Hashable, Sendable {
        let epoch: UUID
        let number: Int64
    }

    static func version(on db: Database) async throws -> Version? {
        guard let sql = db as? SQLDatabase,
              let row = try await sql.select().columns("epoch", "version").from(versionTable).where("id", .equal, 1).first()
        else { return nil }
        return Version(epoch: try row.decode(column: "epoch", as: UUID.self),
                       number: try row.decode(column: "version", as: Int64.self))
    }

    /// Recomputes everything after bulk loads that bypass the models (`medk rebuild-indicators`).
    static func rebuildAll(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await fill(on: db)
        try await bumpVersion(on: sql)
    }

    /// Recomputes every row from the history; the migration that creates the table uses it before the
    /// version table exists.
    static func fill(on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await sql.delete(from: table).run()
        let ids = try await sql.select().column("id").from(Participation.schema).all().map { try $0.decode(column: "id", as: UUID.self) }
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            let batch = Array(ids[start..<min(start + batchSize, ids.count)])
            try await insert(try await histories(of: batch, on: db), on: sql)
        }
    }

    private static func insert(_ histories: [(Owner, SchoolHistory)], on sql: SQLDatabase) async throws {
        var rows: [[any SQLExpression]] = []
        for (owner, history) in histories {
            let spans = [(participating, [history.participation])]
                + InclusionIndicator.perSchool.map { ($0.rawValue, history.spans($0)) }
            for (indicator, list) in spans {
                for span in list {
                    rows.append([SQLBind(owner.participationID), SQLBind(owner.cycleID), SQLBind(owner.regionID),
                                 SQLBind(owner.municipalityID), SQLBind(owner.schoolID), SQLBind(indicator),
                                 SQLBind(span.from.iso), SQLBind(span.until?.iso)])
                }
            }
        }
        // Both databases cap the parameters of one statement (SQLite at 32766): 8 per row.
        for start in stride(from: 0, to: rows.count, by: 1000) {
            try await sql.insert(into: table)
                .columns("participation_id", "cycle_id", "region_id", "municipality_id", "school_id", "indicator",
                         "done_from", "done_until")
                .rows(Array(rows[start..<min(start + 1000, rows.count)]))
                .run()
        }
    }
}

extension InclusionFacts {
    /// The participations a bulk writer touched, recomputed once when it ends (`batching`).
    final class PendingRefresh: @unchecked Sendable {
        private let lock = NSLock()
        private var ids: Set<UUID> = []

        func insert(_ id: UUID) { lock.withLock { _ = ids.insert(id) } }
        var all: [UUID] { lock.withLock { ids.sorted { $0.uuidString < $1.uuidString } } }
    }

    @TaskLocal static var pending: PendingRefresh?

    /// Runs a bulk writer (the demo's generated year: thousands of rows) inside `db`'s transaction with each touched
    /// participation's rows recomputed once at its end rather than after every row. Readers see the same as with
    /// row-by-row writes: nothing until the transaction commits.
    static func batching(on db: Database, _ body: () async throws -> Void) async throws {
        precondition(db.inTransaction, "batching must run inside the writer's transaction")
        let pending = PendingRefresh()
        try await $pending.withValue(pending) { try await body() }
        try await refresh(pending.all, on: db)
    }
}

/// Keeps `inclusion_facts` exact: every model an indicator is computed from recomputes its participation's
/// rows when it is written, in the writer's transaction. Registered once for each of those models.
struct InclusionFactsMiddleware<M: Model>: AsyncModelMiddleware {
    let participation: @Sendable (M) -> UUID?

    func create(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await refresh(model, on: db)
    }

    func update(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        try await refresh(model, on: db)
    }

    func delete(model: M, force: Bool, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await refresh(model, on: db)
    }

    private func refresh(_ model: M, on db: Database) async throws {
        guard let id = participation(model) else { return }
        if let pending = InclusionFacts.pending {
            pending.insert(id)
        } else {
            try await InclusionFacts.refresh([id], on: db)
        }
    }
}

/// Bumps the version when a model a dashboard shows besides the rollup is written (a territory's or a school's
/// name, a territory's plan, its items and marks, a review move, a person, the visit rule), so what is kept in
/// memory is dropped.
struct TableVersionMiddleware<M: Model>: AsyncModelMiddleware {
    func create(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await bump(db)
    }

    func update(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        try await bump(db)
    }

    func delete(model: M, force: Bool, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await bump(db)
    }

    private func bump(_ db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        try await InclusionFacts.bumpVersion(on: sql)
    }
}

extension InclusionFacts {
    /// The models whose writes change an indicator table: the rollup's sources, and what the table shows besides.
    static func registerMiddleware(on databases: Databases) {
        databases.middleware.use(TableVersionMiddleware<Region>())
        databases.middleware.use(TableVersionMiddleware<Municipality>())
        databases.middleware.use(TableVersionMiddleware<School>())
        databases.middleware.use(TableVersionMiddleware<TerritoryRoadmapRecord>())
        databases.middleware.use(TableVersionMiddleware<RoadmapItemRecord>())
        databases.middleware.use(TableVersionMiddleware<RoadmapItemMark>())
        // What the curators' work shows besides: every review move (not only the counted ones), names, the rule.
        databases.middleware.use(TableVersionMiddleware<ReviewEvent>())
        databases.middleware.use(TableVersionMiddleware<User>())
        databases.middleware.use(TableVersionMiddleware<VisitRuleRecord>())
        databases.middleware.use(InclusionFactsMiddleware<Participation> { $0.id })
        databases.middleware.use(InclusionFactsMiddleware<CuratorAssignment> { $0.$participation.id })
        databases.middleware.use(InclusionFactsMiddleware<RiskProfileRecord> { $0.$participation.id })
        databases.middleware.use(InclusionFactsMiddleware<SeminarMark> { $0.$participation.id })
        databases.middleware.use(InclusionFactsMiddleware<VisitRecord> { $0.$participation.id })
        databases.middleware.use(InclusionFactsMiddleware<VerificationRecord> { $0.$participation.id })
        databases.middleware.use(InclusionFactsMiddleware<DirectionRecord> { $0.$participation.id })
        databases.middleware.use(InclusionFactsMiddleware<ReviewEvent> { model in
            InclusionIndicator.allCases.contains { $0.reviewedItems.contains { $0.itemType == model.itemType } }
                ? model.$participation.id : nil
        })
    }
}
