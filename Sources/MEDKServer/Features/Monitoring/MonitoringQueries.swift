import Foundation
import Fluent
import MEDKCore

enum InstrumentQueries {
    /// Installs seed 003's instruments, or brings their definitions up to this version; a second run changes nothing.
    static func installBuiltIns(on db: Database) async throws {
        for instrument in Instrument.builtIn {
            if let record = try await InstrumentRecord.query(on: db).filter(\.$code == instrument.id).first() {
                let definition = try InstrumentJSON.encode(instrument)
                guard record.isBuiltIn, record.definition != definition else { continue }
                try record.set(instrument)
                try await record.save(on: db)
            } else {
                try await InstrumentRecord(instrument, builtIn: true, owner: nil, createdBy: nil, at: Date()).create(on: db)
            }
        }
    }

    /// The built-ins first, then the instruments of the territories the actor may read.
    static func visible(to actor: Actor, on db: Database) async throws -> [InstrumentRecord] {
        let all = try await InstrumentRecord.query(on: db).sort(\.$isBuiltIn, .descending).sort(\.$createdAt).all()
        return all.filter { record in record.owner.map { Policy.can(actor, .viewTerritoryPlans, $0) } ?? true }
    }

    static func find(_ id: UUID, on db: Database) async throws -> InstrumentRecord? {
        try await InstrumentRecord.find(id, on: db)
    }

    static func find(code: String, on db: Database) async throws -> InstrumentRecord? {
        try await InstrumentRecord.query(on: db).filter(\.$code == code).first()
    }
}

/// One subject's line of a monitoring: its latest values, their evaluation, and last period's.
struct MonitoringResultRow: Sendable {
    let subject: MonitoringSubject
    let submission: MonitoringSubmission?
    let evaluation: Evaluation?
    /// The previous period: as entered beside the current one (student results), else the same subject in the
    /// previous monitoring of the same instrument and territory (`MonitoringQueries.matchKey`).
    let previous: Evaluation?
    /// The same subject's latest values in the previous monitoring, to offer as the previous period.
    var earlierValues: InstrumentSubmission? = nil

    var dynamics: Dynamics? {
        guard let evaluation, let previous else { return nil }
        return evaluation.compare(previous)
    }
}

/// A value the form offers from data the system already holds, with the note saying where it came from.
struct PlanSuggestion: Sendable {
    let field: String
    let value: String
    let note: String
}

enum MonitoringQueries {
    /// Monitorings the actor may read, the latest period first.
    static func runs(visibleTo actor: Actor, on db: Database) async throws -> [MonitoringRun] {
        let query = MonitoringRun.query(on: db).with(\.$instrumentRecord).with(\.$region).with(\.$municipality)
        if let regionID = actor.scope.regionID { query.filter(\.$region.$id == regionID) }
        let runs = try await query.sort(\.$startsOn, .descending).sort(\.$openedAt, .descending).limit(500).all()
        return runs.filter { Policy.can(actor, .viewTerritoryPlans, $0.place) }
    }

    static func run(_ id: UUID, on db: Database) async throws -> MonitoringRun? {
        try await MonitoringRun.query(on: db).filter(\.$id == id).with(\.$instrumentRecord).first()
    }

    static func subject(_ id: UUID, on db: Database) async throws -> MonitoringSubject? {
        try await MonitoringSubject.query(on: db).filter(\.$id == id).with(\.$run) { $0.with(\.$instrumentRecord) }.first()
    }

    static func subjects(of runID: UUID, on db: Database) async throws -> [MonitoringSubject] {
        try await MonitoringSubject.query(on: db).filter(\.$run.$id == runID).sort(\.$createdAt).sort(\.$name).all()
    }

    /// The latest submission of each subject of a run.
    static func latestSubmissions(of runID: UUID, on db: Database) async throws -> [UUID: MonitoringSubmission] {
        let all = try await MonitoringSubmission.query(on: db).filter(\.$run.$id == runID)
            .sort(\.$submittedAt).sort(\.$id).all()
        var latest: [UUID: MonitoringSubmission] = [:]
        for submission in all { latest[submission.$subject.id] = submission }
        return latest
    }

    static func submissions(of subjectID: UUID, on db: Database) async throws -> [MonitoringSubmission] {
        try await MonitoringSubmission.query(on: db).filter(\.$subject.$id == subjectID).sort(\.$submittedAt).sort(\.$id).all()
    }

    /// The monitoring of the same instrument and territory for the period before this one.
    static func previousRun(of run: MonitoringRun, on db: Database) async throws -> MonitoringRun? {
        let query = MonitoringRun.query(on: db).filter(\.$instrumentRecord.$id == run.$instrumentRecord.id)
            .filter(\.$region.$id == run.$region.id).filter(\.$startsOn < run.startsOn)
        if let municipalityID = run.$municipality.id {
            query.filter(\.$municipality.$id == municipalityID)
        } else {
            query.filter(\.$municipality.$id == nil)
        }
        return try await query.sort(\.$startsOn, .descending).sort(\.$openedAt, .descending).first()
    }

    /// The same subject in another period: a school by its id (a renamed school keeps its history), a teacher by name
    /// at the same school, anything else by name.
    static func matchKey(_ subject: MonitoringSubject) -> String {
        switch (SubjectKind(rawValue: subject.kind), subject.schoolID) {
        case (.school?, let school?): "school:\(school.uuidString)"
        case (.teacher?, let school?): "teacher:\(school.uuidString):\(subject.nameKey)"
        default: subject.nameKey
        }
    }

    /// Every subject of the run with its result and last period's result for the same subject; schools under the
    /// name they have now.
    static func results(of run: MonitoringRun, on db: Database) async throws -> (rows: [MonitoringResultRow], previous: MonitoringRun?) {
        let subjects = try await subjects(of: run.id!, on: db)
        try await nameSchoolsAsNow(subjects, on: db)
        let latest = try await latestSubmissions(of: run.id!, on: db)
        let previousRun = try await previousRun(of: run, on: db)
        var before: [String: (InstrumentSubmission, Evaluation?)] = [:]
        if let previousRun, let old = previousRun.instrument {
            let oldLatest = try await latestSubmissions(of: previousRun.id!, on: db)
            for subject in try await self.subjects(of: previousRun.id!, on: db) {
                if let values = oldLatest[subject.id!]?.submission { before[matchKey(subject)] = (values, try? old.evaluate(values)) }
            }
        }
        let rows = subjects.map { subject in row(subject, run: run, submission: latest[subject.id!], earlier: before[matchKey(subject)]) }
        return (rows, previousRun)
    }

    /// Methodological work's «Выполнение Дорожной карты» (h) read from the territory's own plans-schedules as of the
    /// monitoring's last day (or today, if earlier): «да» only when every item due by then is done. The form offers it
    /// and says where it came from; the coordinator may change it.
    static func planSuggestion(for run: MonitoringRun, instrument: Instrument, today: CalendarDate,
                               on db: Database) async throws -> PlanSuggestion? {
        guard instrument.id == Instrument.methodologicalWork.id,
              let index = instrument.indicators.firstIndex(where: { $0.code == "h" }),
              let ends = CalendarDate(run.endsOn) else { return nil }
        let day = min(today, ends)
        var figure = RoadmapFigure()
        for roadmap in try await TerritoryRoadmapQueries.roadmaps(of: run.place, on: db) where roadmap.cycleYear == day.year {
            figure = figure + RoadmapFigure(try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: day, on: db))
        }
        let tally = figure.shown
        let done = tally.total > 0 && tally.done == tally.total
        return PlanSuggestion(field: MonitoringForm.field(index), value: done ? "1" : "0",
                              note: Strings.Monitoring.planSuggestion(tally, day: day, done: done))
    }

    /// One subject's line, for its own page.
    static func result(of subject: MonitoringSubject, in run: MonitoringRun, on db: Database) async throws -> MonitoringResultRow {
        try await nameSchoolsAsNow([subject], on: db)
        let submission = try await submissions(of: subject.id!, on: db).last
        var earlier: (InstrumentSubmission, Evaluation?)?
        if let previousRun = try await previousRun(of: run, on: db), let old = previousRun.instrument {
            let key = matchKey(subject)
            if let oldSubject = try await self.subjects(of: previousRun.id!, on: db).first(where: { matchKey($0) == key }),
               let values = try await submissions(of: oldSubject.id!, on: db).last?.submission {
                earlier = (values, try? old.evaluate(values))
            }
        }
        return row(subject, run: run, submission: submission, earlier: earlier)
    }

    private static func row(_ subject: MonitoringSubject, run: MonitoringRun, submission: MonitoringSubmission?,
                            earlier: (values: InstrumentSubmission, evaluation: Evaluation?)?) -> MonitoringResultRow {
        let instrument = run.instrument
        let entered = submission?.previousSubmission.flatMap { try? instrument?.withOptionalIndicators.evaluate($0) }
        return MonitoringResultRow(subject: subject, submission: submission,
                                   evaluation: submission?.submission.flatMap { try? instrument?.evaluate($0) },
                                   previous: entered ?? earlier?.evaluation, earlierValues: earlier?.values)
    }

    /// A school's subject shows the school's name as it is now; the stored name is the one it had when added.
    private static func nameSchoolsAsNow(_ subjects: [MonitoringSubject], on db: Database) async throws {
        let ids = Set(subjects.compactMap(\.schoolID))
        guard !ids.isEmpty else { return }
        let names = Dictionary(uniqueKeysWithValues: try await School.query(on: db).filter(\.$id ~~ Array(ids)).all().map { ($0.id!, $0.fullName) })
        for subject in subjects where subject.kind == SubjectKind.school.rawValue {
            if let id = subject.schoolID, let name = names[id] { subject.name = name }
        }
    }

    static func isIn(_ school: School, _ place: Place) -> Bool {
        place.municipalityID.map { $0 == school.$municipality.id } ?? (school.$region.id == place.regionID)
    }

    /// The schools a monitoring of the place may name: the municipality's, or the region's.
    static func schools(in place: Place, on db: Database) async throws -> [School] {
        let query = School.query(on: db)
        if let municipality = place.municipalityID { query.filter(\.$municipality.$id == municipality) }
        else if let region = place.regionID { query.filter(\.$region.$id == region) }
        return try await query.sort(\.$fullName).all()
    }
}

/// Seed 003's teacher reports of one monitoring: levels by subject and by school, groups of teachers of one subject at
/// one level (to plan their courses), and each teacher's move since the previous monitoring.
struct TeacherReport: Sendable {
    let bySubject: [(subject: String, counts: TeacherLevels.Counts)]
    let bySchool: [(schoolID: UUID, school: String, counts: TeacherLevels.Counts)]
    let groups: [TeacherLevels.Group]
    let schoolGroups: [TeacherLevels.Group]
    let changes: [TeacherLevels.Change]
    let moves: [TeacherLevels.Move: Int]
    /// Teachers with the methodologist's conclusions, worst level first.
    let deficits: [(teacher: TeacherLevels.Teacher, conclusions: TeacherConclusions)]
}

extension MonitoringQueries {
    /// A teacher whose school is unknown (a monitoring from before schools were named) is counted under no school.
    private static let noSchool = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    static func teachers(_ rows: [MonitoringResultRow], instrument: Instrument, previous: MonitoringRun?,
                         on db: Database) async throws -> TeacherReport {
        let levels = instrument.bands.count
        var earlierRows: [MonitoringResultRow] = []
        if let previous { earlierRows = try await results(of: previous, on: db).rows }
        let schoolIDs = Set((rows + earlierRows).compactMap(\.subject.schoolID))
        let schools = Dictionary(uniqueKeysWithValues: try await School.query(on: db).filter(\.$id ~~ Array(schoolIDs))
            .with(\.$municipality).all().map { ($0.id!, $0) })
        // A teacher of the previous monitoring takes the id of the same teacher now, so the two are one person.
        let now = Dictionary(rows.map { (matchKey($0.subject), $0.subject.id!) }, uniquingKeysWith: { first, _ in first })
        func teacher(_ row: MonitoringResultRow, id: UUID) -> TeacherLevels.Teacher {
            let school = row.subject.schoolID.flatMap { schools[$0] }
            return .init(id: id, name: row.subject.name, subject: row.subject.partI?.subject ?? "",
                         schoolID: school?.id ?? noSchool, school: school?.fullName ?? "",
                         municipalityID: school?.$municipality.id ?? noSchool, municipality: school?.municipality.name ?? "",
                         level: row.evaluation?.bandIndex)
        }
        let current = rows.map { teacher($0, id: $0.subject.id!) }
        let before = earlierRows.map { teacher($0, id: now[matchKey($0.subject)] ?? $0.subject.id!) }
        let changes = TeacherLevels.dynamics(current: current, previous: before)
        let deficits = zip(rows, current).compactMap { row, teacher in
            row.subject.partI?.conclusions.flatMap { $0.isEmpty ? nil : (teacher: teacher, conclusions: $0) }
        }.sorted { ($0.teacher.level ?? Int.max, $0.teacher.name) < ($1.teacher.level ?? Int.max, $1.teacher.name) }
        return TeacherReport(bySubject: TeacherLevels.bySubject(current, levelCount: levels),
                             bySchool: TeacherLevels.bySchool(current, levelCount: levels),
                             groups: TeacherLevels.groups(current, bySchool: false),
                             schoolGroups: TeacherLevels.groups(current, bySchool: true),
                             changes: changes, moves: TeacherLevels.summary(changes), deficits: deficits)
    }
}
