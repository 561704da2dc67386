import Fluent
import MEDKCore
import Vapor

/// What every dashboard request settles first: who asks, about which territory, as of which day.
struct DashboardContext: Sendable {
    let principal: Principal
    let scope: DashboardScope
    let cycle: Cycle
    let day: CalendarDate
    /// The date as typed, when it could not be read (the page then shows today and says why).
    let dateError: String?
    let controlDates: [CycleControlDate]
    /// The control date each indicator is judged against on `day`, settled once: a large table asks per cell.
    private let judgedAgainst: [InclusionIndicator: CalendarDate]

    /// The programme years that can be shown (opened or closed), latest first: the choice beside the date.
    let years: [Cycle]

    init(principal: Principal, scope: DashboardScope, cycle: Cycle, day: CalendarDate, dateError: String?,
         controlDates: [CycleControlDate], years: [Cycle] = []) {
        (self.principal, self.scope, self.cycle, self.day, self.dateError) = (principal, scope, cycle, day, dateError)
        self.controlDates = controlDates
        self.years = years
        var byKind: [String: CalendarDate] = [:]
        for date in controlDates {
            if let kind = date.kind, byKind[kind] == nil { byKind[kind] = date.date }
        }
        var judged: [InclusionIndicator: CalendarDate] = [:]
        for indicator in InclusionIndicator.allCases {
            if indicator == .territoryRoadmapDone {
                // The territory's roadmap is judged against the two regional monitorings in turn.
                let dates = [ControlDateKind.regionalMonitoring1, .regionalMonitoring2].compactMap { byKind[$0.rawValue] }
                judged[indicator] = dates.first { $0 >= day } ?? dates.last
            } else {
                judged[indicator] = byKind[indicator.controlDate.rawValue]
            }
        }
        judgedAgainst = judged
    }

    /// The control date an indicator is judged against on `day`.
    func controlDate(_ indicator: InclusionIndicator) -> CalendarDate? { judgedAgainst[indicator] }

    func standing(_ indicator: InclusionIndicator, _ tally: Tally?) -> ControlStanding {
        guard let tally else { return .empty }
        return ControlStanding.of(done: tally.done, of: tally.total, controlDate: controlDate(indicator), asOf: day)
    }
}

/// The coordinators' monitoring (issue 5): the indicator table, the schools behind a cell, charts,
/// curator work, exports, launch-seminar marks and the cycle's visit frequency.
struct DashboardController {
    typealias D = Strings.Dashboards

    func table(_ req: Request) async throws -> Response {
        let context = try await self.context(req)
        let table = try await InclusionQueries.table(context.scope, cycle: context.cycle, day: context.day, on: req.db)
        return DashboardViews.table(PageContext(req), context, table)
    }

    func cell(_ req: Request) async throws -> Response {
        let context = try await self.context(req)
        guard let indicator = Self.indicator(req) else {
            return req.redirect(to: Self.tableURL(context), flash: Flash(kind: .error, text: D.badIndicator))
        }
        let (target, name) = try await self.target(req, context)
        let rows = indicator.isPerTerritory ? [] : try await InclusionQueries.drillDown(
            target, indicator: indicator, cycle: context.cycle.id!, day: context.day, on: req.db)
        let canMark = indicator == .launchSeminar ? Set(try await markable(rows, context.principal, on: req.db)) : []
        return DashboardViews.cell(PageContext(req), context, indicator: indicator, target: target, name: name,
                                   rows: rows, markable: canMark)
    }

    func chart(_ req: Request) async throws -> Response {
        let context = try await self.context(req)
        let indicator = Self.indicator(req) ?? .curatorAssigned
        let table = try await InclusionQueries.table(context.scope, cycle: context.cycle, day: context.day, on: req.db)
        let days = DashboardCharts.sampleDays(cycleYear: context.cycle.year, controlDates: context.controlDates, until: context.day)
        let series = indicator.isPerTerritory ? [] : try await InclusionQueries.series(
            context.scope, indicator: indicator, cycle: context.cycle.id!, days: days, on: req.db)
        return DashboardViews.chart(PageContext(req), context, indicator: indicator, table: table, series: series)
    }

    func curators(_ req: Request) async throws -> Response {
        let context = try await self.context(req)
        guard context.scope.level != .country else {
            return DashboardViews.curatorRegions(PageContext(req), context, try await Region.query(on: req.db).sort(\.$name).all())
        }
        let work = try await CuratorWorkQueries.load(context.scope, cycle: context.cycle, today: context.day, on: req.db)
        return DashboardViews.curators(PageContext(req), context, work)
    }

    /// `indicators|cell|curators|schools` `.xlsx|.csv`, with the page's own query.
    func export(_ req: Request) async throws -> Response {
        let context = try await self.context(req)
        let name = req.parameters.get("file") ?? ""
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count == 2, ["xlsx", "csv"].contains(parts[1]) else { throw Abort(.notFound, reason: D.unknownExport) }
        let grid: DashboardGrid
        var territory = context.scope.name
        switch parts[0] {
        case "indicators":
            grid = DashboardGrids.indicators(try await InclusionQueries.table(context.scope, cycle: context.cycle,
                                                                              day: context.day, on: req.db))
        case "cell":
            guard let indicator = Self.indicator(req), !indicator.isPerTerritory else { throw Abort(.notFound, reason: D.badIndicator) }
            let (target, targetName) = try await self.target(req, context)
            territory = targetName
            grid = DashboardGrids.cell(try await InclusionQueries.drillDown(target, indicator: indicator, cycle: context.cycle.id!,
                                                                            day: context.day, on: req.db))
        case "curators", "schools":
            guard context.scope.level != .country else { throw Abort(.notFound, reason: D.curatorWorkByRegion) }
            let work = try await CuratorWorkQueries.load(context.scope, cycle: context.cycle, today: context.day, on: req.db)
            grid = parts[0] == "curators" ? DashboardGrids.curators(work) : DashboardGrids.schools(work)
        default:
            throw Abort(.notFound, reason: D.unknownExport)
        }
        let fileName = D.fileName(grid.sheetName, territory, context.day, parts[1])
        return parts[1] == "xlsx"
            ? Downloads.response(try grid.xlsx(), fileName: fileName, contentType: TerritoryRoadmapController.xlsx)
            : Downloads.response(grid.csv(), fileName: fileName, contentType: "text/csv; charset=utf-8")
    }

    // MARK: launch seminar

    struct SeminarForm: Content {
        var attended: String?
        var back: String?
    }

    /// The coordinator records (or takes back) a school's in-person attendance; a mark is never rewritten.
    func markSeminar(_ req: Request) async throws -> Response {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let school = try await SchoolQueries.find(schoolID, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.markSeminar, school.place)
        let form = try req.content.decode(SeminarForm.self)
        let back = LocalPath.validated(form.back, under: SiteURL.dashboards.path) ?? SiteURL.dashboards.path
        guard let cycle = try await req.currentCycle(),
              let participation = try await SchoolQueries.participation(school: schoolID, cycle: cycle.id!, on: req.db) else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: D.notInCycle))
        }
        try principal.authorize(.markSeminar, in: RoadmapContext(participation: participation, school: school, cycle: cycle))
        let attended = form.attended == "yes"
        let now = req.now
        let changed = try await req.db.writeTransaction { db -> Bool in
            let latest = try await SeminarMark.query(on: db).filter(\.$participation.$id == participation.id!)
                .sort(\.$markedAt, .descending).first()
            guard (latest?.attended ?? false) != attended else { return false }
            try await SeminarMark(participationID: participation.id!, attended: attended, by: principal.userID, at: now).create(on: db)
            try await AuditLog.record(.seminarMarked, by: principal.userID, object: "seminar_mark", id: participation.id,
                                      "\(school.fullName): \(attended ? D.seminarMarked : D.seminarUnmarked)", at: now, on: db)
            return true
        }
        let text = !changed ? D.seminarAlready : attended ? D.seminarMarked : D.seminarUnmarked
        return req.redirect(to: back, flash: Flash(kind: changed ? .success : .error, text: text))
    }

    private func markable(_ rows: [DrillDownRow], _ principal: Principal, on db: Database) async throws -> [UUID] {
        guard principal.role.isCoordinator, !rows.isEmpty else { return [] }
        let schools = try await School.query(on: db).filter(\.$id ~~ rows.map(\.schoolID)).all()
        return schools.filter { principal.can(.markSeminar, $0.place) }.map { $0.id! }
    }

    // MARK: the cycle's visit frequency

    func visitRule(_ req: Request) async throws -> Response {
        let (principal, cycle) = try await ruleContext(req)
        let rule = try await VisitRules.rule(of: cycle, on: req.db)
        return DashboardViews.visitRule(PageContext(req), principal, cycle: cycle, rule: rule,
                                        form: ["formingWeeks": "\(rule.formingWeeks)", "carryingWeeks": "\(rule.carryingWeeks)"],
                                        errors: [:], status: .ok)
    }

    func saveVisitRule(_ req: Request) async throws -> Response {
        let (principal, cycle) = try await ruleContext(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let forming = Int((form["formingWeeks"] ?? "").trimmingCharacters(in: .whitespaces))
        let carrying = Int((form["carryingWeeks"] ?? "").trimmingCharacters(in: .whitespaces))
        var errors: [String: String] = [:]
        if forming.map(VisitRule.allowedWeeks.contains) != true { errors["formingWeeks"] = D.badWeeks }
        if carrying.map(VisitRule.allowedWeeks.contains) != true { errors["carryingWeeks"] = D.badWeeks }
        guard errors.isEmpty, let forming, let carrying else {
            let rule = try await VisitRules.rule(of: cycle, on: req.db)
            return DashboardViews.visitRule(PageContext(req), principal, cycle: cycle, rule: rule, form: form, errors: errors,
                                            status: .unprocessableEntity)
        }
        let now = req.now, cycleID = cycle.id!
        try await req.db.writeTransaction { db in
            let record = try await VisitRuleRecord.query(on: db).filter(\.$cycle.$id == cycleID).first() ?? VisitRuleRecord()
            record.$cycle.id = cycleID
            record.formingWeeks = forming
            record.carryingWeeks = carrying
            record.updatedBy = principal.userID
            record.updatedAt = now
            try await record.save(on: db)
            try await AuditLog.record(.visitRuleChanged, by: principal.userID, object: "visit_rule", id: record.id,
                                      "\(D.ruleTitle): \(forming) / \(carrying)", at: now, on: db)
        }
        return req.redirect(to: SiteURL.visitRule.path, flash: Flash(kind: .success, text: D.ruleSaved))
    }

    /// The rule belongs to the whole programme year: the federal coordinator and the admin keep it.
    private func ruleContext(_ req: Request) async throws -> (Principal, Cycle) {
        let principal = try req.authorizeAnywhere { [.federal, .admin].contains($0.role) }
        guard let cycle = try await req.currentCycle() else { throw Abort(.notFound, reason: D.noCycle) }
        return (principal, cycle)
    }

    // MARK: reading the request

    private func context(_ req: Request) async throws -> DashboardContext {
        let (principal, scope) = try await req.dashboardScope()
        guard let current = try await req.currentCycle() else { throw Abort(.notFound, reason: D.noCycle) }
        let typed = ((try? req.query.get(String.self, at: "date")) ?? "").trimmingCharacters(in: .whitespaces)
        let parsed = typed.isEmpty ? nil : CalendarDate(typed)
        let years = try await req.shownCycles()
        // The form sends the year it showed (`shown`) beside the one chosen: a changed year wins over the date.
        let chosen = try? req.query.get(Int.self, at: "cycle"), shown = try? req.query.get(Int.self, at: "shown")
        let (cycle, day) = Self.year(of: parsed ?? req.today, chosen: chosen == shown ? nil : chosen, among: years,
                                     current: current, today: req.today)
        return DashboardContext(principal: principal, scope: scope, cycle: cycle, day: day,
                                dateError: !typed.isEmpty && parsed == nil ? D.badDate : nil,
                                controlDates: try await CycleQueries.controlDates(of: cycle.id!, on: req.db), years: years)
    }

    /// Which programme year a page as of `day` shows: the one running on that day, so that a link with a date keeps
    /// its year whatever opens later; a year newly chosen in the form (`cycle=2021`) is shown as of the same day if
    /// it falls inside it, else as of its last day (or today, if the year is still running).
    static func year(of day: CalendarDate, chosen: Int?, among years: [Cycle], current: Cycle,
                     today: CalendarDate) -> (Cycle, CalendarDate) {
        if let chosen, let cycle = years.first(where: { $0.year == chosen }) {
            let inside = cycle.starts <= day && day <= cycle.ends
            return (cycle, inside ? day : max(cycle.starts, min(today, cycle.ends)))
        }
        return (years.first { $0.starts <= day && day <= $0.ends } ?? current, day)
    }

    /// The territory or the school behind a cell: `school=` or the scope itself; authorized like the scope.
    private func target(_ req: Request, _ context: DashboardContext) async throws -> (InclusionQueries.Target, String) {
        if let text = try? req.query.get(String.self, at: "school"), !text.isEmpty {
            guard let id = UUID(uuidString: text), let school = try await SchoolQueries.find(id, on: req.db),
                  context.principal.can(.viewDashboards, school.place) else { throw Abort(.notFound) }
            return (.school(id), school.fullName)
        }
        let scope = context.scope
        if let municipality = scope.municipality { return (.municipality(municipality.id!), scope.name) }
        if let region = scope.region { return (.region(region.id!), scope.name) }
        // The whole country is too many schools for one list: open a region's row instead.
        throw Abort(.notFound)
    }

    static func indicator(_ req: Request) -> InclusionIndicator? {
        (try? req.query.get(String.self, at: "indicator")).flatMap(InclusionIndicator.init(rawValue:))
    }

    static func tableURL(_ context: DashboardContext) -> String {
        SiteURL.dashboards.path(query: [("territory", context.scope.id?.uuidString ?? ""), ("date", context.day.iso)])
    }
}

extension Request {
    /// A coordinator (or the admin) and the territory a page shows: its own, or one below it named by `territory=`.
    func dashboardScope() async throws -> (Principal, DashboardScope) {
        let principal = try authorizeAnywhere { $0.role.isCoordinator || $0.role == .admin }
        guard let own = try await DashboardScope.of(principal.activeGrant, on: db) else { throw Abort(.notFound) }
        var scope = own
        if let text = try? query.get(String.self, at: "territory"), !text.isEmpty {
            guard let id = UUID(uuidString: text), let found = try await DashboardScope.find(id, from: own, on: db) else {
                throw Abort(.notFound)
            }
            scope = found
        }
        guard principal.can(.viewDashboards, scope.place) else { throw Abort(.notFound) }
        return (principal, scope)
    }
}
