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
    /// The same subject (by name) in the previous monitoring of the same instrument and territory.
    let previous: Evaluation?

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

    static func findSubject(named name: String, in runID: UUID, on db: Database) async throws -> MonitoringSubject? {
        try await MonitoringSubject.query(on: db).filter(\.$run.$id == runID)
            .filter(\.$nameKey == ImportTable.nameKey(name)).first()
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

    /// Every subject of the run with its result and last period's result for the same name.
    static func results(of run: MonitoringRun, on db: Database) async throws -> (rows: [MonitoringResultRow], previous: MonitoringRun?) {
        let instrument = run.instrument
        let subjects = try await subjects(of: run.id!, on: db)
        let latest = try await latestSubmissions(of: run.id!, on: db)
        let previousRun = try await previousRun(of: run, on: db)
        var before: [String: Evaluation] = [:]
        if let previousRun, let old = previousRun.instrument {
            let oldSubjects = try await self.subjects(of: previousRun.id!, on: db)
            let oldLatest = try await latestSubmissions(of: previousRun.id!, on: db)
            for subject in oldSubjects {
                if let evaluation = oldLatest[subject.id!]?.submission.flatMap({ try? old.evaluate($0) }) {
                    before[subject.nameKey] = evaluation
                }
            }
        }
        let rows = subjects.map { subject in
            let submission = latest[subject.id!]
            return MonitoringResultRow(subject: subject, submission: submission,
                                       evaluation: submission?.submission.flatMap { try? instrument?.evaluate($0) },
                                       previous: before[subject.nameKey])
        }
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
        let submission = try await submissions(of: subject.id!, on: db).last
        var previous: Evaluation?
        if let previousRun = try await previousRun(of: run, on: db), let old = previousRun.instrument,
           let oldSubject = try await findSubject(named: subject.name, in: previousRun.id!, on: db),
           let oldSubmission = try await submissions(of: oldSubject.id!, on: db).last?.submission {
            previous = try? old.evaluate(oldSubmission)
        }
        return MonitoringResultRow(subject: subject, submission: submission,
                                   evaluation: submission?.submission.flatMap { try? run.instrument?.evaluate($0) },
                                   previous: previous)
    }
}
