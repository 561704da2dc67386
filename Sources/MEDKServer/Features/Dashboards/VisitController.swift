import Fluent
import MEDKCore
import Plot
import Vapor

/// One of the curator's schools with where it stands on the visit rule.
struct VisitSchoolRow: Sendable {
    let school: School
    let participationID: UUID
    let assignedOn: CalendarDate
    let lastVisit: CalendarDate?
    let nextVisit: CalendarDate
    let overdue: Bool
}

/// A curator's schools against the cycle's visit rule, and the curator's own visits, newest first.
enum CuratorSchedule {
    struct Loaded: Sendable {
        let rule: VisitRule
        let rows: [VisitSchoolRow]
        let visits: [VisitRecord]
    }

    static func load(curator: UUID, today: CalendarDate, on db: Database) async throws -> Loaded {
        let schools = try await CuratorQueries.schools(of: curator, on: today, db: db)
        let rule: VisitRule = if let cycle = try await CycleQueries.current(on: db, today: today) {
            try await VisitRules.rule(of: cycle, on: db)
        } else {
            VisitRule(formingUntil: nil)
        }
        let visits = try await VisitRecord.query(on: db).filter(\.$curator.$id == curator)
            .sort(\.$visitedOn, .descending).sort(\.$recordedAt, .descending).all()
        let approved = try await VisitRules.conceptApproved(of: schools.map { $0.assignment.$participation.id }, by: today, on: db)
        let rows = schools.compactMap { entry -> VisitSchoolRow? in
            guard let assigned = CalendarDate(entry.assignment.startsOn) else { return nil }
            let participation = entry.assignment.$participation.id
            let last = visits.filter { $0.$participation.id == participation }.compactMap(\.day).filter { $0 <= today }.max()
            let next = rule.nextVisitDue(lastVisit: last, assignedOn: assigned, conceptApprovedOn: approved[participation])
            return VisitSchoolRow(school: entry.school, participationID: entry.assignment.$participation.id, assignedOn: assigned,
                                  lastVisit: last, nextVisit: next, overdue: today > next)
        }
        return Loaded(rule: rule, rows: rows, visits: visits)
    }
}

/// The curator's visits (seed 001, «Посещение школы»): its schools against the cycle's visit rule, the
/// form to log a visit, and its own visit calendar.
struct VisitController {
    typealias D = Strings.Dashboards

    func page(_ req: Request) async throws -> Response {
        let principal = try curator(req)
        return try await render(req, principal, form: [:], errors: [:], status: .ok)
    }

    func log(_ req: Request) async throws -> Response {
        let principal = try curator(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        switch try await Self.record(form, by: principal, req) {
        case .failure(let refusal): return try await render(req, principal, form: form, errors: refusal.errors, status: .unprocessableEntity)
        case .success: return req.redirect(to: SiteURL.visits.path, flash: Flash(kind: .success, text: D.visitSaved))
        }
    }

    struct Refusal: Error { let errors: [String: String] }

    /// A curator's visit to one of its schools, from the page's form or the API: every field checked, then written
    /// with its audit line in one transaction.
    static func record(_ form: [String: String], by principal: Principal, _ req: Request) async throws -> Result<VisitRecord, Refusal> {
        if let cycle = try await req.currentCycle(), cycle.status == .closed {
            throw Abort(.forbidden, reason: Strings.Cycles.archived(cycle))
        }
        let today = req.today
        var errors: [String: String] = [:]
        let schools = try await CuratorQueries.schools(of: principal.userID, on: today, db: req.db)
        let chosen = (form["school"] ?? "").trimmingCharacters(in: .whitespaces)
        let assignment = schools.first { $0.school.id?.uuidString == chosen }
        if chosen.isEmpty { errors["school"] = D.schoolRequired } else if assignment == nil { errors["school"] = D.notYourSchool }
        // The visit's day is judged where the school is: after midnight in Chita it is already tomorrow there.
        let localToday = assignment.map { $0.school.region.day(of: req.now) } ?? today
        let dateText = (form["visitedOn"] ?? "").trimmingCharacters(in: .whitespaces)
        let visited = dateText.isEmpty ? localToday : CalendarDate(dateText)
        if let visited {
            if visited > localToday { errors["visitedOn"] = D.futureVisit }
            else if let assignment, visited.iso < assignment.assignment.startsOn { errors["visitedOn"] = D.beforeAssignment }
        } else {
            errors["visitedOn"] = Strings.Schools.badDate
        }
        let format = VisitFormat(rawValue: form["format"] ?? "")
        if format == nil { errors["format"] = D.formatRequired }
        let text = { (key: String) in (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let purpose = text("purpose"), participants = text("participants"), outcome = text("outcome")
        if purpose.isEmpty { errors["purpose"] = D.purposeRequired }
        for (key, value) in [("purpose", purpose), ("participants", participants), ("outcome", outcome)] where value.count > 4000 {
            errors[key] = D.tooLong(4000)
        }
        guard errors.isEmpty, let assignment, let visited, let format else {
            return .failure(Refusal(errors: errors))
        }
        let now = req.now, school = assignment.school
        let recordedDay = school.region.day(of: now)
        let visit = VisitRecord()
        try await req.db.writeTransaction { db in
            visit.$participation.id = assignment.assignment.$participation.id
            visit.schoolID = school.id!
            visit.regionID = school.$region.id
            visit.municipalityID = school.$municipality.id
            visit.$curator.id = principal.userID
            visit.visitedOn = visited.iso
            visit.formatCode = format.rawValue
            visit.participants = participants
            visit.purpose = purpose
            visit.outcome = outcome
            visit.recordedAt = now
            visit.countsFrom = max(visited, recordedDay).iso
            try await visit.create(on: db)
            try await AuditLog.record(.visitLogged, by: principal.userID, object: "visit", id: visit.id,
                                      "\(school.fullName) — \(visited.russian), \(D.format(format))", at: now, on: db)
        }
        return .success(visit)
    }

    private func curator(_ req: Request) throws -> Principal {
        try req.authorizeAnywhere { $0.role == .curator }
    }

    private func render(_ req: Request, _ principal: Principal, form: [String: String], errors: [String: String],
                        status: HTTPStatus) async throws -> Response {
        let today = req.today
        let schedule = try await CuratorSchedule.load(curator: principal.userID, today: today, on: req.db)
        let (rule, visits, rows) = (schedule.rule, schedule.visits, schedule.rows)
        let names = Dictionary(rows.map { ($0.school.id!, $0.school.fullName) }) { a, _ in a }
        var otherNames: [UUID: String] = [:]
        let missing = Set(visits.map(\.schoolID)).subtracting(names.keys)
        if !missing.isEmpty {
            for school in try await School.query(on: req.db).filter(\.$id ~~ Array(missing)).all() { otherNames[school.id!] = school.fullName }
        }
        return VisitViews.page(PageContext(req), rule: rule, schools: rows, visits: visits,
                               schoolName: { names[$0] ?? otherNames[$0] ?? "" }, form: form, errors: errors, today: today,
                               status: status)
    }
}

enum VisitViews {
    typealias D = Strings.Dashboards

    static func page(_ page: PageContext, rule: VisitRule, schools: [VisitSchoolRow], visits: [VisitRecord],
                     schoolName: (UUID) -> String, form: [String: String], errors: [String: String], today: CalendarDate,
                     status: HTTPStatus) -> Response {
        let overdue = schools.filter(\.overdue).count
        let months = Dictionary(grouping: visits) { String($0.visitedOn.prefix(7)) }.sorted { $0.key > $1.key }
        return Layout.render(
            page, title: D.visitsTitle, crumbs: [Crumb(Strings.Home.title, .home), Crumb(D.visitsTitle)], status: status,
            .p(.class("rule"), .strong(.text(D.ruleTitle + ": ")), .text(D.rule(rule))),
            .if(overdue > 0, .p(.class("overdue-note"), .text(D.visitsOverdueCount(overdue)))),
            .h2(.text(D.mySchools)),
            Components.table([D.school, D.lastVisit, D.nextVisit], schools.map { row in
                [Components.cell(link: row.school.fullName, SiteURL.school(.value(row.school.id!)).path),
                 Components.cell(row.lastVisit?.russian ?? D.never),
                 .td(.class(row.overdue ? "overdue-note" : ""),
                     .text(row.nextVisit.russian + (row.overdue ? " — \(D.visitOverdue.lowercased())" : "")))]
            }),
            .h2(.text(D.logVisit)),
            Components.errorSummary(errors),
            .form(
                .method(.post), .action(SiteURL.visits.path), .class("visit-form"),
                Components.csrfField(page.csrf),
                Components.select(D.school, name: "school",
                                  options: [("", Strings.Common.none)] + schools.map { ($0.school.id!.uuidString, $0.school.fullName) },
                                  selected: form["school"], required: true, error: errors["school"]),
                Components.field(D.visitDate, name: "visitedOn", value: form["visitedOn"] ?? today.iso, type: "date", required: true,
                                 error: errors["visitedOn"]),
                Components.select(D.visitFormat, name: "format",
                                  options: [("", Strings.Common.none)] + VisitFormat.allCases.map { ($0.rawValue, D.format($0)) },
                                  selected: form["format"], required: true, error: errors["format"]),
                Components.field(D.participants, name: "participants", value: form["participants"] ?? "", hint: D.participantsHint,
                                 error: errors["participants"]),
                Components.field(D.purpose, name: "purpose", value: form["purpose"] ?? "", required: true, error: errors["purpose"]),
                Components.field(D.outcome, name: "outcome", value: form["outcome"] ?? "", error: errors["outcome"]),
                Components.submit(D.logVisit)
            ),
            .h2(.text(D.myVisits)),
            .if(visits.isEmpty, .p(.class("empty"), .text(D.noVisits))),
            .forEach(months) { month, list in
                .section(
                    .class("visit-month"),
                    .h3(.text(monthTitle(month))),
                    Components.table([D.visitDate, D.school, D.visitFormat, D.participants, D.purpose, D.outcome], list.map { visit in
                        [Components.cell(visit.day?.russian ?? visit.visitedOn), Components.cell(schoolName(visit.schoolID)),
                         Components.cell(visit.format.map(D.format) ?? visit.formatCode), Components.cell(visit.participants),
                         Components.cell(visit.purpose), Components.cell(visit.outcome)]
                    })
                )
            }
        )
    }

    private static func monthTitle(_ key: String) -> String {
        let names = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]
        let parts = key.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return key }
        return "\(names[month - 1]) \(parts[0])"
    }
}
