import MEDKCore
import Plot
import Vapor

enum CycleViews {
    typealias C = Strings.Cycles

    static func list(_ context: PageContext, cycles: [Cycle], current: UUID?, form: CycleLifecycle.NewCycle, errors: [String],
                     status: HTTPStatus) -> Response {
        let titles = Dictionary(uniqueKeysWithValues: cycles.compactMap { cycle in cycle.id.map { ($0, cycle.title) } })
        let sources = cycles.filter { $0.status != .draft }
        return Layout.render(
            context, title: C.title, status: status,
            refusal(errors),
            .p(.text(C.intro)),
            Components.table([C.cycle, C.year, C.dates, C.status, C.copiedFrom], cycles.map { cycle in
                [Components.cell(link: cycle.title, SiteURL.cycle(.value(cycle.id!)).path),
                 .td(.class("num"), .text("\(cycle.year)")),
                 Components.cell(C.span(cycle)),
                 Components.cell(C.statusTitle(cycle.status) + (cycle.id == current ? ", \(C.current)" : "")),
                 Components.cell(cycle.copiedFrom.flatMap { titles[$0] } ?? "")]
            }, caption: C.title),
            .h2(.text(C.newTitle)),
            .p(.class("hint"), .text(C.newHint)),
            .form(
                .class("stack"), .id("new-cycle"), .method(.post), .action(SiteURL.cycles.path),
                Components.csrfField(context.csrf),
                Components.field(C.year, name: "year", value: form.year, type: "number", required: true),
                Components.field(C.titleField, name: "title", value: form.title, required: true, hint: C.titleHint),
                Components.select(C.source, name: "source", options: sources.map { ($0.id!.uuidString, $0.title) },
                                  selected: form.source, required: true),
                Components.field(C.startsOn, name: "startsOn", value: form.startsOn, type: "date", required: true),
                Components.field(C.endsOn, name: "endsOn", value: form.endsOn, type: "date", required: true),
                Components.submit(C.create)
            )
        )
    }

    static func cycle(_ context: PageContext, cycle: Cycle, source: Cycle?, factors: [String], dates: [CycleControlDate],
                      rule: VisitRule, schools: Int, sourceRegions: [(region: Region, schools: Int)], fields: [String: String],
                      errors: [String], importProblems: (String?, [ImportIssue])?, status: HTTPStatus) -> Response {
        let id = cycle.id!
        let editable = cycle.status == .draft
        return Layout.render(
            context, title: cycle.title, crumbs: [Crumb(C.title, .cycles), Crumb(cycle.title)], status: status,
            refusal(errors),
            .dl(.class("facts"),
                .dt(.text(C.status)), .dd(.text(C.statusTitle(cycle.status))),
                .dt(.text(C.dates)), .dd(.text(C.span(cycle))),
                .unwrap(source) { .group(.dt(.text(C.copiedFrom)), .dd(.a(.href(SiteURL.cycle(.value($0.id!)).path), .text($0.title)))) },
                .dt(.text(C.visitRule)), .dd(.text(Strings.Dashboards.rule(rule)))),
            .if(cycle.status == .draft, Components.postButton(SiteURL.cycleOpen(.value(id)).path, csrf: context.csrf,
                                                              title: C.openCycle, style: "primary", confirm: C.openConfirm(cycle))),
            .if(cycle.status == .open, Components.postButton(SiteURL.cycleClose(.value(id)).path, csrf: context.csrf,
                                                             title: C.closeCycle, confirm: C.closeConfirm(cycle))),
            .h2(.text(C.schools)),
            .p(.id("cycle-schools"), .text(C.schoolCount(schools))),
            .if(cycle.status != .closed && !sourceRegions.isEmpty, .unwrap(source) { source in
                carryForm(context, cycle: cycle, source: source, regions: sourceRegions, fields: fields)
            }),
            .unwrap(importProblems) { problems in
                .div(.class("error-summary"), .id("import-problems"), .attribute(named: "role", value: "alert"),
                     ImportViews.problems(problems.0, problems.1))
            },
            .if(cycle.status != .closed, .form(
                .class("stack"), .id("import-schools"), .method(.post), .action(SiteURL.cycleImport(.value(id)).path),
                .enctype(.multipartData),
                Components.csrfField(context.csrf),
                .fieldset(
                    Components.legend(C.importTitle),
                    .p(.class("hint"), .text(C.importHint)),
                    .div(.class("field"),
                         .label(.for("import-file"), .text(C.importFile)),
                         .input(.id("import-file"), .type(.file), .name("file"), .required(true),
                                .attribute(named: "accept", value: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))
                ),
                Components.submit(C.importButton)
            )),
            .h2(.text(C.controlDates)),
            .if(editable, .p(.class("hint"), .text(C.datesHint))),
            .form(
                .id("cycle-dates"), .method(.post), .action(SiteURL.cycleDates(.value(id)).path),
                Components.csrfField(context.csrf),
                Components.scrollBox(label: C.controlDates, .table(
                    .thead(.tr(.forEach([C.date, C.event, C.indicator]) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.forEach(dates) { date in
                        let name = "d-\(date.id!)"
                        return .tr(
                            .td(editable
                                ? .input(.type(.date), .name(name), .value(fields[name] ?? date.dateText),
                                         .attribute(named: "aria-label", value: "\(C.date): \(date.event)"))
                                : .text(date.date?.russian ?? date.dateText)),
                            .td(.text(date.event)),
                            .td(.text(date.indicator ?? ""))
                        )
                    })
                )),
                editable
                    ? Components.field(C.reminderDays, name: "reminderDays",
                                       value: fields["reminderDays"] ?? cycle.reminderDays.map(String.init).joined(separator: ", "),
                                       hint: C.reminderDaysHint)
                    : .p(.text(C.reminderDays + ": " + cycle.reminderDays.map(String.init).joined(separator: ", "))),
                .if(editable, Components.submit(C.saveDates))
            ),
            .h2(.text(C.factors)),
            .ol(.forEach(factors) { .li(.text($0)) })
        )
    }

    /// The source cycle's schools, by region: every region ticked to begin with, as a new year usually goes on with all.
    private static func carryForm(_ context: PageContext, cycle: Cycle, source: Cycle, regions: [(region: Region, schools: Int)],
                                  fields: [String: String]) -> Node<HTML.BodyContext> {
        let fresh = fields.isEmpty
        return .form(
            .class("stack"), .id("carry-schools"), .method(.post), .action(SiteURL.cycleSchools(.value(cycle.id!)).path),
            Components.csrfField(context.csrf),
            .fieldset(
                Components.legend(C.carryTitle(source)),
                .p(.class("hint"), .text(C.carryHint)),
                .forEach(regions) { entry in
                    let name = "region-\(entry.region.id!)"
                    return Components.checkbox(C.regionLabel(entry.region.name, entry.schools), name: name,
                                               checked: fresh || fields[name] != nil)
                },
                Components.checkbox(C.withCurators, name: "curators", checked: fresh || fields["curators"] != nil)
            ),
            Components.submit(C.carry)
        )
    }

    private static func refusal(_ errors: [String]) -> Node<HTML.BodyContext> {
        .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                                  .p(.text(C.refused)), .ul(.forEach(errors) { .li(.text($0)) })))
    }
}
