import MEDKCore
import Plot
import Vapor

enum SchoolViews {
    static func list(_ context: PageContext, _ page: SchoolListPage) -> Response {
        let filter = page.filter
        let pages = max(1, (page.total + SchoolFilter.pageSize - 1) / SchoolFilter.pageSize)
        let query: (Int) -> String = { number in
            SiteURL.schools.path(query: [("region", filter.regionID?.uuidString ?? ""),
                                         ("municipality", filter.municipalityID?.uuidString ?? ""),
                                         ("q", filter.search), ("page", number > 1 ? "\(number)" : "")])
        }
        return Layout.render(
            context, title: Strings.Schools.title,
            .unwrap(page.attention) { Attention.block($0) },
            .if(page.canCreate, .p(.class("page-actions"), .a(.class("button"), .href(SiteURL.newSchool.path), .text(Strings.Schools.new)))),
            .form(
                .class("filters"), .method(.get), .action(SiteURL.schools.path),
                .if(!page.regions.isEmpty, Components.select(
                    Strings.Schools.region, name: "region",
                    options: [("", Strings.Common.all)] + page.regions.map { ($0.id!.uuidString, $0.name) },
                    selected: filter.regionID?.uuidString ?? "")),
                .if(page.municipalities.count > 1, Components.select(
                    Strings.Schools.municipality, name: "municipality",
                    options: [("", Strings.Common.all)] + page.municipalities.map { ($0.id!.uuidString, $0.name) },
                    selected: filter.municipalityID?.uuidString ?? "")),
                Components.field(Strings.Common.search, name: "q", value: filter.search, type: "search",
                                 hint: Strings.Schools.searchPlaceholder),
                .div(.class("actions"), .button(.type(.submit), .text(Strings.Common.search)),
                     .a(.href(SiteURL.schools.path), .text(Strings.Common.reset)))
            ),
            .p(.class("count"), .text("\(Strings.Schools.count): \(Strings.Common.schools(page.total))")),
            Components.table(
                [Strings.Schools.fullName, Strings.Schools.municipality, Strings.Schools.locality,
                 Strings.Schools.participatesShort, Strings.Schools.curators],
                page.rows.map { row in
                    [Components.cell(link: row.school.fullName, SiteURL.school(.value(row.school.id!)).path),
                     Components.cell(row.school.municipality.name),
                     Components.cell(row.school.isRural ? Strings.Common.rural : Strings.Common.urban),
                     Components.cell(row.participates ? Strings.Common.yes : Strings.Common.no),
                     Components.cell(row.curators.isEmpty ? Strings.Common.none : row.curators.joined(separator: ", "))]
                }),
            .if(pages > 1, .nav(.class("pager"), .ariaLabel("Страницы"),
                                .ul(.forEach(1...pages) { number in
                                    .li(number == filter.page
                                        ? .span(.attribute(named: "aria-current", value: "page"), .text("\(number)"))
                                        : .a(.href(query(number)), .text("\(number)")))
                                })))
        )
    }

    /// The school's page: its roadmap for the current cycle, its curators, its registry card.
    static func card(_ context: PageContext, _ page: SchoolPage, asHome: Bool) -> Response {
        let school = page.school
        let crumbs: [Crumb] = asHome ? [] : [Crumb(Strings.Home.title, .home), Crumb(school.shortName)]
        return Layout.render(
            context, title: asHome ? school.shortName : school.fullName, crumbs: crumbs,
            .p(.class("lead"), .text("\(school.municipality.name), \(school.region.name)")),
            roadmap(page),
            curators(context, page),
            registry(school),
            controlDates(page),
            otherYears(page),
            practices(page)
        )
    }

    /// The school's published practices, each opening in the public bank.
    private static func practices(_ page: SchoolPage) -> Node<HTML.BodyContext> {
        guard !page.practices.isEmpty else { return .empty }
        return .section(.id("practices"), .h2(.text(Strings.Practices.schoolPractices)), .ul(.forEach(page.practices) { practice in
            .li(.a(.href(SiteURL.publicPractice(.value(practice.id)).path), .text(practice.title)))
        }))
    }

    /// The school's history: every other programme year it took part in, with that year's documents.
    private static func otherYears(_ page: SchoolPage) -> Node<HTML.BodyContext> {
        guard !page.otherYears.isEmpty else { return .empty }
        let C = Strings.Cycles.self, R = Strings.Roadmap.self
        return .section(
            .id("other-years"),
            .h2(.text(C.otherYears)),
            .forEach(page.otherYears) { year in
                .group(
                    .h3(.text("\(year.cycle.title) (\(C.statusTitle(year.cycle.status)))")),
                    .p(.a(.href(SiteURL.school(.value(page.school.id!)).path(query: [("cycle", "\(year.cycle.year)")])),
                          .text(C.openYear(year.cycle.year)))),
                    .p(.text(C.yearOutcome(documents: year.documents.count, approved: year.approved))),
                    .if(!year.documents.isEmpty, .ul(.forEach(year.documents) { document in
                        .li(.a(.href(SiteURL.document(.value(document.id!)).path), .text(document.title)),
                            .text(" — " + R.stateTitle(document.state)))
                    }))
                )
            }
        )
    }

    private static func roadmap(_ page: SchoolPage) -> Node<HTML.BodyContext> {
        guard let cycle = page.cycle, page.participation != nil else {
            return .section(.h2(.text(Strings.Home.sections)), .p(.class("empty"), .text(Strings.Home.notParticipating)))
        }
        let schoolID = page.school.id!
        return .section(
            nextStep(page),
            .h2(.text("\(Strings.Home.sections) — \(cycle.title)")),
            .if(page.isPastYear, .p(.class("archive-note"), .text(Strings.Cycles.pastYearNote(cycle) + " "),
                                    .a(.href(SiteURL.school(.value(schoolID)).path), .text(Strings.Cycles.toRunningYear)))),
            .if(!page.isPastYear, .p(.class("next-date"), .text("\(Strings.Home.nextControlDate): "),
               .unwrap(page.nextControlDate, { date in
                   .group(.strong(.text(date.date?.russian ?? date.dateText)), .text(" — \(date.event)"))
               }, else: .text(Strings.Home.noNextControlDate)))),
            Components.table(
                [Strings.Home.section, Strings.Home.status, Strings.Home.dueBy, Strings.Home.when],
                RoadmapSection.allCases.map { section in
                    let timing = section == .chat ? .undated : SchoolSteps.timing(page, section)
                    // A section's page is the running year's: an earlier year lists its documents below instead.
                    return [.td(page.isPastYear ? .text(Strings.Home.sectionTitle(section))
                                                : sectionLink(section, schoolID: schoolID, unread: page.unreadChat)),
                            .td(.if(section != .chat, statusBadge(page.status(of: section)))),
                            Components.cell(page.dueDate(of: section)?.date?.russian ?? Strings.Common.none),
                            .td(.unwrap(Strings.Home.timing(timing)) { .span(.class("timing timing-\(timing.style)"), .text($0)) })]
                }),
            .if(page.isPastYear, yearDocuments(page.documents.filter { $0.state != .withdrawn })),
            .if(!page.indicatorProgress.isEmpty, .group(
                .h3(.text(Strings.MonitoringReports.progress)),
                Components.table(Strings.MonitoringReports.progressColumns, page.indicatorProgress.map { row in
                    [Components.number(row.direction), Components.cell(row.indicator.title), Components.cell(row.indicator.unit),
                     .td(.class("num"), .text(Formats.number(row.indicator.baseline))),
                     .td(.class("num"), .text(Formats.number(row.indicator.target))),
                     .td(.class("num"), .text(row.monitoring1.map { Formats.number($0) } ?? Strings.Common.none)),
                     .td(.class("num"), .text(row.monitoring2.map { Formats.number($0) } ?? Strings.Common.none))]
                })))
        )
    }

    /// An earlier year's documents as they stood when it ended, each opening on its own page.
    private static func yearDocuments(_ documents: [Document]) -> Node<HTML.BodyContext> {
        .group(
            .h3(.text(Strings.Cycles.yearDocuments)),
            .p(.text(Strings.Cycles.yearOutcome(documents: documents.count, approved: documents.filter { $0.state == .approved }.count))),
            .if(!documents.isEmpty, .ul(.id("year-documents"), .forEach(documents) { document in
                .li(.a(.href(SiteURL.document(.value(document.id!)).path), .text(document.title)),
                    .text(" — " + Strings.Roadmap.stateTitle(document.state)))
            }))
        )
    }

    /// Sections with documents and the chat open their own page; the others come with the methodology path.
    private static func sectionLink(_ section: RoadmapSection, schoolID: UUID, unread: Int) -> Node<HTML.BodyContext> {
        let title = Strings.Home.sectionTitle(section)
        guard let url = sectionURL(section, schoolID: schoolID) else { return .text(title) }
        return .group(.a(.href(url), .text(title)),
                      .if(section == .chat && unread > 0, .span(.class("unread"), .text(" \(unread)"))))
    }

    /// Where a roadmap step is done.
    static func sectionURL(_ section: RoadmapSection, schoolID: UUID) -> String? {
        switch section {
        case .chat: return SiteURL.chat(.value(schoolID)).path
        case .verification: return SiteURL.verification(.value(schoolID)).path
        case .selfAssessment: return SiteURL.selfAssessment(.value(schoolID)).path
        case .directions, .programs, .stage1, .stage2: return SiteURL.directions(.value(schoolID)).path
        case .monitoring1, .monitoring2:
            return SiteURL.monitoringReport(school: .value(schoolID), stage: .value(section == .monitoring1 ? 1 : 2)).path
        default:
            return DocumentSection.schoolWide.first { $0.roadmapSection == section }
                .map { SiteURL.section(school: .value(schoolID), section: .value($0.rawValue)).path }
        }
    }

    /// The one next action as a button, and the returned items with what the curator asked to change.
    private static func nextStep(_ page: SchoolPage) -> Node<HTML.BodyContext> {
        guard page.canEdit else { return .empty }
        let next = SchoolSteps.next(page)
        return .div(
            .class("next-step"), .id("next-step"),
            .h2(.text(Strings.Home.nextStep)),
            .unwrap(next, { action in
                .group(.p(.a(.class("button primary"), .href(action.url), .text(action.title))),
                       .unwrap(action.detail) { .p(.class("hint"), .text($0)) })
            }, else: .p(.text(Strings.Home.nothingToDo))),
            .if(!page.returned.isEmpty, .group(
                .h3(.text(Strings.Home.returnedTitle)),
                .ul(.class("returned"), .forEach(page.returned) { item in
                    .li(.a(.href(item.url), .text(item.title)), .text(" — \(Strings.Home.sectionTitle(item.section))"),
                        .if(!item.comment.isEmpty, .blockquote(.text(item.comment))))
                })))
        )
    }

    private static func statusBadge(_ status: SectionStatus) -> Node<HTML.BodyContext> {
        .span(.class("status status-\(status.rawValue)"), .text(Strings.Roadmap.sectionStatus(status)))
    }

    private static func curators(_ context: PageContext, _ page: SchoolPage) -> Node<HTML.BodyContext> {
        let active = page.activeAssignments
        let schoolID = page.school.id!
        let canAssign = page.curatorPool != nil
        return .section(
            .h2(.text(Strings.Schools.curators)),
            .if(active.isEmpty, .p(.class("empty"), .text(Strings.Home.noCurator))),
            .if(!page.assignments.isEmpty, Components.table(
                [Strings.Schools.curator, Strings.Schools.startsOn, Strings.Schools.endsOn, ""],
                page.assignments.map { assignment in
                    [Components.cell(assignment.curator.fullName),
                     Components.cell(CalendarDate(assignment.startsOn)?.russian ?? ""),
                     Components.cell(assignment.endsOn.flatMap { CalendarDate($0)?.russian } ?? Strings.Schools.current),
                     .td(.if(canAssign && assignment.endsOn == nil,
                             endForm(context, school: schoolID, assignment: assignment, today: page.today)))]
                }, caption: Strings.Schools.history)),
            .unwrap(page.curatorPool) { pool in
                .if(page.participation == nil,
                    .group(.p(.text(Strings.Schools.notInCycle)),
                           .if(page.canManage, Components.postButton(SiteURL.schoolParticipation(.value(schoolID)).path,
                                                                     csrf: context.csrf, title: Strings.Schools.include))),
                    else: assignForm(context, school: schoolID, pool: pool, today: page.today))
            }
        )
    }

    private static func assignForm(_ context: PageContext, school: UUID, pool: [User], today: CalendarDate) -> Node<HTML.BodyContext> {
        guard !pool.isEmpty else { return .p(.class("hint"), .text(Strings.Schools.noCuratorsInRegion)) }
        return .form(
            .class("inline-form"), .method(.post), .action(SiteURL.schoolCurators(.value(school)).path),
            Components.csrfField(context.csrf),
            Components.heading(Strings.Schools.assignTitle),
            Components.select(Strings.Schools.curator, name: "curator",
                              options: [("", "—")] + pool.map { ($0.id!.uuidString, $0.fullName) }, selected: "",
                              required: true),
            Components.field(Strings.Schools.startsOn, name: "startsOn", value: today.iso, type: "date", required: true,
                             hint: "дд.мм.гггг"),
            Components.submit(Strings.Schools.assign)
        )
    }

    private static func endForm(_ context: PageContext, school: UUID, assignment: CuratorAssignment,
                                today: CalendarDate) -> Node<HTML.BodyContext> {
        .form(
            .class("inline"), .method(.post),
            .action(SiteURL.endAssignment(school: .value(school), assignment: .value(assignment.id!)).path),
            Components.csrfField(context.csrf),
            .label(.for("end-\(assignment.id!)"), .class("visually-hidden"), .text(Strings.Schools.endsOn)),
            .input(.id("end-\(assignment.id!)"), .type(.date), .name("endsOn"), .value(today.iso)),
            .button(.type(.submit), .text(Strings.Schools.unassign))
        )
    }

    private static func registry(_ school: School) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Карточка ОО")),
            .dl(.class("card"),
                .dt(.text(Strings.Schools.fullName)), .dd(.text(school.fullName)),
                .dt(.text(Strings.Schools.shortName)), .dd(.text(school.shortName)),
                .dt(.text(Strings.Schools.municipality)), .dd(.text(school.municipality.name)),
                .dt(.text(Strings.Schools.region)), .dd(.text(school.region.name)),
                .dt(.text(Strings.Schools.address)), .dd(.text(school.address.isEmpty ? Strings.Common.none : school.address)),
                .dt(.text(Strings.Schools.locality)), .dd(.text(school.isRural ? Strings.Common.rural : Strings.Common.urban)),
                .dt(.text(Strings.Schools.code)), .dd(.text(school.code ?? Strings.Common.none)))
        )
    }

    private static func controlDates(_ page: SchoolPage) -> Node<HTML.BodyContext> {
        guard !page.controlDates.isEmpty else { return .empty }
        return .section(
            .details(
                .summary(.text(Strings.Home.controlDates)),
                Components.table(
                    [Strings.Common.date, Strings.Home.event, Strings.Home.indicator],
                    page.controlDates.map { date in
                        [Components.cell(date.date?.russian ?? date.dateText),
                         .td(.strong(.text(date.event)), .br(), .text(date.details)),
                         Components.cell(date.indicator ?? Strings.Common.none)]
                    })
            )
        )
    }

    static func form(_ context: PageContext, form: SchoolController.SchoolForm, municipalities: [Municipality],
                     errors: [String: String], status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: Strings.Schools.new,
            crumbs: [Crumb(Strings.Schools.title, .schools), Crumb(Strings.Schools.new)], status: status,
            Components.errorSummary(errors),
            .form(
                .method(.post), .action(SiteURL.schools.path),
                Components.csrfField(context.csrf),
                .div(.class("stack"),
                     Components.select(Strings.Schools.municipality, name: "municipality",
                                       options: [("", "—")] + municipalities.map { ($0.id!.uuidString, "\($0.name) (\($0.region.name))") },
                                       selected: form.municipality, required: true, error: errors["municipality"]),
                     Components.field(Strings.Schools.fullName, name: "fullName", value: form.fullName ?? "", required: true,
                                      error: errors["fullName"]),
                     Components.field(Strings.Schools.shortName, name: "shortName", value: form.shortName ?? ""),
                     Components.field(Strings.Schools.address, name: "address", value: form.address ?? ""),
                     Components.select(Strings.Schools.locality, name: "locality",
                                       options: [("urban", Strings.Common.urban), ("rural", Strings.Common.rural)],
                                       selected: form.locality ?? "urban"),
                     Components.field(Strings.Schools.code, name: "code", value: form.code ?? "", hint: Strings.Schools.codeHint,
                                      error: errors["code"]),
                     Components.checkbox(Strings.Schools.participates, name: "participates", checked: form.participates != nil),
                     Components.submit(Strings.Common.create))
            )
        )
    }
}
