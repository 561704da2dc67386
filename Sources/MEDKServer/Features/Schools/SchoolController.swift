import Fluent
import MEDKCore
import Vapor

struct SchoolController {
    /// The coordinators' list: schools of their territory, filterable by municipality, searchable by name.
    func list(_ req: Request) async throws -> Response { try await list(req, attention: nil) }

    /// The schools of the territory; on a coordinator's home, under what needs attention.
    func list(_ req: Request, attention: [Attention.Item]?) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.role.isCoordinator || $0.role == .admin }
        let scope = principal.actor.scope
        var filter = SchoolFilter()
        filter.regionID = try? req.query.get(UUID.self, at: "region")
        filter.municipalityID = try? req.query.get(UUID.self, at: "municipality")
        filter.search = req.searchText
        filter.page = req.pageNumber
        let cycle = try await req.currentCycle()
        let result = try await SchoolQueries.list(within: scope, filter: filter, cycleID: cycle?.id, today: req.today,
                                                  on: req.db)
        let municipalities = try await TerritoryQueries.municipalities(within: scope, on: req.db)
        let regions = scope.regionID == nil ? try await TerritoryQueries.regions(on: req.db) : []
        return SchoolViews.list(PageContext(req), SchoolListPage(
            rows: result.rows, total: result.total, filter: filter, regions: regions,
            municipalities: municipalities.filter { filter.regionID == nil || $0.$region.id == filter.regionID },
            canCreate: principal.can(.manageSchool, scope), attention: attention))
    }

    func show(_ req: Request) async throws -> Response {
        let school = try await findSchool(req)
        let principal = try req.authorize(.viewSchool, school.place)
        // Another year is opened by the link on the page (`?cycle=2021`); an unknown one shows the running year.
        let asked = try? req.query.get(Int.self, at: "cycle")
        let year = asked == nil ? nil : try await req.shownCycles().first { $0.year == asked }
        let page = try await SchoolPage.load(school, for: principal, today: req.today, year: year, on: req.db)
        return SchoolViews.card(PageContext(req), page, asHome: false)
    }

    // MARK: creating a school

    struct SchoolForm: Content {
        var fullName: String?
        var shortName: String?
        var address: String?
        var locality: String?
        var code: String?
        var municipality: String?
        var participates: String?
    }

    func newForm(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageSchool, $0.actor.scope) }
        let municipalities = try await TerritoryQueries.municipalities(within: principal.actor.scope, on: req.db)
        return SchoolViews.form(PageContext(req), form: SchoolForm(participates: "on"), municipalities: municipalities,
                                errors: [:])
    }

    func create(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(SchoolForm.self)
        let municipalities = try await TerritoryQueries.municipalities(within: principal.actor.scope, on: req.db)
        let fullName = form.fullName.trimmed
        let shortName = form.shortName.trimmed
        let code = form.code.trimmed
        var errors: [String: String] = [:]
        if fullName.isEmpty { errors["fullName"] = Strings.Schools.nameRequired }
        if fullName.count > 500 || shortName.count > 200 || code.count > 32 || form.address.trimmed.count > 500 {
            errors["fullName"] = errors["fullName"] ?? Strings.Schools.tooLong
        }
        let municipality = municipalities.first { $0.id == form.municipality.uuid }
        if municipality == nil { errors["municipality"] = Strings.Schools.municipalityRequired }
        if let municipality, !principal.can(.manageSchool, municipality.place) { throw Abort(.notFound) }
        if !code.isEmpty, try await School.query(on: req.db).filter(\.$code == code).first() != nil {
            errors["code"] = Strings.Schools.codeTaken
        }
        if let municipality, !fullName.isEmpty,
           try await School.query(on: req.db).filter(\.$municipality.$id == municipality.id!)
               .filter(\.$fullName == fullName).first() != nil {
            errors["fullName"] = Strings.Schools.duplicate
        }
        guard errors.isEmpty, let municipality else {
            return SchoolViews.form(PageContext(req), form: form, municipalities: municipalities, errors: errors,
                                    status: .unprocessableEntity)
        }
        let school = School(municipalityID: municipality.id!, regionID: municipality.$region.id, fullName: fullName,
                            shortName: shortName.isEmpty ? fullName : shortName, address: form.address.trimmed,
                            isRural: form.locality == "rural", code: code.isEmpty ? nil : code)
        let now = req.now, today = req.today
        try await req.db.writeTransaction { db in
            try await school.create(on: db)
            try await AuditLog.record(.schoolCreated, by: principal.userID, object: "school", id: school.id,
                                      "\(school.fullName) (\(municipality.name))", at: now, on: db)
            if form.participates != nil { try await Self.include(school, today: today, by: principal, at: now, on: db) }
        }
        return req.redirect(to: .school(.value(school.id!)), success: Strings.Schools.created)
    }

    func includeInCycle(_ req: Request) async throws -> Response {
        let school = try await findSchool(req)
        let principal = try req.authorize(.manageSchool, school.place)
        if let cycle = try await req.currentCycle(), cycle.status == .closed {
            throw Abort(.forbidden, reason: Strings.Cycles.archived(cycle))
        }
        let now = req.now, today = req.today
        try await req.db.writeTransaction(idempotent: true) { db in
            try await Self.include(school, today: today, by: principal, at: now, on: db)
        }
        return req.redirect(to: .school(.value(school.id!)), success: Strings.Schools.included)
    }

    /// Makes the school a participant of the current cycle; does nothing if it already is one.
    static func include(_ school: School, today: CalendarDate, by principal: Principal?, at now: Date,
                        on db: Database) async throws {
        guard let cycle = try await CycleQueries.current(on: db, today: today), let cycleID = cycle.id, let schoolID = school.id,
              try await SchoolQueries.participation(school: schoolID, cycle: cycleID, on: db) == nil else { return }
        let participation = Participation(schoolID: schoolID, cycleID: cycleID, joinedOn: today)
        try await participation.create(on: db)
        try await AuditLog.record(.participationCreated, by: principal?.userID, object: "participation",
                                  id: participation.id, "\(school.fullName): \(cycle.title)", at: now, on: db)
    }

    // MARK: curators

    struct AssignForm: Content {
        var curator: String?
        var startsOn: String?
    }

    func assignCurator(_ req: Request) async throws -> Response {
        let school = try await findSchool(req)
        let principal = try req.authorize(.assignCurator, school.place)
        let form = try req.content.decode(AssignForm.self)
        let back = SiteURL.school(.value(school.id!)).path
        guard let cycle = try await req.currentCycle(),
              let participation = try await SchoolQueries.participation(school: school.id!, cycle: cycle.id!, on: req.db)
        else { return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Schools.notInCycle)) }
        try principal.authorize(.assignCurator, in: RoadmapContext(participation: participation, school: school, cycle: cycle))
        let pool = try await CuratorQueries.pool(region: school.$region.id, db: req.db)
        guard let curator = pool.first(where: { $0.id == form.curator.uuid }) else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Schools.curatorRequired))
        }
        let startText = form.startsOn.trimmed
        guard let startsOn = startText.isEmpty ? req.today : CalendarDate(startText) else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Schools.badDate))
        }
        let now = req.now
        // The overlap check sits inside the write (and a unique index keeps one open assignment per curator
        // and school), so two clicks at once give one assignment.
        let assigned = try await req.db.writeTransaction { db in
            let existing = try await SchoolQueries.assignments(of: participation.id!, on: db)
            if existing.contains(where: { $0.$curator.id == curator.id && ($0.endsOn.map { $0 >= startsOn.iso } ?? true) }) {
                return false
            }
            let assignment = CuratorAssignment(curatorID: curator.id!, participationID: participation.id!, startsOn: startsOn)
            try await assignment.create(on: db)
            try await AuditLog.record(.curatorAssigned, by: principal.userID, object: "curator_assignment",
                                      id: assignment.id, "\(curator.fullName) → \(school.fullName) с \(startsOn.russian)",
                                      at: now, on: db)
            try await Notifier.assignment(assignment, ended: false, by: principal.userID, at: now,
                                          mail: req.application.mailComposer, on: db)
            return true
        }
        guard assigned else { return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Schools.alreadyAssigned)) }
        return req.redirect(to: back, flash: Flash(kind: .success, text: Strings.Schools.assigned))
    }

    struct EndForm: Content {
        var endsOn: String?
    }

    func endAssignment(_ req: Request) async throws -> Response {
        let school = try await findSchool(req)
        let principal = try req.authorize(.assignCurator, school.place)
        let back = SiteURL.school(.value(school.id!)).path
        guard let id = req.parameters.get("assignmentID", as: UUID.self),
              let assignment = try await CuratorAssignment.query(on: req.db).filter(\.$id == id)
                  .with(\.$participation).with(\.$curator).first(),
              assignment.participation.$school.id == school.id else { throw Abort(.notFound) }
        if let roadmap = try await DocumentQueries.roadmap(ofParticipation: assignment.participation.id!, on: req.db) {
            try principal.authorize(.assignCurator, in: roadmap)
        }
        let form = try req.content.decode(EndForm.self)
        let text = form.endsOn.trimmed
        guard let endsOn = text.isEmpty ? req.today : CalendarDate(text) else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Schools.badDate))
        }
        guard endsOn.iso >= assignment.startsOn else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: Strings.Schools.endBeforeStart))
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            assignment.endsOn = endsOn.iso
            try await assignment.save(on: db)
            try await AuditLog.record(.curatorUnassigned, by: principal.userID, object: "curator_assignment",
                                      id: assignment.id, "\(assignment.curator.fullName) → \(school.fullName) по \(endsOn.russian)",
                                      at: now, on: db)
            try await Notifier.assignment(assignment, ended: true, by: principal.userID, at: now,
                                          mail: req.application.mailComposer, on: db)
        }
        return req.redirect(to: back, flash: Flash(kind: .success, text: Strings.Schools.unassigned))
    }

    private func findSchool(_ req: Request) async throws -> School {
        guard let id = req.parameters.get("schoolID", as: UUID.self),
              let school = try await SchoolQueries.find(id, on: req.db) else { throw Abort(.notFound) }
        return school
    }
}

struct SchoolListPage: Sendable {
    let rows: [SchoolListRow]
    let total: Int
    let filter: SchoolFilter
    let regions: [Region]
    let municipalities: [Municipality]
    let canCreate: Bool
    var attention: [Attention.Item]? = nil
}

extension Optional where Wrapped == String {
    /// The form value without surrounding spaces; "" when the field was not sent.
    var trimmed: String { (self ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The form value as an id; nil for an empty choice («—») or anything that is not one.
    var uuid: UUID? { UUID(uuidString: trimmed) }
}
