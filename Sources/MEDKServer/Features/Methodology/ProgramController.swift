import Fluent
import MEDKCore
import MEDKSheets
import Vapor

/// A direction's page (its program and the evidence of its stages) and the program editor. The program
/// goes through the same review state machine and history as every roadmap item.
struct ProgramController {
    // MARK: the direction

    func direction(_ req: Request) async throws -> Response {
        let (principal, direction) = try await DirectionQueries.context(req)
        return try await directionPage(req, principal, direction, error: nil, status: .ok)
    }

    /// Files of a direction: attachments of its program, or evidence of Этап 1 or Этап 2 — files plus the
    /// measures of the approved program they evidence.
    func uploadEvidence(_ req: Request) async throws -> Response {
        let (principal, direction) = try await DirectionQueries.context(req)
        guard let section = req.parameters.get("stage").flatMap(DocumentSection.init(rawValue:)), section.needsDirection
        else { throw Abort(.notFound) }
        try principal.authorize(.editRoadmap, in: direction.roadmap)
        let isStage = section != .program
        let received: UploadReceiver.Result
        do {
            received = try await UploadReceiver(store: req.application.fileStore, maxFileBytes: req.settings.maxUploadBytes,
                                                threadPool: req.application.threadPool).receive(req)
        } catch let failure as UploadReceiver.Failure {
            return try await directionPage(req, principal, direction, error: Strings.Roadmap.message(failure), status: failure.status)
        }
        let measures = Set(received.fields.keys.filter { $0.hasPrefix("measure-") }.map { String($0.dropFirst("measure-".count)) })
        let known = Set(direction.program?.program.measures.map(\.id) ?? [])
        let refusal: String? = if isStage, direction.program?.state != .approved {
            Strings.Direction.programNotApproved
        } else if received.files.isEmpty {
            Strings.Roadmap.chooseFile
        } else if received.files.count > RoadmapController.maxFilesPerUpload {
            Strings.Roadmap.tooManyFiles(RoadmapController.maxFilesPerUpload)
        } else if isStage, measures.isEmpty {
            Strings.Direction.chooseMeasures
        } else if !measures.isSubset(of: known) {
            Strings.Direction.unknownMeasure
        } else {
            nil
        }
        if let refusal {
            received.files.forEach { $0.temporary.discard() }
            return try await directionPage(req, principal, direction, error: refusal, status: .unprocessableEntity)
        }
        let title = (received.fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let titles = received.files.map { file in
            received.files.count == 1 && !title.isEmpty ? String(title.prefix(300)) : Strings.Roadmap.defaultTitle(file.fileName)
        }
        try await DocumentActions.create(received.files, titles: titles, section: section, in: direction.roadmap,
                                         direction: direction.direction.id, measures: isStage ? measures : [],
                                         by: principal.actor,
                                         at: req.now, store: req.application.fileStore,
                                         threadPool: req.application.threadPool, on: req.db)
        return req.redirect(to: SiteURL.direction(school: .value(direction.schoolID), factor: .value(direction.number)).path,
                            flash: Flash(kind: .success, text: Strings.Roadmap.uploaded(received.files.count)))
    }

    // MARK: the program

    func program(_ req: Request) async throws -> Response {
        let (principal, direction) = try await DirectionQueries.context(req)
        return try await programPage(req, principal, direction, draft: nil, problems: [], error: nil, status: .ok)
    }

    func save(_ req: Request) async throws -> Response {
        let (principal, direction) = try await DirectionQueries.context(req)
        try principal.authorize(.editRoadmap, in: direction.roadmap)
        let form = try req.content.decode([String: String].self)
        let (program, problems) = ProgramForm.read(form, cycle: direction.roadmap.cycle.period)
        guard problems.isEmpty else {
            return try await programPage(req, principal, direction, draft: program, problems: problems,
                                         error: Strings.Program.fix, status: .unprocessableEntity)
        }
        let participationID = direction.roadmap.participationID, directionID = direction.direction.id!
        let content = JSONText.encode(program)
        do {
            try await StructuredItemActions.save(direction.program, content: content, title: direction.title, create: {
                let record = ProgramRecord()
                record.$participation.id = participationID
                record.$direction.id = directionID
                record.contentJSON = content
                return record
            }, by: principal.actor, at: req.now, on: req.db)
        } catch let failure as DocumentActions.Failure {
            return try await programPage(req, principal, direction, draft: program, problems: [],
                                         error: Strings.Roadmap.message(failure, of: .program), status: failure.status)
        }
        return req.redirect(to: SiteURL.program(school: .value(direction.schoolID), factor: .value(direction.number)).path,
                            flash: Flash(kind: .success, text: Strings.Program.saved))
    }

    func move(_ req: Request) async throws -> Response {
        let (principal, direction) = try await DirectionQueries.context(req)
        guard let move = StructuredItemActions.requestedMove(req), let record = direction.program else { throw Abort(.notFound) }
        try principal.authorize(StructuredItemActions.action(for: move), in: direction.roadmap)
        let form = try req.content.decode(RoadmapController.MoveForm.self)
        let missing = record.program.missing()
        if move == .submit, !missing.isEmpty {
            return try await programPage(req, principal, direction, draft: nil, problems: missing,
                                         error: Strings.Program.incomplete, status: .unprocessableEntity)
        }
        do {
            try await StructuredItemActions.move(record, move, comment: form.comment ?? "", seenRevision: form.revision,
                                                 title: direction.title, by: principal.actor, at: req.now, on: req.db)
        } catch let failure as DocumentActions.Failure {
            return try await programPage(req, principal, direction, draft: nil, problems: [],
                                         error: Strings.Roadmap.message(failure, of: .program), status: failure.status)
        }
        return req.redirect(to: SiteURL.program(school: .value(direction.schoolID), factor: .value(direction.number)).path,
                            flash: Flash(kind: .success, text: Strings.Program.moved(move)))
    }

    /// The program alone, without menus and forms: what a school prints for its director's signature.
    func print(_ req: Request) async throws -> Response {
        let (_, direction) = try await DirectionQueries.context(req)
        return ProgramViews.printable(PageContext(req), direction)
    }

    func export(_ req: Request) async throws -> Response {
        let (_, direction) = try await DirectionQueries.context(req)
        let data = try ProgramExport.xlsx(direction.program?.program ?? Program(), title: direction.title)
        return Downloads.response(data, fileName: Strings.Program.fileName(school: direction.roadmap.school.shortName,
                                                                            number: direction.number),
                                  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    // MARK: pages

    private func directionPage(_ req: Request, _ principal: Principal, _ direction: DirectionContext, error: String?,
                               status: HTTPStatus) async throws -> Response {
        var stages: [DocumentSection: [Evidence]] = [:]
        for section in [DocumentSection.program, .stage1, .stage2] {
            stages[section] = try await DirectionQueries.evidence(of: direction, section: section, on: req.db)
        }
        return ProgramViews.direction(PageContext(req), DirectionPage(
            direction: direction, stages: stages,
            canUpload: principal.can(.editRoadmap, in: direction.roadmap),
            maxUploadBytes: req.settings.maxUploadBytes, error: error), status: status)
    }

    private func programPage(_ req: Request, _ principal: Principal, _ direction: DirectionContext, draft: Program?,
                             problems: [Program.Problem], error: String?, status: HTTPStatus) async throws -> Response {
        let record = direction.program
        var history: [ReviewEvent] = []
        if let id = record?.id { history = try await DocumentQueries.history(of: id, on: req.db) }
        let names = try await DocumentQueries.names(of: Set(history.map(\.actorID)), on: req.db)
        let moves = StructuredItemActions.moves(from: record?.state ?? .draft, exists: record != nil, principal: principal,
                                                roadmap: direction.roadmap)
        return ProgramViews.editor(PageContext(req), ProgramPage(
            direction: direction, program: draft ?? record?.program ?? Program(), problems: problems, moves: moves,
            history: history, names: names, error: error), status: status)
    }
}

extension DocumentActions.Failure {
    var status: HTTPStatus { self == .conflict ? .conflict : .unprocessableEntity }
}

/// The program as a spreadsheet: one sheet, its parts one after another, numbers and dates as Excel values.
enum ProgramExport {
    static func xlsx(_ program: Program, title: String) throws -> Data {
        let P = Strings.Program.self
        var rows: [[XLSXWriter.Cell]] = [[.text(P.goal), .text(program.goal)]]
        rows.append([.text(P.tasks)] + program.tasks.prefix(1).map(XLSXWriter.Cell.text))
        rows += program.tasks.dropFirst().map { [.empty, .text($0)] }
        rows += [[.empty], [.text(P.indicators)], P.indicatorColumns.map(XLSXWriter.Cell.text)]
        rows += program.indicators.map { indicator in
            [.text(indicator.title), .text(indicator.unit), cell(indicator.baseline), cell(indicator.target), cell(indicator.targetDate)]
        }
        rows += [[.empty], [.text(P.measures)], P.measureColumns.map(XLSXWriter.Cell.text)]
        rows += program.measures.map { measure in
            [.text(measure.title), cell(measure.starts), cell(measure.ends), .text(measure.responsible), .text(measure.expectedResult)]
        }
        rows += [[.empty], [.text(P.successCriteria), .text(program.successCriteria)]]
        let sheet = XLSXWriter.Sheet(name: P.sheetName, header: [title], rows: rows, columnWidths: [45, 40, 16, 16, 40])
        return try XLSXWriter(sheets: [sheet]).data()
    }

    private static func cell(_ value: Double?) -> XLSXWriter.Cell { value.map(XLSXWriter.Cell.number) ?? .empty }

    private static func cell(_ day: CalendarDate?) -> XLSXWriter.Cell {
        day.map { .date(year: $0.year, month: $0.month, day: $0.day) } ?? .empty
    }
}
