import Foundation
import MEDKCore
import Plot
import Vapor

/// The pages of the bank of best practices for those who write and moderate it.
enum PracticeViews {
    typealias P = Strings.Practices

    static func list(_ context: PageContext, _ page: PracticeListPage) -> Response {
        func rows(_ lines: [PracticeListPage.Line]) -> [[Node<HTML.TableRowContext>]] {
            lines.map { line in
                [Components.cell(link: line.title, SiteURL.practice(.value(line.id)).path), Components.cell(line.school),
                 Components.cell(P.stateTitle(line.state)), Components.cell(moment(line.updatedAt))]
            }
        }
        let headers = [P.practiceTitle, P.school, P.state, P.updated]
        return Layout.render(
            context, title: P.title,
            .p(.text(P.intro)),
            .p(.a(.href(SiteURL.catalogue.path), .text(P.catalogueLink))),
            .if(page.canWrite, .p(.a(.class("button primary"), .href(SiteURL.newPractice.path), .text(P.newPractice)))),
            .if(!page.waiting.isEmpty, .section(.h2(.text(P.waiting)), Components.table(headers, rows(page.waiting)))),
            .section(.h2(.text(P.mine)), Components.table(headers, rows(page.all), empty: P.noPractices))
        )
    }

    static func form(_ context: PageContext, _ page: PracticeFormPage, status: HTTPStatus = .ok) -> Response {
        let isNew = page.version == nil
        let input = page.input, problems = page.problems
        let action = isNew ? SiteURL.newPractice.path : SiteURL.practice(.value(page.id)).path
        return Layout.render(
            context, title: isNew ? P.newTitle : input.title,
            crumbs: [Crumb(P.title, .practices), Crumb(isNew ? P.newTitle : input.title)], status: status,
            .unwrap(page.returnComment) { comment in
                .div(.class("flash flash-error"), .attribute(named: "role", value: "note"),
                     .strong(.text(P.returnComment + ": ")), .text(comment))
            },
            .if(!isNew, .p(.text("\(P.state): \(P.stateTitle(page.state))"))),
            Components.errorSummary(problems),
            .form(
                .method(.post), .action(action), .enctype(.multipartData), .attribute(named: "data-upload", value: "upload"),
                Components.csrfField(context.csrf),
                .input(.type(.hidden), .name("id"), .value(page.id.uuidString)),
                .unwrap(page.version) { .input(.type(.hidden), .name("version"), .value("\($0)")) },
                isNew ? Components.select(P.school, name: "school", options: page.schools.map { ($0.id.uuidString, $0.name) },
                                          selected: page.chosenSchool?.uuidString, required: true, error: problems["school"])
                      : .p(.text("\(P.school): \(page.schools.first { $0.id == page.chosenSchool }?.name ?? "")")),
                Components.field(P.practiceTitle, name: "title", value: input.title, required: true, error: problems["title"]),
                Components.textArea(P.summary, name: "summary", value: input.summary, rows: 3, required: true, hint: P.summaryHint,
                                    error: problems["summary"]),
                .fieldset(
                    .id("f-factors"),
                    Components.legend(P.factors),
                    .unwrap(problems["factors"]) { .p(.class("error"), .text($0)) },
                    .group(page.factors.map { factor in
                        Components.checkbox("\(factor.number). \(factor.title)", name: "factor-\(factor.number)",
                                            checked: input.factors.contains(factor.number))
                    })
                ),
                Components.textArea(P.description, name: "description", value: input.details, rows: 8, required: true,
                                    error: problems["description"]),
                Components.textArea(P.actions, name: "actions", value: input.actions, rows: 6, error: problems["actions"]),
                Components.textArea(P.results, name: "results", value: input.results, rows: 5, hint: P.resultsHint,
                                    error: problems["results"]),
                Components.field(P.authors, name: "authors", value: input.authors, hint: P.authorsHint, error: problems["authors"]),
                .if(!page.files.isEmpty, .ul(.class("files"), .forEach(page.files) { file in
                    .li(.a(.href(SiteURL.practiceFile(.value(page.id), file: .value(file.id)).path), .text(file.name)),
                        .text(" (\(Strings.Roadmap.size(file.size))) "),
                        .label(.input(.type(.checkbox), .name("remove-\(file.id.uuidString)")), .text(" " + P.removeFile)))
                })),
                .div(.class("field"),
                     .label(.for("f-files"), .text(P.files)),
                     .input(.id("f-files"), .type(.file), .name("file"), .attribute(named: "multiple", value: "multiple")),
                     .p(.class("hint"), .text(P.filesHint)),
                     .unwrap(problems["files"]) { .p(.class("error"), .text($0)) }),
                .element(named: "progress", nodes: [.class("upload-progress"), .attribute(named: "hidden", value: "hidden"),
                                                    .attribute(named: "max", value: "100"), .attribute(named: "value", value: "0")]),
                .div(.class("actions"),
                     .button(.type(.submit), .name("intent"), .value("save"), .text(P.save)),
                     .button(.type(.submit), .class("primary"), .name("intent"), .value("submit"), .text(P.submit)))
            ),
            history(page.history)
        )
    }

    static func page(_ context: PageContext, _ details: PracticeDetails, moderate: Bool, history lines: [PracticeHistoryLine]) -> Response {
        let id = details.id
        return Layout.render(
            context, title: details.title, crumbs: [Crumb(P.title, .practices), Crumb(details.title)],
            .p(.text("\(P.state): \(P.stateTitle(details.state))")),
            .if(details.state == .approved, .p(.a(.href(SiteURL.publicPractice(.value(id)).path), .text(P.publicLink)))),
            body(details),
            .if(moderate && details.state == .submitted, .section(
                .h2(.text(P.decisionTitle)),
                .form(.method(.post), .action(SiteURL.practiceMove(.value(id), move: .value(ReviewMove.approve.rawValue)).path),
                      Components.csrfField(context.csrf), Components.submit(P.publish)),
                .form(.method(.post), .action(SiteURL.practiceMove(.value(id), move: .value(ReviewMove.return.rawValue)).path),
                      Components.csrfField(context.csrf),
                      Components.textArea(P.comment, name: "comment", value: "", rows: 3, required: true, hint: P.commentHint),
                      .div(.class("actions"), .button(.type(.submit), .text(P.sendBack))))
            )),
            .if(moderate && details.state == .approved, .section(
                .h2(.text(P.unpublishTitle)),
                .form(.method(.post), .action(SiteURL.practiceMove(.value(id), move: .value(ReviewMove.reopen.rawValue)).path),
                      Components.csrfField(context.csrf),
                      Components.textArea(P.comment, name: "comment", value: "", rows: 3, required: true, hint: P.unpublishHint),
                      .div(.class("actions"), .button(.type(.submit), .text(P.unpublish))))
            )),
            history(lines)
        )
    }

    /// The practice's own text: the same on the public page and for those who work with it.
    static func body(_ details: PracticeDetails) -> Node<HTML.BodyContext> {
        .group(
            .p(.class("lead"), .text(details.summary)),
            .dl(.class("facts"),
                .dt(.text(P.practiceSchool)), .dd(.text(details.school)),
                .dt(.text(P.municipality)), .dd(.text(details.municipality)),
                .dt(.text(P.region)), .dd(.text(details.region)),
                .unwrap(details.cycleYear) { .group(.dt(.text(P.cycle)), .dd(.text("\($0)"))) },
                .dt(.text(P.factors)), .dd(.ul(.forEach(details.factors) { .li(.text($0)) })),
                .if(!details.authors.isEmpty, .group(.dt(.text(P.authors)), .dd(.text(details.authors)))),
                .unwrap(details.publishedAt) { .group(.dt(.text(P.publishedOn)), .dd(.text(moment($0)))) }),
            paragraphs(P.description, details.details),
            paragraphs(P.whatWasDone, details.actions),
            paragraphs(P.whatChanged, details.results),
            .if(!details.files.isEmpty, .section(.h2(.text(P.filesTitle)), .ul(.forEach(details.files) { file in
                .li(.a(.href(SiteURL.practiceFile(.value(details.id), file: .value(file.id)).path), .text(file.name)),
                    .text(" (\(Strings.Roadmap.size(file.size)))"))
            })))
        )
    }

    private static func paragraphs(_ title: String, _ text: String) -> Node<HTML.BodyContext> {
        guard !text.isEmpty else { return .empty }
        return .section(.h2(.text(title)),
                        .forEach(text.split(whereSeparator: \.isNewline).map(String.init)) { .p(.text($0)) })
    }

    private static func history(_ lines: [PracticeHistoryLine]) -> Node<HTML.BodyContext> {
        guard !lines.isEmpty else { return .empty }
        return .section(.h2(.text(P.history)), .ul(.forEach(lines) { line in
            .li(.text("\(moment(line.at)) — \(P.event(line.move))" + (line.who.isEmpty ? "" : " (\(line.who))")),
                .if(!line.comment.isEmpty, .text(": «\(line.comment)»")))
        }))
    }

    static func moment(_ date: Date) -> String { CalendarDate(date, in: InclusionFacts.defaultZone).russian }
}
