import Fluent
import Foundation
import MEDKCore
import Vapor

/// `/cycles`: the programme's years for the federal coordinator (and the admin): the list, the next cycle as a
/// copy, a draft's control dates, opening and closing.
struct CycleController {
    typealias C = Strings.Cycles

    func index(_ req: Request) async throws -> Response {
        _ = try authorize(req)
        return try await listPage(req, form: nil, errors: [], status: .ok)
    }

    func create(_ req: Request) async throws -> Response {
        let principal = try authorize(req)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let form = CycleLifecycle.NewCycle(year: fields["year"] ?? "", title: fields["title"] ?? "", source: fields["source"] ?? "",
                                           startsOn: fields["startsOn"] ?? "", endsOn: fields["endsOn"] ?? "")
        do {
            let cycle = try await CycleLifecycle.copy(form, by: principal.userID, at: req.now, on: req.db)
            return req.redirect(to: SiteURL.cycle(.value(cycle.id!)).path, flash: Flash(kind: .success, text: C.created(cycle)))
        } catch let refusal as CycleLifecycle.Refusal {
            return try await listPage(req, form: form, errors: refusal.problems, status: .unprocessableEntity)
        }
    }

    func show(_ req: Request) async throws -> Response {
        _ = try authorize(req)
        return try await cyclePage(req, try await cycle(req), fields: [:], errors: [], status: .ok)
    }

    func saveDates(_ req: Request) async throws -> Response {
        let principal = try authorize(req)
        let cycle = try await cycle(req)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            try await CycleLifecycle.saveDates(fields, of: cycle, by: principal.userID, at: req.now, on: req.db)
            return req.redirect(to: SiteURL.cycle(.value(cycle.id!)).path, flash: Flash(kind: .success, text: C.datesSaved))
        } catch let refusal as CycleLifecycle.Refusal {
            return try await cyclePage(req, cycle, fields: fields, errors: refusal.problems, status: .unprocessableEntity)
        }
    }

    func carry(_ req: Request) async throws -> Response {
        let principal = try authorize(req)
        let cycle = try await cycle(req)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let regions = Set(fields.keys.compactMap { $0.hasPrefix("region-") ? UUID(uuidString: String($0.dropFirst(7))) : nil })
        do {
            let added = try await CycleLifecycle.carryOver(regions: regions, withCurators: fields["curators"] != nil, into: cycle,
                                                           by: principal.userID, at: req.now, on: req.db)
            return req.redirect(to: SiteURL.cycle(.value(cycle.id!)).path,
                                flash: Flash(kind: .success, text: C.carried(added.schools, added.curators)))
        } catch let refusal as CycleLifecycle.Refusal {
            return try await cyclePage(req, cycle, fields: fields, errors: refusal.problems, status: .unprocessableEntity)
        }
    }

    /// A list of school codes, checked whole (per-row problems, nothing included while any is wrong).
    func importSchools(_ req: Request) async throws -> Response {
        let principal = try authorize(req)
        let cycle = try await cycle(req)
        let file = (try? req.content.decode(ImportController.Upload.self))?.file
        let refused: (String?, [ImportIssue]) async throws -> Response = { message, issues in
            try await cyclePage(req, cycle, fields: [:], errors: [], importProblems: (message, issues), status: .unprocessableEntity)
        }
        switch ImportSheet.read(file) {
        case .failure(let unreadable): return try await refused(unreadable.message, [])
        case .success(let sheet):
            let directory = try await TerritoryQueries.directory(on: req.db)
            switch CycleParticipantsImport.validate(sheet, against: directory, by: principal.actor) {
            case .failure(let failure): return try await refused(nil, failure.issues)
            case .success(let schools):
                do {
                    let result = try await CycleLifecycle.include(schools, into: cycle, today: req.today, by: principal.userID,
                                                                  at: req.now, on: req.db)
                    return req.redirect(to: SiteURL.cycle(.value(cycle.id!)).path,
                                        flash: Flash(kind: .success, text: C.included(result.added, present: result.present)))
                } catch let refusal as CycleLifecycle.Refusal {
                    return try await cyclePage(req, cycle, fields: [:], errors: refusal.problems, status: .unprocessableEntity)
                }
            }
        }
    }

    func open(_ req: Request) async throws -> Response {
        try await move(req, CycleLifecycle.open, done: C.opened)
    }

    func close(_ req: Request) async throws -> Response {
        try await move(req, CycleLifecycle.close, done: C.closed)
    }

    private func move(_ req: Request, _ step: (Cycle, UUID, Date, Database) async throws -> Void, done: String) async throws -> Response {
        let principal = try authorize(req)
        let cycle = try await cycle(req)
        do {
            try await step(cycle, principal.userID, req.now, req.db)
            return req.redirect(to: SiteURL.cycle(.value(cycle.id!)).path, flash: Flash(kind: .success, text: done))
        } catch let refusal as CycleLifecycle.Refusal {
            return try await cyclePage(req, cycle, fields: [:], errors: refusal.problems, status: .conflict)
        }
    }

    /// The programme year belongs to the whole country: the federal coordinator keeps it, the admin helps.
    private func authorize(_ req: Request) throws -> Principal {
        try req.authorizeAnywhere { [.federal, .admin].contains($0.role) }
    }

    private func cycle(_ req: Request) async throws -> Cycle {
        guard let id = req.parameters.get("cycleID", as: UUID.self), let cycle = try await Cycle.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return cycle
    }

    /// The regions of a cycle's schools, with how many of its schools each has, by name.
    static func regions(of cycle: Cycle, on db: Database) async throws -> [(region: Region, schools: Int)] {
        let schools = try await Participation.query(on: db).filter(\.$cycle.$id == cycle.requireID())
            .join(School.self, on: \Participation.$school.$id == \School.$id).all()
            .map { try $0.joined(School.self).$region.id }
        let counts = Dictionary(schools.map { ($0, 1) }, uniquingKeysWith: +)
        guard !counts.isEmpty else { return [] }
        return try await Region.query(on: db).filter(\.$id ~~ Array(counts.keys)).sort(\.$name).all()
            .map { ($0, counts[$0.id!] ?? 0) }
    }

    static func all(on db: Database) async throws -> [Cycle] {
        try await Cycle.query(on: db).sort(\.$year, .descending).all()
    }

    /// The form starts from the next year after the latest cycle, copied from it, spanning its calendar year.
    static func suggestion(_ cycles: [Cycle]) -> CycleLifecycle.NewCycle {
        guard let latest = cycles.first(where: { $0.status != .draft }) else { return .init() }
        let year = (cycles.map(\.year).max() ?? latest.year) + 1
        return .init(year: "\(year)", title: "", source: latest.id!.uuidString, startsOn: "\(year)-01-01", endsOn: "\(year)-12-31")
    }

    /// `form` nil: the suggestion for the next year.
    private func listPage(_ req: Request, form: CycleLifecycle.NewCycle?, errors: [String], status: HTTPStatus) async throws -> Response {
        let cycles = try await Self.all(on: req.db)
        let current = try await req.currentCycle()
        return CycleViews.list(PageContext(req), cycles: cycles, current: current?.id, form: form ?? Self.suggestion(cycles),
                               errors: errors, status: status)
    }

    private func cyclePage(_ req: Request, _ cycle: Cycle, fields: [String: String], errors: [String],
                           importProblems: (String?, [ImportIssue])? = nil, status: HTTPStatus) async throws -> Response {
        let id = try cycle.requireID()
        // Read straight from the table, never from the cache: a draft's dates are being corrected here.
        let dates = try await CycleControlDate.query(on: req.db).filter(\.$cycle.$id == id).sort(\.$dateText).all()
        let factors = try await CycleQueries.factors(of: id, on: req.db)
        var source: Cycle?
        if let copiedFrom = cycle.copiedFrom { source = try await Cycle.find(copiedFrom, on: req.db) }
        let rule = try await VisitRules.rule(of: cycle, on: req.db)
        let schools = try await Participation.query(on: req.db).filter(\.$cycle.$id == id).count()
        var sourceRegions: [(region: Region, schools: Int)] = []
        if let source { sourceRegions = try await Self.regions(of: source, on: req.db) }
        return CycleViews.cycle(PageContext(req), cycle: cycle, source: source, factors: factors, dates: dates, rule: rule,
                                schools: schools, sourceRegions: sourceRegions, fields: fields, errors: errors,
                                importProblems: importProblems, status: status)
    }
}
