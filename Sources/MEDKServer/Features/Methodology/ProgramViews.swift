import MEDKCore
import Plot
import Vapor

struct DirectionPage: Sendable {
    let direction: DirectionContext
    let stages: [DocumentSection: [Evidence]]
    let canUpload: Bool
    let maxUploadBytes: Int
    let error: String?
}

struct ProgramPage: Sendable {
    let direction: DirectionContext
    let program: Program
    let problems: [Program.Problem]
    let moves: [ReviewMove]
    let history: [ReviewEvent]
    let names: [UUID: String]
    let error: String?
}

enum ProgramViews {
    static let P = Strings.Program.self
    static let D = Strings.Direction.self
    /// Empty rows offered after the filled ones: enough for a typical program without JavaScript.
    static let blankRows = 3

    static func direction(_ context: PageContext, _ page: DirectionPage, status: HTTPStatus) -> Response {
        let direction = page.direction
        let school = direction.roadmap.school
        let program = direction.program?.program
        let measures = program?.measures ?? []
        return Layout.render(
            context, title: direction.title, crumbs: crumbs(direction, last: nil), status: status,
            .unwrap(page.error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .section(
                .h2(.text(D.program)),
                .p(.unwrap(direction.program, { RoadmapViews.badge($0.state, of: .program) }, else: .text(P.empty)),
                   .text(" "),
                   .a(.href(SiteURL.program(school: .value(school.id!), factor: .value(direction.number)).path), .text(D.open))),
                Components.table([Strings.Roadmap.title, Strings.Roadmap.state], (page.stages[.program] ?? []).map { item in
                    [Components.cell(link: item.document.title, SiteURL.document(.value(item.document.id!)).path),
                     .td(RoadmapViews.badge(item.document.state))]
                }, empty: D.noProgramFiles),
                .if(page.canUpload, RoadmapViews.uploadForm(
                    context, action: SiteURL.stageEvidence(school: .value(school.id!), factor: .value(direction.number),
                                                            stage: .value(DocumentSection.program.rawValue)),
                    multiple: true, maxBytes: page.maxUploadBytes, heading: D.attachToProgram, id: "files-program"))),
            stage(context, page, .stage1, measures: measures),
            stage(context, page, .stage2, measures: measures),
            .if(direction.program?.state != .approved, .p(.class("hint"), .text(D.programNotApproved)))
        )
    }

    /// A stage's evidence: each document with the measures it evidences, the measures still without any, and the upload.
    private static func stage(_ context: PageContext, _ page: DirectionPage, _ section: DocumentSection,
                              measures: [Program.Measure]) -> Node<HTML.BodyContext> {
        let direction = page.direction
        let school = direction.roadmap.school
        let evidence = page.stages[section] ?? []
        let evidenced = evidence.reduce(into: Set<String>()) { $0.formUnion($1.measureIDs) }
        let waiting = measures.filter { !evidenced.contains($0.id) }
        return .section(
            .h2(.text(D.stage(section))),
            Components.table(
                [Strings.Roadmap.title, Strings.Roadmap.state, D.measuresEvidenced],
                evidence.map { item in
                    [Components.cell(link: item.document.title, SiteURL.document(.value(item.document.id!)).path),
                     .td(RoadmapViews.badge(item.document.state)),
                     Components.cell(measures.filter { item.measureIDs.contains($0.id) }.map(\.title).joined(separator: "; "))]
                }, empty: D.noEvidence),
            .if(!measures.isEmpty, waiting.isEmpty
                ? .p(.class("hint"), .text(D.allEvidenced))
                : .p(.class("hint"), .text("\(D.measuresWithoutEvidence): " + waiting.map(\.title).joined(separator: "; ")))),
            .if(page.canUpload && direction.program?.state == .approved, RoadmapViews.uploadForm(
                context, action: SiteURL.stageEvidence(school: .value(school.id!), factor: .value(direction.number),
                                                        stage: .value(section.rawValue)),
                multiple: true, maxBytes: page.maxUploadBytes, heading: "\(Strings.Roadmap.uploadTitle): \(D.stage(section))",
                id: "files-\(section.rawValue)", extra: .fieldset(Components.legend(D.measuresEvidenced), .p(.class("hint"), .text(D.stageHint)),
                                 .forEach(measures) { Components.checkbox($0.title, name: "measure-\($0.id)", checked: false) })))
        )
    }

    static func editor(_ context: PageContext, _ page: ProgramPage, status: HTTPStatus) -> Response {
        let direction = page.direction
        let school = direction.roadmap.school
        let record = direction.program
        let state = record?.state ?? .draft
        let editable = page.moves.contains(.newVersion)
        let year = direction.roadmap.cycle.year
        let problems = page.problems
        let factor = Parameter<Int>.value(direction.number)
        return Layout.render(
            context, title: P.pageTitle(direction.number), crumbs: crumbs(direction, last: P.title), status: status,
            .unwrap(page.error) { error in
                .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text(error)),
                     .ul(.forEach(problems) { .li(.text(P.message($0, cycleYear: year))) }))
            },
            .p(.class("lead"), .text(direction.title + (record == nil ? "" : " · \(Strings.Roadmap.state): ")),
               .if(record != nil, RoadmapViews.badge(state, of: .program))),
            ReviewViews.returnComment(page.history, state: state),
            .if(record != nil, .p(
                .a(.href(SiteURL.programPrint(school: .value(school.id!), factor: factor).path), .text(P.print)), .text(" · "),
                .a(.href(SiteURL.programExport(school: .value(school.id!), factor: factor).path), .text(P.export)))),
            editable ? form(context, page, problems: problems) : view(page.program),
            ReviewViews.actions(context, moves: page.moves, revision: record?.revision ?? 0) { move in
                SiteURL.programMove(school: .value(school.id!), factor: factor, move: .value(move.rawValue))
            },
            ReviewViews.history(page.history, names: page.names)
        )
    }

    static func printable(_ context: PageContext, _ direction: DirectionContext) -> Response {
        Layout.render(context, title: "\(P.pageTitle(direction.number)) — \(direction.roadmap.school.fullName)",
                      crumbs: crumbs(direction, last: P.print),
                      .p(.class("lead"), .text(direction.title)),
                      .unwrap(direction.program) { .p(.text("\(Strings.Roadmap.state): "), RoadmapViews.badge($0.state, of: .program)) },
                      view(direction.program?.program ?? Program()))
    }

    /// The program read-only: what the curator reviews, coordinators read and the school prints.
    static func view(_ program: Program) -> Node<HTML.BodyContext> {
        .div(
            .class("program"),
            .h2(.text(P.goal)), .p(.text(program.goal.isEmpty ? Strings.Common.none : program.goal)),
            .h2(.text(P.tasks)), .ol(.forEach(program.tasks) { .li(.text($0)) }),
            .h2(.text(P.indicators)),
            Components.table(P.indicatorColumns, program.indicators.map { indicator in
                [Components.cell(indicator.title), Components.cell(indicator.unit),
                 .td(.class("num"), .text(Formats.number(indicator.baseline))), .td(.class("num"), .text(Formats.number(indicator.target))),
                 Components.cell(indicator.targetDate?.russian ?? "")]
            }, empty: Strings.Common.none),
            .h2(.text(P.measures)),
            Components.table(P.measureColumns, program.measures.map { measure in
                [Components.cell(measure.title), Components.cell(measure.starts?.russian ?? ""),
                 Components.cell(measure.ends?.russian ?? ""), Components.cell(measure.responsible),
                 Components.cell(measure.expectedResult)]
            }, empty: Strings.Common.none),
            .h2(.text(P.successCriteria)), .p(.text(program.successCriteria.isEmpty ? Strings.Common.none : program.successCriteria))
        )
    }

    private static func form(_ context: PageContext, _ page: ProgramPage, problems: [Program.Problem]) -> Node<HTML.BodyContext> {
        let program = page.program
        let school = page.direction.roadmap.school
        let flagged = { (field: Program.Problem.Field) in problems.contains { $0.field == field } }
        // A value that could not be read is shown as typed, never replaced by a blank.
        let shown = { (field: Program.Problem.Field, value: String?) in problems.first { $0.field == field }?.typed ?? value }
        let indicatorRows = program.indicators.map(Optional.some) + Array(repeating: nil, count: blankRows)
        let measureRows = program.measures.map(Optional.some) + Array(repeating: nil, count: blankRows)
        return .form(
            .method(.post), .action(SiteURL.program(school: .value(school.id!), factor: .value(page.direction.number)).path),
            Components.csrfField(context.csrf),
            textArea(P.goal, name: "goal", value: program.goal, invalid: flagged(.goal)),
            textArea(P.tasks, name: "tasks", value: program.tasks.joined(separator: "\n"), invalid: flagged(.tasks), hint: P.tasksHint),
            .h2(.text(P.indicators)),
            .p(.class("hint"), .text(P.rowsHint)),
            Components.scrollBox(label: P.indicators, .table(
                .thead(.tr(.forEach(P.indicatorColumns) { .th(.text($0)) })),
                .tbody(.forEach(Array(indicatorRows.enumerated())) { row, indicator in
                    .tr(
                        .td(.input(.type(.hidden), .name("indicator-id-\(row)"), .value(indicator?.id ?? "")),
                            cellInput(P.indicatorColumns[0], row, name: "indicator-title-\(row)", value: shown(.indicator(row: row, .title), indicator?.title),
                                      invalid: flagged(.indicator(row: row, .title)))),
                        .td(cellInput(P.indicatorColumns[1], row, name: "indicator-unit-\(row)", value: shown(.indicator(row: row, .unit), indicator?.unit),
                                      invalid: flagged(.indicator(row: row, .unit)))),
                        .td(cellInput(P.indicatorColumns[2], row, name: "indicator-baseline-\(row)",
                                      value: shown(.indicator(row: row, .baseline), indicator.map { Formats.number($0.baseline) }),
                                      invalid: flagged(.indicator(row: row, .baseline)))),
                        .td(cellInput(P.indicatorColumns[3], row, name: "indicator-target-\(row)",
                                      value: shown(.indicator(row: row, .target), indicator.map { Formats.number($0.target) }),
                                      invalid: flagged(.indicator(row: row, .target)))),
                        .td(cellInput(P.indicatorColumns[4], row, name: "indicator-date-\(row)", value: shown(.indicator(row: row, .targetDate), indicator?.targetDate?.russian),
                                      invalid: flagged(.indicator(row: row, .targetDate))))
                    )
                }))),
            .h2(.text(P.measures)),
            Components.scrollBox(label: P.measures, .table(
                .thead(.tr(.forEach(P.measureColumns) { .th(.text($0)) })),
                .tbody(.forEach(Array(measureRows.enumerated())) { row, measure in
                    .tr(
                        .td(.input(.type(.hidden), .name("measure-id-\(row)"), .value(measure?.id ?? "")),
                            cellInput(P.measureColumns[0], row, name: "measure-title-\(row)", value: shown(.measure(row: row, .title), measure?.title),
                                      invalid: flagged(.measure(row: row, .title)))),
                        .td(cellInput(P.measureColumns[1], row, name: "measure-starts-\(row)", value: shown(.measure(row: row, .starts), measure?.starts?.russian),
                                      invalid: flagged(.measure(row: row, .starts)))),
                        .td(cellInput(P.measureColumns[2], row, name: "measure-ends-\(row)", value: shown(.measure(row: row, .ends), measure?.ends?.russian),
                                      invalid: flagged(.measure(row: row, .ends)))),
                        .td(cellInput(P.measureColumns[3], row, name: "measure-responsible-\(row)", value: shown(.measure(row: row, .responsible), measure?.responsible),
                                      invalid: flagged(.measure(row: row, .responsible)))),
                        .td(cellInput(P.measureColumns[4], row, name: "measure-result-\(row)", value: shown(.measure(row: row, .expectedResult), measure?.expectedResult),
                                      invalid: flagged(.measure(row: row, .expectedResult))))
                    )
                }))),
            textArea(P.successCriteria, name: "success", value: program.successCriteria, invalid: flagged(.successCriteria)),
            Components.submit(Strings.Common.save)
        )
    }

    private static func textArea(_ label: String, name: String, value: String, invalid: Bool,
                                 hint: String? = nil) -> Node<HTML.FormContext> {
        .div(.class(invalid ? "field invalid" : "field"),
             .label(.for(name), .text(label)),
             .textarea(.id(name), .name(name), .attribute(named: "rows", value: "3"),
                       .if(invalid, .attribute(named: "aria-invalid", value: "true")), .text(value)),
             .unwrap(hint) { .p(.class("hint"), .text($0)) })
    }

    private static func cellInput(_ column: String, _ row: Int, name: String, value: String?,
                                  invalid: Bool) -> Node<HTML.BodyContext> {
        Components.cellInput(name: name, value: value ?? "", label: "\(column), строка \(row + 1)", invalid: invalid)
    }

    private static func crumbs(_ direction: DirectionContext, last: String?) -> [Crumb] {
        let school = direction.roadmap.school
        var crumbs = [Crumb(school.shortName, .school(.value(school.id!))),
                      Crumb(Strings.Directions.title, .directions(.value(school.id!)))]
        if let last {
            crumbs.append(Crumb(direction.title, .direction(school: .value(school.id!), factor: .value(direction.number))))
            crumbs.append(Crumb(last))
        } else {
            crumbs.append(Crumb(direction.title))
        }
        return crumbs
    }
}
