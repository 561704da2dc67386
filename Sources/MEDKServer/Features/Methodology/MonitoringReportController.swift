import Fluent
import MEDKCore
import Plot
import Vapor

/// «Мониторинг 1» and «Мониторинг 2»: the school enters what its approved programs' indicators reached by
/// the monitoring date; the curator reviews the values like any item. Documents of the monitoring are the
/// section of the same name.
struct MonitoringReportController {
    func page(_ req: Request) async throws -> Response {
        let (principal, context) = try await load(req)
        return try await render(req, principal, context, draft: nil, error: nil, problems: [], status: .ok)
    }

    func save(_ req: Request) async throws -> Response {
        let (principal, context) = try await load(req)
        try principal.authorize(.editRoadmap, in: context.roadmap)
        guard !context.indicators.isEmpty else {
            return try await render(req, principal, context, draft: nil, error: Strings.MonitoringReports.noPrograms,
                                    problems: [], status: .unprocessableEntity)
        }
        let form = try req.content.decode([String: String].self)
        let (report, problems) = MonitoringReport.read(form, indicators: context.indicators.map(\.indicator))
        guard problems.isEmpty else {
            return try await render(req, principal, context, draft: report, error: Strings.MonitoringReports.fix,
                                    problems: problems, status: .unprocessableEntity)
        }
        let participationID = context.roadmap.participationID, stage = context.stage, content = JSONText.encode(report)
        do {
            try await StructuredItemActions.save(context.record, content: content, title: context.title, create: {
                let record = MonitoringReportRecord()
                record.$participation.id = participationID
                record.stage = stage
                record.contentJSON = content
                return record
            }, by: principal.actor, at: req.now, on: req.db)
        } catch let failure as DocumentActions.Failure {
            return try await render(req, principal, context, draft: report, error: Strings.Roadmap.message(failure, of: .monitoringReport),
                                    problems: [], status: failure.status)
        }
        return req.redirect(to: SiteURL.monitoringReport(school: .value(context.roadmap.school.id!), stage: .value(stage)).path,
                            flash: Flash(kind: .success, text: Strings.MonitoringReports.saved))
    }

    func move(_ req: Request) async throws -> Response {
        let (principal, context) = try await load(req)
        guard let move = StructuredItemActions.requestedMove(req), let record = context.record else { throw Abort(.notFound) }
        try principal.authorize(StructuredItemActions.action(for: move), in: context.roadmap)
        let form = try req.content.decode(RoadmapController.MoveForm.self)
        let missing = record.report.missing(of: context.indicators.map(\.indicator))
        if move == .submit, !missing.isEmpty {
            return try await render(req, principal, context, draft: nil, error: Strings.MonitoringReports.incomplete,
                                    problems: missing, status: .unprocessableEntity)
        }
        do {
            try await StructuredItemActions.move(record, move, comment: form.comment ?? "", seenRevision: form.revision,
                                                 title: context.title, by: principal.actor, at: req.now, on: req.db)
        } catch let failure as DocumentActions.Failure {
            return try await render(req, principal, context, draft: nil, error: Strings.Roadmap.message(failure, of: .monitoringReport),
                                    problems: [], status: failure.status)
        }
        return req.redirect(to: SiteURL.monitoringReport(school: .value(context.roadmap.school.id!), stage: .value(context.stage)).path,
                            flash: Flash(kind: .success, text: Strings.MonitoringReports.moved(move)))
    }

    private func load(_ req: Request) async throws -> (Principal, MonitoringReportContext) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let stage = req.parameters.get("stage", as: Int.self), stage == 1 || stage == 2,
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.viewSchool, roadmap.place)
        return (principal, try await MonitoringReportContext.load(roadmap, stage: stage, on: req.db))
    }

    private func render(_ req: Request, _ principal: Principal, _ context: MonitoringReportContext, draft: MonitoringReport?,
                        error: String?, problems: [MonitoringReport.Problem], status: HTTPStatus) async throws -> Response {
        var history: [ReviewEvent] = []
        if let id = context.record?.id { history = try await DocumentQueries.history(of: id, on: req.db) }
        let names = try await DocumentQueries.names(of: Set(history.map(\.actorID)), on: req.db)
        let moves = StructuredItemActions.moves(from: context.record?.state ?? .draft, exists: context.record != nil,
                                                principal: principal, roadmap: context.roadmap)
        return MonitoringReportViews.page(PageContext(req), context, report: draft ?? context.record?.report ?? MonitoringReport(),
                                          moves: moves, history: history, names: names, error: error, problems: problems,
                                          status: status)
    }
}

/// An indicator of an approved program, with the direction it belongs to.
struct ProgramIndicator: Sendable {
    let direction: Int
    let indicator: Program.Indicator
}

struct MonitoringReportContext: Sendable {
    let roadmap: RoadmapContext
    let stage: Int
    let record: MonitoringReportRecord?
    /// Indicators of the approved programs, by direction: what the report gives values for.
    let indicators: [ProgramIndicator]

    var title: String { Strings.MonitoringReports.reportTitle(stage) }

    static func load(_ roadmap: RoadmapContext, stage: Int, on db: Database) async throws -> MonitoringReportContext {
        let record = try await MonitoringReportRecord.query(on: db).filter(\.$participation.$id == roadmap.participationID)
            .filter(\.$stage == stage).first()
        let indicators = try await DirectionQueries.programs(of: roadmap.participationID, on: db)
            .filter { $0.state == .approved }
            .flatMap { record in record.program.indicators.map { ProgramIndicator(direction: record.direction.factor, indicator: $0) } }
        return MonitoringReportContext(roadmap: roadmap, stage: stage, record: record, indicators: indicators)
    }
}

enum MonitoringReportViews {
    static let M = Strings.MonitoringReports.self

    static func page(_ context: PageContext, _ page: MonitoringReportContext, report: MonitoringReport, moves: [ReviewMove],
                     history: [ReviewEvent], names: [UUID: String], error: String?, problems: [MonitoringReport.Problem],
                     status: HTTPStatus) -> Response {
        let school = page.roadmap.school
        let state = page.record?.state ?? .draft
        let editable = moves.contains(.newVersion) && !page.indicators.isEmpty
        let flagged = Set(problems.map { problem in
            switch problem {
            case .missing(let id), .notANumber(let id): id
            }
        })
        let section = page.stage == 1 ? DocumentSection.monitoring1 : .monitoring2
        let table: Node<HTML.BodyContext> = Components.table(M.columns, page.indicators.map { item -> [Node<HTML.TableRowContext>] in
            let indicator = item.indicator
            let reached = Formats.number(report.reached[indicator.id])
            return [Components.number(item.direction), Components.cell(indicator.title), Components.cell(indicator.unit),
                    .td(.class("num"), .text(Formats.number(indicator.baseline))),
                    .td(.class("num"), .text(Formats.number(indicator.target))),
                    editable
                        ? .td(Components.cellInput(name: "reached-\(indicator.id)", value: reached,
                                                   label: "\(M.columns[5]): \(indicator.title)",
                                                   invalid: flagged.contains(indicator.id)))
                        : .td(.class("num"), .text(reached))]
        }, empty: M.noPrograms)
        return Layout.render(
            context, title: M.title(page.stage),
            crumbs: [Crumb(school.shortName, .school(.value(school.id!))), Crumb(M.title(page.stage))], status: status,
            .unwrap(error) { error in
                .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text(error)),
                     .ul(.forEach(page.indicators.filter { flagged.contains($0.indicator.id) }) { .li(.text($0.indicator.title)) }))
            },
            .p(.class("lead"), .text(page.title + (page.record == nil ? "" : " · \(Strings.Roadmap.state): ")),
               .if(page.record != nil, RoadmapViews.badge(state, of: .monitoringReport))),
            ReviewViews.returnComment(history, state: state),
            .p(.a(.href(SiteURL.section(school: .value(school.id!), section: .value(section.rawValue)).path), .text(M.documents))),
            editable
                ? .form(.method(.post), .action(SiteURL.monitoringReport(school: .value(school.id!), stage: .value(page.stage)).path),
                        Components.csrfField(context.csrf), .p(.class("hint"), .text(M.hint)), .div(.raw(table.render())),
                        .div(.class("field"), .label(.for("comment"), .text(M.comment)),
                             .textarea(.id("comment"), .name("comment"), .attribute(named: "rows", value: "3"), .text(report.comment))),
                        Components.submit(Strings.Common.save))
                : .group(table, .if(!report.comment.isEmpty, .p(.strong(.text("\(M.comment): ")), .text(report.comment)))),
            ReviewViews.actions(context, moves: page.indicators.isEmpty ? [] : moves, revision: page.record?.revision ?? 0) { move in
                SiteURL.monitoringReportMove(school: .value(school.id!), stage: .value(page.stage), move: .value(move.rawValue))
            },
            ReviewViews.history(history, names: names)
        )
    }
}
