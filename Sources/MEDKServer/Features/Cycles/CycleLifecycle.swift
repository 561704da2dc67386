import Fluent
import Foundation
import MEDKCore

/// A programme year's life, kept by the federal coordinator: the next cycle is copied from an earlier one as a
/// draft (its catalogue of risk factors, its control dates moved to the new year, its visit rule), its dates are
/// corrected while it is a draft, it is opened (current from its start date) and at the end closed. Each step is
/// checked whole and refused with a Russian sentence, writing nothing; each is in the audit journal.
enum CycleLifecycle {
    typealias C = Strings.Cycles

    /// Years a cycle may be given: the programme's, with room on both sides.
    static let years = 2000...2100

    struct Refusal: Error, Equatable {
        let problems: [String]
        init(_ problems: [String]) { self.problems = problems }
    }

    struct NewCycle: Sendable {
        var year: String = "", title: String = "", source: String = "", startsOn: String = "", endsOn: String = ""
    }

    /// A draft copy of `form.source`, its control dates moved by the difference of years.
    static func copy(_ form: NewCycle, by user: UUID, at now: Date, on db: Database) async throws -> Cycle {
        var problems: [String] = []
        let year = Int(form.year.trimmingCharacters(in: .whitespaces)).flatMap { years.contains($0) ? $0 : nil }
        if year == nil { problems.append(C.badYear) }
        let title = form.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { problems.append(C.titleRequired) }
        var source: Cycle?
        if let id = UUID(uuidString: form.source) { source = try await Cycle.find(id, on: db) }
        if source == nil { problems.append(C.sourceRequired) } else if source?.status == .draft { problems.append(C.sourceIsDraft) }
        let starts = CalendarDate(form.startsOn), ends = CalendarDate(form.endsOn)
        if starts == nil || ends == nil { problems.append(C.datesRequired) }
        if let year, let starts, let ends {
            if starts.year != year || ends.year != year { problems.append(C.datesOutsideYear(year)) }
            else if ends < starts { problems.append(C.endBeforeStart) }
        }
        guard problems.isEmpty, let year, let source, let starts, let ends else { throw Refusal(problems) }
        let shift = year - source.year
        return try await db.writeTransaction { db in
            if try await Cycle.query(on: db).filter(\.$year == year).count() > 0 { throw Refusal([C.yearTaken(year)]) }
            let cycle = Cycle(year: year, title: title, status: .draft, startsOn: starts, endsOn: ends, copiedFrom: source.id)
            try await cycle.create(on: db)
            let id = try cycle.requireID(), sourceID = try source.requireID()
            for factor in try await CycleRiskFactor.query(on: db).filter(\.$cycle.$id == sourceID).all() {
                try await CycleRiskFactor(cycleID: id, number: factor.number, title: factor.title).create(on: db)
            }
            for date in try await CycleControlDate.query(on: db).filter(\.$cycle.$id == sourceID).all() {
                let copy = CycleControlDate()
                copy.$cycle.id = id
                // A date that would leave the supported years stays as it was, to be corrected in the draft.
                copy.dateText = date.date?.shifted(years: shift)?.iso ?? date.dateText
                copy.event = date.event
                copy.details = date.details
                copy.indicator = date.indicator
                copy.kind = date.kind
                try await copy.create(on: db)
            }
            if let rule = try await VisitRuleRecord.query(on: db).filter(\.$cycle.$id == sourceID).first() {
                let copy = VisitRuleRecord()
                copy.$cycle.id = id
                copy.formingWeeks = rule.formingWeeks
                copy.carryingWeeks = rule.carryingWeeks
                copy.updatedBy = user
                copy.updatedAt = now
                try await copy.create(on: db)
            }
            try await AuditLog.record(.cycleCreated, by: user, object: "cycle", id: id, C.createdSummary(cycle, from: source),
                                      at: now, on: db)
            return cycle
        }
    }

    /// New dates for a draft's control dates (field `d-<id>` → "yyyy-MM-dd"), each inside the cycle's own dates.
    static func saveDates(_ fields: [String: String], of cycle: Cycle, by user: UUID, at now: Date, on db: Database) async throws {
        guard cycle.status == .draft else { throw Refusal([C.notDraft]) }
        let dates = try await CycleControlDate.query(on: db).filter(\.$cycle.$id == cycle.requireID()).sort(\.$dateText).all()
        var problems: [String] = [], changed: [(CycleControlDate, CalendarDate)] = []
        for date in dates {
            guard let text = fields["d-\(date.id!)"] else { continue }
            guard let day = CalendarDate(text) else { problems.append(C.badDate(date.event)); continue }
            guard cycle.starts <= day, day <= cycle.ends else { problems.append(C.dateOutsideCycle(date.event, cycle)); continue }
            if day.iso != date.dateText { changed.append((date, day)) }
        }
        var reminderDays = cycle.reminderDaysText
        if let text = fields["reminderDays"] {
            guard let days = Self.reminderDays(text) else { throw Refusal(problems + [C.badReminderDays]) }
            reminderDays = days.map(String.init).joined(separator: ",")
        }
        guard problems.isEmpty else { throw Refusal(problems) }
        guard !changed.isEmpty || reminderDays != cycle.reminderDaysText else { return }
        let changes = changed, days = reminderDays
        try await db.writeTransaction { db in
            // Checked again inside the write: a cycle opened meanwhile keeps its dates.
            guard let fresh = try await Cycle.find(cycle.requireID(), on: db), fresh.status == .draft else { throw Refusal([C.notDraft]) }
            for (date, day) in changes {
                date.dateText = day.iso
                try await date.save(on: db)
            }
            fresh.reminderDaysText = days
            try await fresh.save(on: db)
            try await AuditLog.record(.cycleChanged, by: user, object: "cycle", id: cycle.id,
                                      C.datesChangedSummary(cycle, changes.map { ($0.0.event, $0.1) }), at: now, on: db)
        }
        ControlDatesCache.shared.forget(cycle.id!)
    }

    /// «7, 1» → [7, 1]: up to five whole days between 1 and 60; nil for anything else.
    static func reminderDays(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let days = parts.compactMap { Int($0) }
        guard !parts.isEmpty, parts.count <= 5, days.count == parts.count, days.allSatisfy({ (1...60).contains($0) }) else { return nil }
        return Array(Set(days)).sorted(by: >)
    }

    /// A draft becomes open, current from its start date; refused while its dates overlap another open cycle's.
    static func open(_ cycle: Cycle, by user: UUID, at now: Date, on db: Database) async throws {
        try await db.writeTransaction { db in
            guard let fresh = try await Cycle.find(cycle.requireID(), on: db), fresh.status == .draft else { throw Refusal([C.notDraft]) }
            let others = try await Cycle.query(on: db).filter(\.$statusCode == CycleStatus.open.rawValue).all()
            if let other = others.first(where: { $0.starts <= fresh.ends && fresh.starts <= $0.ends }) {
                throw Refusal([C.overlaps(other)])
            }
            fresh.statusCode = CycleStatus.open.rawValue
            try await fresh.save(on: db)
            try await AuditLog.record(.cycleOpened, by: user, object: "cycle", id: fresh.id, C.openedSummary(fresh), at: now, on: db)
        }
        ControlDatesCache.shared.forget(cycle.id!)
    }

    /// An open cycle becomes a read-only archive.
    static func close(_ cycle: Cycle, by user: UUID, at now: Date, on db: Database) async throws {
        try await db.writeTransaction { db in
            guard let fresh = try await Cycle.find(cycle.requireID(), on: db), fresh.status == .open else { throw Refusal([C.notOpen]) }
            fresh.statusCode = CycleStatus.closed.rawValue
            try await fresh.save(on: db)
            try await AuditLog.record(.cycleClosed, by: user, object: "cycle", id: fresh.id, C.closedSummary(fresh), at: now, on: db)
        }
    }

    /// The schools of the source cycle in `regions`, carried into `cycle` from its start (with their curators, if
    /// asked): those already in it stay as they are. Returns how many schools and assignments were added.
    @discardableResult
    static func carryOver(regions: Set<UUID>, withCurators: Bool, into cycle: Cycle, by user: UUID, at now: Date,
                          on db: Database) async throws -> (schools: Int, curators: Int) {
        guard cycle.status != .closed else { throw Refusal([C.archived(cycle)]) }
        guard let sourceID = cycle.copiedFrom else { throw Refusal([C.noSource]) }
        guard !regions.isEmpty else { throw Refusal([C.regionsRequired]) }
        let targetID = try cycle.requireID(), starts = cycle.starts
        return try await db.writeTransaction { db in
            let source = try await Participation.query(on: db).filter(\.$cycle.$id == sourceID)
                .join(School.self, on: \Participation.$school.$id == \School.$id).filter(School.self, \.$region.$id ~~ Array(regions)).all()
            let joined = try await join(source.map(\.$school.id), cycle: targetID, on: starts, db: db)
            var curators = 0
            let assignments = withCurators
                ? Dictionary(grouping: try await CuratorAssignment.query(on: db).filter(\.$participation.$id ~~ source.map { $0.id! })
                    .filter(\.$endsOn == nil).all(), by: \.$participation.id)
                : [:]
            for old in source {
                guard let participation = joined[old.$school.id] else { continue }
                for assignment in assignments[old.id!] ?? [] {
                    try await CuratorAssignment(curatorID: assignment.$curator.id, participationID: participation.id!, startsOn: starts)
                        .create(on: db)
                    curators += 1
                }
            }
            try await AuditLog.record(.cycleSchoolsCarried, by: user, object: "cycle", id: targetID,
                                      C.carriedSummary(cycle, schools: joined.count, curators: curators), at: now, on: db)
            return (joined.count, curators)
        }
    }

    /// Schools named in an import become participants of `cycle` (from its start, or from today once it runs); those
    /// already in it are left as they are. All in one write.
    @discardableResult
    static func include(_ schools: [UUID], into cycle: Cycle, today: CalendarDate, by user: UUID, at now: Date,
                        on db: Database) async throws -> (added: Int, present: Int) {
        guard cycle.status != .closed else { throw Refusal([C.archived(cycle)]) }
        let targetID = try cycle.requireID(), joined = max(cycle.starts, min(today, cycle.ends))
        return try await db.writeTransaction { db in
            let added = try await join(schools, cycle: targetID, on: joined, db: db).count
            try await AuditLog.record(.cycleSchoolsCarried, by: user, object: "cycle", id: targetID,
                                      C.includedSummary(cycle, added: added), at: now, on: db)
            return (added, schools.count - added)
        }
    }

    /// Participations in `cycle` from `day` for those of `schools` not yet in it (inside the caller's write), by school.
    private static func join(_ schools: [UUID], cycle: UUID, on day: CalendarDate, db: Database) async throws -> [UUID: Participation] {
        let present = Set(try await Participation.query(on: db).filter(\.$cycle.$id == cycle).all(\.$school.$id))
        var joined: [UUID: Participation] = [:]
        for school in schools where !present.contains(school) && joined[school] == nil {
            let participation = Participation(schoolID: school, cycleID: cycle, joinedOn: day)
            try await participation.create(on: db)
            joined[school] = participation
        }
        return joined
    }
}
