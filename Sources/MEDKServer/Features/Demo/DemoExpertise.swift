import Fluent
import Foundation
import MEDKCore

/// The demo's expertise (issue 15): a finished, published round in the archive year and a round under way in the
/// current one, written through the same actions the federal coordinator and the experts use. Found in place on a
/// second run.
enum DemoExpertise {
    static func seed(on db: Database, now: Date) async throws {
        guard try await ExpertiseRound.query(on: db).count() == 0,
              let federal = try await User.query(on: db).filter(\.$login == "federal").first(),
              let expert = try await User.query(on: db).filter(\.$login == "expert").first(),
              let second = try await User.query(on: db).filter(\.$login == "expert2").first() else { return }
        let today = CalendarDate(now, in: InclusionFacts.defaultZone)
        // Only beside the living year: the archive closed, the current year open after it.
        let cycles = try await Cycle.query(on: db).sort(\.$year).all()
        guard let archive = cycles.first(where: { $0.status == .closed }),
              let current = cycles.last(where: { $0.status == .open }), current.year > archive.year else { return }
        let federalID = try federal.requireID()
        let experts = [try expert.requireID(), try second.requireID()]

        // The archive: November's expertise, drawn, scored, accepted and published.
        let year = archive.year
        let finished = try await round(archive, "Экспертиза 15.11.\(year)", due: "\(year)-11-15", by: federalID,
                                       at: moment(year, 11, 1), on: db)
        _ = try await ExpertiseQueries.draw(finished, rule: .percent(50), seed: UInt64(year * 10_000 + 1115), by: federalID,
                                            at: moment(year, 11, 1), on: db)
        _ = try await ExpertiseQueries.assign(finished, limit: 10, secondShare: 25, by: federalID, at: moment(year, 11, 2), on: db)
        for sheet in try await ExpertiseQueries.sheets(round: finished.requireID(), on: db) {
            try await score(sheet, finished, submit: true, at: moment(year, 11, 10), on: db)
            try await ExpertiseSheetActions.decide(sheet, accept: true, comment: "", by: federalID, at: moment(year, 11, 12), on: db)
        }
        try await ExpertiseSheetActions.publish(finished, by: federalID, at: moment(year, 11, 20), on: db)

        // The current year: a round under way — the second expert has sent everything and half is accepted; the
        // demo expert has sent a few sheets and works on the rest.
        let due = today < CalendarDate(year: current.year, month: 6, day: 28)! ? "28.06" : "15.11"
        let dueISO = "\(current.year)-\(due.suffix(2))-\(due.prefix(2))"
        let started = min(now, CalendarDate(dueISO)!.adding(days: -20).start(in: InclusionFacts.defaultZone))
        let running = try await round(current, "Экспертиза \(due).\(current.year)", due: dueISO, by: federalID, at: started, on: db)
        _ = try await ExpertiseQueries.draw(running, rule: .percent(10), seed: UInt64(current.year * 10_000 + 1), by: federalID,
                                            at: started, on: db)
        _ = try await ExpertiseQueries.assign(running, limit: 40, secondShare: 20, by: federalID, at: started, on: db)
        let sheets = try await ExpertiseQueries.sheets(round: running.requireID(), on: db)
            .sorted { $0.participationID.uuidString < $1.participationID.uuidString }
        // Counted per expert, so every run has some of each state whatever order the random ids fall in.
        var seen: [UUID: Int] = [:]
        for sheet in sheets {
            let byDemoExpert = sheet.expertID == experts[0]
            let index = seen[sheet.expertID, default: 0]
            seen[sheet.expertID] = index + 1
            guard !byDemoExpert || index % 3 == 0 else { continue }
            try await score(sheet, running, submit: true, at: started.addingTimeInterval(5 * 86_400), on: db)
            if !byDemoExpert, index % 2 == 0 {
                try await ExpertiseSheetActions.decide(sheet, accept: true, comment: "", by: federalID,
                                                       at: started.addingTimeInterval(7 * 86_400), on: db)
            }
        }
    }

    private static func round(_ cycle: Cycle, _ title: String, due: String, by federal: UUID, at now: Date,
                              on db: Database) async throws -> ExpertiseRound {
        let round = try ExpertiseRound(cycleID: try cycle.requireID(), title: title, dueOn: CalendarDate(due)!, createdBy: federal, at: now)
        try await round.create(on: db)
        return round
    }

    /// Scores of a plausible school: mostly full marks, a gap or two with the expert's reason.
    private static func score(_ sheet: ExpertiseSheet, _ round: ExpertiseRound, submit: Bool, at now: Date, on db: Database) async throws {
        var random = SeededRandom(named: "\(sheet.participationID.uuidString)-\(sheet.isSecond)")
        let gaps = ["Связь с рисками школы показана не для всех задач.", "Не для всех показателей указано исходное значение.",
                    "У части мероприятий нет ответственных.", "Результаты мониторинга описаны без анализа причин.",
                    "Решения по итогам анализа не сформулированы."]
        let scores = round.rubric.map { criterion -> CriterionScore in
            let roll = random.unit()
            let value = roll < 0.6 ? criterion.maxScore : roll < 0.9 ? criterion.maxScore - 1 : 0
            return CriterionScore(key: criterion.key, score: value, comment: value < criterion.maxScore ? random.pick(gaps) : "")
        }
        let total = scores.compactMap(\.score).reduce(0, +)
        let conclusion = total >= 10 ? "Управленческий цикл в программе выстроен; замечания несущественны."
            : "Управленческий цикл выстроен частично: см. замечания по критериям."
        _ = try await ExpertiseSheetActions.save(sheet, round: round, scores: scores, conclusion: conclusion, submit: submit,
                                                 by: sheet.expertID, at: now, on: db)
    }

    private static func moment(_ year: Int, _ month: Int, _ day: Int) -> Date {
        LivingYearDemo.moment(CalendarDate(year: year, month: month, day: day)!, hour: 11)
    }
}
