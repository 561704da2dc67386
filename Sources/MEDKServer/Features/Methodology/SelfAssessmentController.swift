import Fluent
import MEDKCore
import Plot
import SQLKit
import Vapor

/// «Самообследование»: the school fills the self-analysis card for the risks it finds actual and submits
/// it; the curator approves or returns it with a comment — the same state machine as documents.
struct SelfAssessmentController {
    func page(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        return try await render(req, principal, roadmap, draft: nil, problems: [], error: nil, status: .ok)
    }

    /// Saves the card: a new version while it is a draft or returned.
    func save(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        try principal.authorize(.editRoadmap, in: roadmap)
        let form = try req.content.decode([String: String].self)
        let card = RiskSelfAnalysisCard.seed003
        let entries: [RiskSelfAnalysisCard.Entry] = card.factors.indices.compactMap { index in
            let number = index + 1
            guard form["actual-\(number)"] != nil else { return nil }
            return .init(factor: number, measures: String((form["measures-\(number)"] ?? "").prefix(4000)),
                         period: String((form["period-\(number)"] ?? "").prefix(200)))
        }
        let problems = card.validate(entries)
        guard !entries.isEmpty, problems.isEmpty else {
            return try await render(req, principal, roadmap, draft: entries, problems: problems,
                                    error: entries.isEmpty ? Strings.SelfAssessment.noneChosen : Strings.SelfAssessment.fix,
                                    status: .unprocessableEntity)
        }
        let participationID = roadmap.participationID
        do {
            try await StructuredItemActions.save(
                try await record(of: roadmap, on: req.db), content: SelfAssessmentRecord.encode(entries),
                title: Strings.SelfAssessment.title, create: {
                    let record = SelfAssessmentRecord()
                    record.$participation.id = participationID
                    record.entriesJSON = SelfAssessmentRecord.encode(entries)
                    return record
                }, by: principal.actor, at: req.now, on: req.db)
        } catch let failure as DocumentActions.Failure {
            return try await render(req, principal, roadmap, draft: entries, problems: [], error: Strings.Roadmap.message(failure, of: .selfAssessment),
                                    status: failure == .conflict ? .conflict : .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.selfAssessment(.value(roadmap.school.id!)).path,
                            flash: Flash(kind: .success, text: Strings.SelfAssessment.saved))
    }

    func move(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        guard let move = StructuredItemActions.requestedMove(req),
              let record = try await record(of: roadmap, on: req.db) else { throw Abort(.notFound) }
        try principal.authorize(StructuredItemActions.action(for: move), in: roadmap)
        let form = try req.content.decode(RoadmapController.MoveForm.self)
        do {
            try await StructuredItemActions.move(record, move, comment: form.comment ?? "", seenRevision: form.revision,
                                                 title: Strings.SelfAssessment.title, by: principal.actor, at: req.now,
                                                 on: req.db)
        } catch let failure as DocumentActions.Failure {
            return try await render(req, principal, roadmap, draft: nil, problems: [], error: Strings.Roadmap.message(failure, of: .selfAssessment),
                                    status: failure == .conflict ? .conflict : .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.selfAssessment(.value(roadmap.school.id!)).path,
                            flash: Flash(kind: .success, text: Strings.SelfAssessment.moved(move)))
    }

    private func record(of roadmap: RoadmapContext, on db: Database) async throws -> SelfAssessmentRecord? {
        try await SelfAssessmentRecord.query(on: db).filter(\.$participation.$id == roadmap.participationID).first()
    }

    private func render(_ req: Request, _ principal: Principal, _ roadmap: RoadmapContext, draft: [RiskSelfAnalysisCard.Entry]?,
                        problems: [RiskSelfAnalysisCard.Problem], error: String?, status: HTTPStatus) async throws -> Response {
        let record = try await record(of: roadmap, on: req.db)
        var history: [ReviewEvent] = []
        if let id = record?.id { history = try await DocumentQueries.history(of: id, on: req.db) }
        let names = try await DocumentQueries.names(of: Set(history.map(\.actorID)), on: req.db)
        let state = record?.state ?? .draft
        let moves = StructuredItemActions.moves(from: state, exists: record != nil, principal: principal, roadmap: roadmap)
        return SelfAssessmentViews.page(PageContext(req), SelfAssessmentPage(
            roadmap: roadmap, record: record, entries: draft ?? record?.entries ?? [], problems: problems, moves: moves,
            history: history, names: names, error: error), status: status)
    }

    private func context(_ req: Request) async throws -> (Principal, RoadmapContext) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.viewSchool, roadmap.place), roadmap)
    }
}

struct SelfAssessmentPage: Sendable {
    let roadmap: RoadmapContext
    let record: SelfAssessmentRecord?
    let entries: [RiskSelfAnalysisCard.Entry]
    let problems: [RiskSelfAnalysisCard.Problem]
    let moves: [ReviewMove]
    let history: [ReviewEvent]
    let names: [UUID: String]
    let error: String?
}

enum SelfAssessmentViews {
    static func page(_ context: PageContext, _ page: SelfAssessmentPage, status: HTTPStatus) -> Response {
        let S = Strings.SelfAssessment.self
        let card = RiskSelfAnalysisCard.seed003
        let school = page.roadmap.school
        let state = page.record?.state ?? .draft
        let editable = page.moves.contains(.newVersion)
        let byFactor = Dictionary(uniqueKeysWithValues: page.entries.map { ($0.factor, $0) })
        let table: Node<HTML.BodyContext> = Components.table(
            card.columns,
            card.factors.enumerated().compactMap { index, title -> [Node<HTML.TableRowContext>]? in
                let number = index + 1
                let entry = byFactor[number]
                let problems = page.problems.filter { $0.factor == number }
                if !editable {
                    guard let entry else { return nil }
                    return [Components.cell("\(number). \(title)"), Components.cell(entry.measures), Components.cell(entry.period)]
                }
                return [
                    .td(Components.checkbox("\(number). \(title)", name: "actual-\(number)", checked: entry != nil)),
                    .td(.element(named: "textarea", nodes: [.attribute(named: "name", value: "measures-\(number)"),
                                                            .attribute(named: "rows", value: "2"),
                                                            .attribute(named: "aria-label", value: "\(card.columns[1]): \(title)"),
                                                            .text(entry?.measures ?? "")]),
                        .if(problems.contains { $0.kind == .missingMeasures }, .p(.class("error"), .text(S.needMeasures)))),
                    .td(.input(.type(.text), .name("period-\(number)"), .value(entry?.period ?? ""),
                               .attribute(named: "aria-label", value: "\(card.columns[2]): \(title)")),
                        .if(problems.contains { $0.kind == .missingPeriod }, .p(.class("error"), .text(S.needPeriod)))),
                ]
            }, empty: S.empty)
        return Layout.render(
            context, title: S.title,
            crumbs: [Crumb(school.shortName, .school(.value(school.id!))), Crumb(S.title)], status: status,
            .unwrap(page.error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .p(.class("lead"), .text(card.title + (page.record == nil ? "" : " · \(Strings.Roadmap.state): ")),
               .if(page.record != nil, RoadmapViews.badge(state, of: .selfAssessment))),
            ReviewViews.returnComment(page.history, state: state),
            editable
                ? .form(.method(.post), .action(SiteURL.selfAssessment(.value(school.id!)).path),
                        Components.csrfField(context.csrf), .p(.class("hint"), .text(S.hint)), .div(.raw(table.render())),
                        Components.submit(Strings.Common.save))
                : table,
            ReviewViews.actions(context, moves: page.moves, revision: page.record?.revision ?? 0) { move in
                SiteURL.selfAssessmentMove(.value(school.id!), move: .value(move.rawValue))
            },
            ReviewViews.history(page.history, names: page.names)
        )
    }
}
