import MEDKCore
import Plot
import Vapor

struct TerritoryRoadmapsPage: Sendable {
    let owner: TerritoryOwner
    /// The territory's own plans with their standing on `day` (today unless `?date=` asks for another).
    let plans: [(TerritoryRoadmapRecord, RoadmapStanding)]
    /// For a region: the plans of its municipalities (loaded with them).
    let municipalPlans: [TerritoryRoadmapRecord]
    let day: CalendarDate
    /// Whether `?date=` chose the day: links then keep it, so a past day's page reads the same tomorrow.
    let dayAsked: Bool
    let today: CalendarDate
    let canManage: Bool
    let form: TerritoryRoadmapController.ImportForm
    let result: RoadmapImportResult?
}

struct TerritoryRoadmapPage: Sendable {
    let owner: TerritoryOwner
    let roadmap: TerritoryRoadmapRecord
    let standing: RoadmapStanding
    let today: CalendarDate
    let dateError: String?
    let canManage: Bool
    let result: RoadmapImportResult?
}

struct RoadmapItemPage: Sendable {
    let owner: TerritoryOwner
    let roadmap: TerritoryRoadmapRecord
    let item: RoadmapItemRecord
    /// As of today.
    let state: RoadmapStanding.State
    /// Oldest first.
    let marks: [RoadmapItemMark]
    let names: [UUID: String]
    let today: CalendarDate
    let canManage: Bool
    let maxUploadBytes: Int
    let error: String?
    /// What the person typed, shown again with a refusal.
    let fields: [String: String]
}

enum TerritoryRoadmapViews {
    static let T = Strings.TerritoryRoadmaps.self

    // MARK: lists

    static func index(_ context: PageContext, roadmaps: [TerritoryRoadmapRecord]) -> Response {
        Layout.render(
            context, title: T.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(T.title)],
            Components.table(
                [T.territory, T.planTitle, T.year],
                roadmaps.map { roadmap in
                    let territory = roadmap.municipality?.name ?? roadmap.region.name
                    let territoryID = roadmap.$municipality.id ?? roadmap.$region.id
                    return [Components.cell(link: roadmap.municipality.map { "\($0.name) (\(roadmap.region.name))" } ?? territory,
                                            SiteURL.territoryRoadmaps(.value(territoryID)).path),
                            Components.cell(link: roadmap.title, SiteURL.territoryRoadmap(.value(roadmap.id!)).path),
                            Components.number(roadmap.cycleYear)]
                }, empty: T.noPlans)
        )
    }

    static func list(_ context: PageContext, _ page: TerritoryRoadmapsPage, status: HTTPStatus) -> Response {
        let owner = page.owner
        return Layout.render(
            context, title: T.listTitle(owner.name),
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(T.title, .territoryPlans), Crumb(owner.name)],
            status: status,
            resultBlock(page.result),
            .p(.class("lead"), .text(owner.fullName), .text(" · "),
               .a(.href(SiteURL.publicTerritory(.value(owner.id)).path), .text(T.publicLink)), .text(" · "),
               .a(.href(SiteURL.territoryActs(.value(owner.id)).path), .text(Strings.Openness.acts))),
            Components.table(
                [T.planTitle, T.order, T.year, T.items, T.shareToday(page.day)],
                page.plans.map { roadmap, standing in
                    [Components.cell(link: roadmap.title, SiteURL.territoryRoadmap(.value(roadmap.id!))
                        .path(query: page.dayAsked ? [("date", page.day.iso)] : [])),
                     Components.cell(T.order(roadmap) ?? Strings.Common.none),
                     Components.number(roadmap.cycleYear),
                     Components.number(standing.actionCount),
                     Components.cell(T.shareShort(standing.share))]
                }, empty: T.noPlans),
            .if(!page.municipalPlans.isEmpty, .section(
                .h2(.text(T.municipalPlans)),
                Components.table(
                    [Strings.Schools.municipality, T.planTitle, T.year],
                    page.municipalPlans.map { roadmap in
                        [Components.cell(link: roadmap.municipality?.name ?? "",
                                         SiteURL.territoryRoadmaps(.value(roadmap.$municipality.id!)).path),
                         Components.cell(link: roadmap.title, SiteURL.territoryRoadmap(.value(roadmap.id!)).path),
                         Components.number(roadmap.cycleYear)]
                    })
            )),
            .if(page.canManage, importForm(context, page))
        )
    }

    private static func importForm(_ context: PageContext, _ page: TerritoryRoadmapsPage) -> Node<HTML.BodyContext> {
        let form = page.form
        var errors: [String: String] = [:]
        if case .invalidForm(let found) = page.result { errors = found }
        return .section(
            .class("import"),
            .h2(.text(T.importTitle)),
            .p(.text(T.importIntro)),
            .p(.class("hint"), .text(Strings.Import.formats)),
            .p(.text("\(Strings.Import.columns): "),
               .group(RoadmapImport.columns.enumerated().map { index, column in
                   .group(.if(index > 0, .text(", ")), .strong(.text(column.title)),
                          .if(column.required, .text(" (\(Strings.Import.requiredMark))")))
               })),
            .p(.class("hint"), .text(T.columnsHint)),
            .p(.a(.href(SiteURL.territoryRoadmapTemplate(.value(page.owner.id)).path), .text("\(Strings.Import.template) (XLSX)"))),
            .form(
                .method(.post), .action(SiteURL.territoryRoadmaps(.value(page.owner.id)).path), .enctype(.multipartData),
                Components.csrfField(context.csrf),
                Components.field(T.planTitle, name: "title", value: form.title ?? "", required: true, hint: T.titleHint,
                                 error: errors["title"]),
                Components.field(T.orderNumber, name: "orderNumber", value: form.orderNumber ?? "", error: errors["orderNumber"]),
                Components.field(T.orderDate, name: "orderDate", value: form.orderDate ?? "", type: "date",
                                 error: errors["orderDate"]),
                Components.field(T.year, name: "cycleYear", value: form.cycleYear ?? "\(page.today.year)", type: "number",
                                 required: true, hint: T.yearHint, error: errors["cycleYear"]),
                Components.sheetFileField(id: "roadmap-file"),
                Components.submit(Strings.Import.submit)
            )
        )
    }

    /// A refused import: the message for the whole file and the table of row problems.
    private static func resultBlock(_ result: RoadmapImportResult?) -> Node<HTML.BodyContext> {
        switch result {
        case nil: return .empty
        case .invalidForm(let errors): return Components.errorSummary(errors)
        case .failed(let message, let issues):
            return .div(
                .class("error-summary"), .id("import-result"), .attribute(named: "role", value: "alert"),
                ImportViews.problems(message, issues)
            )
        }
    }

    // MARK: one plan

    static func roadmap(_ context: PageContext, _ page: TerritoryRoadmapPage, status: HTTPStatus) -> Response {
        let roadmap = page.roadmap
        let id = roadmap.id!
        let standing = page.standing
        let dayQuery = [("date", standing.asOf.iso)]
        return Layout.render(
            context, title: roadmap.title,
            crumbs: [Crumb(T.title, .territoryPlans), Crumb(page.owner.name, .territoryRoadmaps(.value(page.owner.id))),
                     Crumb(T.planCrumb)],
            status: status,
            resultBlock(page.result),
            .p(.class("lead"), .text(page.owner.fullName),
               .unwrap(T.order(roadmap)) { .text(" · \(T.approvedBy) \($0)") },
               .text(" · \(T.year): \(roadmap.cycleYear)")),
            .p(.class("page-actions"),
               .a(.class("button"), .href(SiteURL.territoryRoadmapExport(.value(id)).path(query: dayQuery)), .text(T.exportXLSX)),
               .text(" "),
               .a(.href(SiteURL.publicTerritory(.value(page.owner.id)).path), .text(T.publicLink))),
            .section(
                .id("share"),
                .h2(.text(T.shareTitle)),
                .form(
                    .class("filters"), .method(.get), .action(SiteURL.territoryRoadmap(.value(id)).path),
                    Components.field(T.asOf, name: "date", value: standing.asOf.iso, type: "date", error: page.dateError),
                    .div(.class("actions"), .button(.type(.submit), .text(T.show)))
                ),
                .p(.class("share"), .id("share-result"), .text(T.shareSentence(standing.share, asOf: standing.asOf))),
                .if(!standing.overdue.isEmpty, .p(.class("overdue-note"), .text(T.overdueSentence(standing.overdue.count)))),
                .p(.class("hint"), .text(T.shareRule))
            ),
            items(page),
            .if(page.canManage, .section(
                .details(
                    .summary(.text(T.reimportTitle)),
                    .p(.text(T.reimportIntro)),
                    .form(
                        .method(.post), .action(SiteURL.territoryRoadmapImport(.value(id)).path), .enctype(.multipartData),
                        Components.csrfField(context.csrf),
                        Components.sheetFileField(id: "reimport-file"),
                        Components.submit(Strings.Import.submit)
                    )
                )
            ))
        )
    }

    /// The plan as a table; a plan in columns (seed 002) keeps its columns side by side.
    private static func items(_ page: TerritoryRoadmapPage) -> Node<HTML.BodyContext> {
        let standing = page.standing
        let items = standing.items
        let columns: [String] = {
            var seen = Set<String>()
            return items.compactMap(\.columnTitle).filter { seen.insert($0).inserted }
        }()
        if !columns.isEmpty { return columnTable(items, columns: columns, standing: standing) }
        let has: (KeyPath<RoadmapItemRecord, String?>) -> Bool = { path in items.contains { $0[keyPath: path] != nil } }
        let optional: [(String, KeyPath<RoadmapItemRecord, String?>)] = [
            (T.form, \.form), (T.due, \.dueText), (T.responsible, \.responsible), (T.indicator, \.indicator),
            (T.target, \.target),
        ].filter { has($0.1) }
        let headers = [T.number, T.action] + optional.map(\.0) + [T.standing]
        return table(headers, items.map { item -> (String, [Node<HTML.TableRowContext>]) in
            let state = standing.state(of: item)
            if item.isHeading {
                return (rowClass(item, state), [
                    .td(.text(item.number ?? "")),
                    .td(.attribute(named: "colspan", value: "\(headers.count - 1)"), .strong(.text(item.action)))])
            }
            var cells: [Node<HTML.TableRowContext>] = [
                .td(.text(item.number ?? "")),
                .td(.a(.href(SiteURL.territoryRoadmapItem(.value(item.id!)).path), .text(item.action))),
            ]
            for (_, path) in optional { cells.append(.td(.text(item[keyPath: path] ?? ""))) }
            cells.append(.td(badge(state)))
            return (rowClass(item, state), cells)
        })
    }

    private static func columnTable(_ items: [RoadmapItemRecord], columns: [String],
                                    standing: RoadmapStanding) -> Node<HTML.BodyContext> {
        var rows: [(String, [Node<HTML.TableRowContext>])] = []
        var index = 0
        while index < items.count {
            let item = items[index]
            if item.isHeading || item.tableRow == nil || item.columnTitle == nil {
                rows.append((rowClass(item, standing.state(of: item)), [
                    .td(.text(item.number ?? "")),
                    .td(.attribute(named: "colspan", value: "\(columns.count)"),
                        item.isHeading ? .strong(.text(item.action)) : cellContent(item, standing))]))
                index += 1
                continue
            }
            var cells: [String: RoadmapItemRecord] = [:]
            let row = item.tableRow
            while index < items.count, !items[index].isHeading, items[index].tableRow == row, let column = items[index].columnTitle {
                cells[column] = items[index]
                index += 1
            }
            let overdue = cells.values.contains { standing.state(of: $0) == .overdue }
            rows.append((overdue ? "overdue" : "", [.td(.text(""))] + columns.map { column in
                .td(.unwrap(cells[column], { cellContent($0, standing) }))
            }))
        }
        return table([T.number] + columns, rows)
    }

    private static func cellContent(_ item: RoadmapItemRecord, _ standing: RoadmapStanding) -> Node<HTML.BodyContext> {
        .group(.a(.href(SiteURL.territoryRoadmapItem(.value(item.id!)).path), .text(item.action)),
               .unwrap(item.dueText) { .span(.class("hint"), .text(" (\($0))")) },
               .div(badge(standing.state(of: item))))
    }

    private static func rowClass(_ item: RoadmapItemRecord, _ state: RoadmapStanding.State) -> String {
        var classes = ["depth-\(min(item.depth, 4))"]
        if item.isHeading { classes.append("heading") }
        if state == .overdue { classes.append("overdue") }
        return classes.joined(separator: " ")
    }

    private static func table(_ headers: [String], _ rows: [(String, [Node<HTML.TableRowContext>])]) -> Node<HTML.BodyContext> {
        guard !rows.isEmpty else { return .p(.class("empty"), .text(T.noItems)) }
        return Components.scrollBox(label: T.planCrumb, .table(
            .class("plan"),
            .thead(.tr(.forEach(headers) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
            .tbody(.forEach(rows) { row in .tr(.class(row.0), .group(row.1)) })
        ))
    }

    static func badge<C: HTMLContext>(_ state: RoadmapStanding.State) -> Node<C> {
        guard let title = T.stateTitle(state) else { return .empty }
        let style = switch state {
        case .done: "done"
        case .overdue: "overdue"
        case .notDone: "notdone"
        case .open, .heading: "none"
        }
        return .element(named: "span", nodes: [.attribute(named: "class", value: "status status-\(style)"), .text(title)])
    }

    // MARK: one item

    static func item(_ context: PageContext, _ page: RoadmapItemPage, status: HTTPStatus) -> Response {
        let item = page.item
        let title = [item.number, String(item.action.prefix(160))].compactMap { $0 }.joined(separator: " ")
        let details: [(String, String?)] = [
            (T.action, item.action), (T.form, item.form), (T.due, item.dueText),
            (T.dueDate, item.due.map { $0.russian }), (T.responsible, item.responsible), (T.indicator, item.indicator),
            (T.target, item.target), (T.column, item.columnTitle),
        ]
        return Layout.render(
            context, title: title,
            crumbs: [Crumb(T.title, .territoryPlans), Crumb(page.owner.name, .territoryRoadmaps(.value(page.owner.id))),
                     Crumb(page.roadmap.title, .territoryRoadmap(.value(page.roadmap.id!))), Crumb(item.number ?? T.itemCrumb)],
            status: status,
            .unwrap(page.error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .p(.class("lead"), .text("\(T.standingToday): "), badge(page.state)),
            .dl(.class("card"), .group(details.compactMap { label, value -> Node<HTML.DescriptionListContext>? in
                value.map { .group(.dt(.text(label)), .dd(.text($0))) }
            })),
            .if(page.canManage, markForms(context, page)),
            .section(
                .h2(.text(T.history)),
                Components.table(
                    [T.markedAt, T.who, T.mark, T.doneOnColumn, T.evidence, T.comment],
                    page.marks.reversed().map { mark in
                        [Components.cell(Formats.moment(mark.markedAt)),
                         Components.cell(page.names[mark.markedBy] ?? ""),
                         .td(badge(mark.isDone ? .done(on: nil) : .notDone)),
                         Components.cell(mark.doneDay?.russian ?? ""),
                         .td(.unwrap(mark.evidenceName) { name in
                                 .a(.href(SiteURL.territoryRoadmapEvidence(.value(mark.id!)).path), .text(name))
                             },
                             .unwrap(mark.evidenceLink) { link in
                                 .div(.a(.href(link), .attribute(named: "rel", value: "noopener noreferrer nofollow"), .text(link)))
                             }),
                         Components.cell(mark.comment)]
                    }, empty: T.noMarks)
            ),
            .p(.a(.href(SiteURL.territoryRoadmap(.value(page.roadmap.id!)).path), .text("← \(T.backToPlan)")))
        )
    }

    private static func markForms(_ context: PageContext, _ page: RoadmapItemPage) -> Node<HTML.BodyContext> {
        let id = page.item.id!
        let fields = page.fields
        return .group(
            .section(
                .h2(.text(T.markDoneTitle)),
                .form(
                    .class("stack upload"), .id("mark-done"), .method(.post), .enctype(.multipartData),
                    .action(SiteURL.territoryRoadmapItemDone(.value(id)).path),
                    .attribute(named: "data-upload", value: "upload"),
                    Components.csrfField(context.csrf),
                    Components.field(T.doneOnColumn, name: "doneOn", value: fields["doneOn"] ?? page.today.iso, type: "date",
                                     required: true),
                    .div(.class("field"),
                         .label(.for("evidence-file"), .text(T.evidenceFile)),
                         .selfClosedElement(named: "input", attributes: [
                             .attribute(named: "id", value: "evidence-file"), .attribute(named: "type", value: "file"),
                             .attribute(named: "name", value: "file"),
                             .attribute(named: "accept", value: ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.ppt,.pptx,.jpg,.jpeg,.png,.mp4,.webm"),
                         ]),
                         .p(.class("hint"), .text(Strings.Roadmap.filesHint(page.maxUploadBytes / 1024 / 1024)))),
                    Components.field(T.evidenceLink, name: "link", value: fields["link"] ?? "", type: "url", hint: T.evidenceHint),
                    .div(.class("field"),
                         .label(.for("done-comment"), .text(T.comment)),
                         .textarea(.id("done-comment"), .name("comment"), .attribute(named: "rows", value: "2"),
                                   .text(fields["comment"] ?? ""))),
                    .element(named: "progress", nodes: [.class("upload-progress"), .attribute(named: "hidden", value: "hidden"),
                                                        .attribute(named: "max", value: "100"), .attribute(named: "value", value: "0")]),
                    Components.submit(T.markDone)
                )
            ),
            .section(
                .h2(.text(T.markNotDoneTitle)),
                .form(
                    .class("stack"), .id("mark-not-done"), .method(.post),
                    .action(SiteURL.territoryRoadmapItemNotDone(.value(id)).path),
                    Components.csrfField(context.csrf),
                    .div(.class("field"),
                         .label(.for("not-done-reason"), .text(T.reason)),
                         .textarea(.id("not-done-reason"), .name("reason"), .attribute(named: "rows", value: "2"),
                                   .attribute(named: "required", value: "required"), .text(fields["reason"] ?? ""))),
                    .div(.class("actions"), .button(.type(.submit), .text(T.markNotDone)))
                )
            )
        )
    }

    // MARK: the public page

    /// The territory's plans-schedules with the share done as of the day (the public page shows them).
    static func publicPlans(_ plans: [(TerritoryRoadmapRecord, RoadmapStanding)], today: CalendarDate) -> Node<HTML.BodyContext> {
        .group(
            .if(plans.isEmpty, .p(.class("empty"), .text(T.noPlans))),
            .forEach(plans) { roadmap, standing in
                .section(
                    .class("public-plan"),
                    .h3(.text(roadmap.title)),
                    .p(.text(["\(T.year): \(roadmap.cycleYear)", T.order(roadmap).map { "\(T.approvedBy) \($0)" }]
                        .compactMap { $0 }.joined(separator: " · "))),
                    .p(.class("share"), .text(T.shareSentence(standing.share, asOf: today))),
                    .if(!standing.overdue.isEmpty, .p(.class("overdue-note"), .text(T.overdueSentence(standing.overdue.count)))),
                    .details(
                        .summary(.text(T.itemsSummary(standing.actionCount))),
                        Components.table(
                            [T.number, T.action, T.due, T.standing],
                            standing.items.map { item in
                                let state = standing.state(of: item)
                                return [Components.cell(item.number ?? ""),
                                        item.isHeading ? .td(.strong(.text(item.action))) : Components.cell(item.action),
                                        Components.cell(item.dueText ?? ""), .td(badge(state))]
                            })
                    )
                )
            }
        )
    }
}
