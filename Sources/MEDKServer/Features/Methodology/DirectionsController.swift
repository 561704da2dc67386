import Fluent
import MEDKCore
import Plot
import Vapor

/// «Направления»: the school activates the risk factors it will work on. Seed 000 step 11: the set must be
/// exactly the actual risks of the approved self-assessment; the server refuses anything else and says why.
struct DirectionsController {
    func page(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        return try await render(req, principal, roadmap, chosen: nil, error: nil, status: .ok)
    }

    func activate(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        try principal.authorize(.editRoadmap, in: roadmap)
        let form = try req.content.decode([String: String].self)
        let factors = try await CycleQueries.factors(of: roadmap.cycle.id!, on: req.db)
        let chosen = Set(factors.indices.map { $0 + 1 }.filter { form["factor-\($0)"] != nil })
        let assessment = try await SelfAssessmentRecord.query(on: req.db)
            .filter(\.$participation.$id == roadmap.participationID).first()
        guard let assessment, assessment.state == .approved else {
            return try await render(req, principal, roadmap, chosen: chosen, error: Strings.Directions.notApproved,
                                    status: .unprocessableEntity)
        }
        if let mismatch = DirectionRule.check(chosen: chosen, actual: assessment.actualFactors) {
            return try await render(req, principal, roadmap, chosen: chosen,
                                    error: Strings.Directions.mismatch(mismatch, factors: factors), status: .unprocessableEntity)
        }
        let participationID = roadmap.participationID, now = req.now, actor = principal.actor
        try await req.db.writeTransaction { db in
            let existing = Set(try await DirectionRecord.query(on: db).filter(\.$participation.$id == participationID)
                .all().map(\.factor))
            for factor in chosen.subtracting(existing).sorted() {
                try await DirectionRecord(participationID: participationID, factor: factor, at: now, by: actor.userID).create(on: db)
            }
        }
        return req.redirect(to: SiteURL.directions(.value(roadmap.school.id!)).path,
                            flash: Flash(kind: .success, text: Strings.Directions.activated))
    }

    private func render(_ req: Request, _ principal: Principal, _ roadmap: RoadmapContext, chosen: Set<Int>?, error: String?,
                        status: HTTPStatus) async throws -> Response {
        let factors = try await CycleQueries.factors(of: roadmap.cycle.id!, on: req.db)
        let active = Set(try await DirectionRecord.query(on: req.db).filter(\.$participation.$id == roadmap.participationID)
            .all().map(\.factor))
        let programs = Dictionary(uniqueKeysWithValues: try await DirectionQueries.programs(of: roadmap.participationID, on: req.db)
            .map { ($0.direction.factor, $0.state) })
        return DirectionsViews.page(PageContext(req), roadmap: roadmap, factors: factors, active: active, chosen: chosen ?? active,
                                    programs: programs,
                                    canEdit: principal.can(.editRoadmap, in: roadmap) && active.isEmpty, error: error,
                                    status: status)
    }

    private func context(_ req: Request) async throws -> (Principal, RoadmapContext) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.viewSchool, roadmap.place), roadmap)
    }
}

enum DirectionsViews {
    static func page(_ context: PageContext, roadmap: RoadmapContext, factors: [String], active: Set<Int>, chosen: Set<Int>,
                     programs: [Int: ReviewState], canEdit: Bool, error: String?, status: HTTPStatus) -> Response {
        let D = Strings.Directions.self
        let school = roadmap.school
        return Layout.render(
            context, title: D.title, crumbs: [Crumb(school.shortName, .school(.value(school.id!))), Crumb(D.title)],
            status: status,
            .unwrap(error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            canEdit
                ? .form(.method(.post), .action(SiteURL.directions(.value(school.id!)).path),
                        Components.csrfField(context.csrf), .p(.class("hint"), .text(D.hint)),
                        .group(factors.enumerated().map { index, title in
                            Components.checkbox("\(index + 1). \(title)", name: "factor-\(index + 1)", checked: chosen.contains(index + 1))
                        }),
                        Components.submit(D.activate))
                : .group(
                    .if(active.isEmpty, .p(.class("empty"), .text(D.none))),
                    .ul(.forEach(active.sorted()) { number in
                        .li(.a(.href(SiteURL.direction(school: .value(school.id!), factor: .value(number)).path),
                               .text("\(number). \(factors[number - 1])")),
                            .text(" — \(Strings.Direction.program): "),
                            .unwrap(programs[number], { RoadmapViews.badge($0, of: .program) }, else: .text(Strings.Roadmap.sectionStatus(.notStarted))))
                    }))
        )
    }
}
