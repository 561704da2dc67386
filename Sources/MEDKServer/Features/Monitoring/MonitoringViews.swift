import MEDKCore
import Plot
import Vapor

struct MonitoringIndexPage: Sendable {
    let instruments: [InstrumentRecord]
    let runs: [MonitoringRun]
    /// The coordinator's own territory when it may open monitorings.
    let owner: TerritoryOwner?
    let form: MonitoringController.OpenForm
    let errors: [String: String]
}

struct MonitoringRunPage: Sendable {
    let run: MonitoringRun
    let owner: TerritoryOwner
    let instrument: Instrument
    let rows: [MonitoringResultRow]
    let previous: MonitoringRun?
    let canManage: Bool
    let form: MonitoringController.SubjectForm
    let error: String?
    /// The territory's schools, for a school's or a teacher's monitoring.
    let schools: [School]
    let teachers: TeacherReport?

    var schoolNames: [UUID: String] {
        Dictionary(teachers?.bySchool.map { ($0.schoolID, $0.school) } ?? [], uniquingKeysWith: { first, _ in first })
    }
}

struct MonitoringSubjectPage: Sendable {
    let subject: MonitoringSubject
    let run: MonitoringRun
    let owner: TerritoryOwner
    let instrument: Instrument
    let result: MonitoringResultRow
    /// Field name → the text to show in it.
    let values: [String: String]
    let problems: [InstrumentProblem]
    /// Oldest first.
    let history: [MonitoringSubmission]
    let names: [UUID: String]
    let canManage: Bool
    /// Field name → where an offered value came from.
    var notes: [String: String] = [:]
    /// Problems of the previous period's values (student results).
    var previousProblems: [InstrumentProblem] = []
    /// Where values the form offers came from.
    var formNote: String? = nil
}

enum MonitoringViews {
    static let M = Strings.Monitoring.self

    // MARK: the index

    static func index(_ context: PageContext, _ page: MonitoringIndexPage, status: HTTPStatus) -> Response {
        Layout.render(
            context, title: M.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(M.title)], status: status,
            Components.errorSummary(page.errors),
            .section(
                .h2(.text(Strings.RiskFactors.title)),
                .p(.text(Strings.RiskFactors.intro + " "), .a(.href(SiteURL.riskFactors.path), .text(Strings.RiskFactors.open)))
            ),
            .section(
                .h2(.text(M.runs)),
                Components.table(
                    [M.instrument, M.territory, M.period, M.dates],
                    page.runs.map { run in
                        [Components.cell(run.instrumentRecord.title),
                         Components.cell(run.municipality?.name ?? run.region.name),
                         Components.cell(link: run.period, SiteURL.monitoringRun(.value(run.id!)).path),
                         Components.cell(M.dates(run))]
                    }, empty: M.noRuns)
            ),
            .unwrap(page.owner) { owner in openForm(context, page, owner: owner) },
            .section(
                .h2(.text(M.instruments)),
                Components.table(
                    [M.instrument, M.subjectKind, M.kind],
                    page.instruments.map { record in
                        [Components.cell(link: record.title, SiteURL.instrument(.value(record.id!)).path),
                         Components.cell(SubjectKind(rawValue: record.subject)?.title ?? record.subject),
                         Components.cell(record.isBuiltIn ? M.builtIn : M.custom)]
                    }),
                .if(page.owner != nil, .p(.a(.class("button"), .href(SiteURL.newInstrument.path), .text(M.newInstrument))))
            )
        )
    }

    private static func openForm(_ context: PageContext, _ page: MonitoringIndexPage, owner: TerritoryOwner) -> Node<HTML.BodyContext> {
        let form = page.form
        return .section(
            .h2(.text(M.openTitle)),
            .p(.text("\(M.territory): \(owner.fullName)")),
            .form(
                .class("stack"), .id("open-monitoring"), .method(.post), .action(SiteURL.monitoringRuns.path),
                Components.csrfField(context.csrf),
                Components.select(M.instrument, name: "instrument",
                                  options: [("", M.choose)] + page.instruments.map { ($0.id!.uuidString, $0.title) },
                                  selected: form.instrument ?? "", required: true, error: page.errors["instrument"]),
                Components.field(M.period, name: "period", value: form.period ?? "", required: true, hint: M.periodHint,
                                 error: page.errors["period"]),
                Components.field(M.startsOn, name: "startsOn", value: form.startsOn ?? "", type: "date", required: true,
                                 error: page.errors["startsOn"]),
                Components.field(M.endsOn, name: "endsOn", value: form.endsOn ?? "", type: "date", required: true,
                                 error: page.errors["endsOn"]),
                Components.submit(M.openRun)
            )
        )
    }

    // MARK: one monitoring

    static func run(_ context: PageContext, _ page: MonitoringRunPage, status: HTTPStatus) -> Response {
        let run = page.run
        let instrument = page.instrument
        let hasFormula = instrument.formula != nil
        let isTeachers = instrument.subject == .teacher
        let headers = [M.rowNumber, instrument.subject.title] + (isTeachers ? [M.taughtSubject, M.school] : [])
            + (hasFormula ? [M.value, M.band, M.recommendation] : [M.filled]) + [M.previous, M.change, ""]
        return Layout.render(
            context, title: instrument.title,
            crumbs: [Crumb(M.title, .monitoring), Crumb(run.period)],
            status: status,
            .unwrap(page.error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .p(.class("lead"), .text("\(page.owner.fullName) · \(run.period) (\(M.dates(run)))")),
            .p(.class("page-actions"),
               .a(.class("button"), .href(SiteURL.monitoringRunSummary(.value(run.id!)).path), .text(M.summaryXLSX)),
               .text(" "),
               .a(.href(SiteURL.instrument(.value(run.$instrumentRecord.id)).path), .text(M.aboutInstrument))),
            .p(.class("hint"), .text(page.previous.map { M.comparedWith($0) } ?? M.noPreviousRun)),
            Components.table(headers, page.rows.enumerated().map { index, row in
                let link = SiteURL.monitoringSubject(.value(row.subject.id!)).path
                let dynamics = row.dynamics
                var cells: [Node<HTML.TableRowContext>] = [Components.number(index + 1), Components.cell(link: row.subject.name, link)]
                if isTeachers {
                    cells += [Components.cell(row.subject.partI?.subject ?? ""),
                              Components.cell(row.subject.schoolID.flatMap { id in page.schoolNames[id] } ?? "")]
                }
                if hasFormula {
                    cells += [.td(.class("num"), .text(M.valueText(row, instrument))),
                              Components.cell(row.evaluation?.band?.label ?? ""),
                              Components.cell(row.evaluation?.band?.recommendation ?? "")]
                } else {
                    cells += [Components.cell(row.submission.map { Formats.moment($0.submittedAt) } ?? M.notFilled)]
                }
                cells += [.td(.class("num"), .text(hasFormula ? row.previous.map { M.value($0.value, in: instrument) } ?? "" : "")),
                          Components.cell(dynamics.map { M.changeText($0, hasFormula: hasFormula) } ?? ""),
                          .td(.a(.href(link), .text(page.canManage ? M.enterValues : M.view)))]
                return cells
            }, empty: M.noSubjects(instrument.subject)),
            .unwrap(MonitoringForm.hasTwoPeriods(instrument) ? page : nil) { conclusions($0) },
            .unwrap(page.teachers) { teacherReport($0, instrument: instrument, previous: page.previous) },
            .if(page.canManage, addSubject(context, page)),
            bands(instrument)
        )
    }

    /// The form adding a subject: a school is chosen from the territory's; a teacher is named, placed at a school and
    /// described by seed 003's Part I.
    private static func addSubject(_ context: PageContext, _ page: MonitoringRunPage) -> Node<HTML.BodyContext> {
        let kind = page.instrument.subject, form = page.form
        let schoolChoice = Components.select(kind == .school ? M.school : M.teacherSchool, name: "school",
                                             options: [("", M.choose)] + page.schools.map { ($0.id!.uuidString, $0.fullName) },
                                             selected: form.school ?? "", required: true) as Node<HTML.FormContext>
        let fields: Node<HTML.FormContext> = switch kind {
        case .school: schoolChoice
        case .teacher: .group(
            Components.field(M.subjectName(kind), name: "name", value: form.name ?? "", required: true),
            schoolChoice,
            Components.select(M.taughtSubject, name: "subject", options: [("", M.choose)] + TeacherPartI.subjects.map { ($0, $0) },
                              selected: TeacherPartI.subject(matching: form.subject ?? "") ?? "", required: true),
            Components.field(M.education, name: "education", value: form.education ?? "", required: true),
            Components.field(M.experience, name: "experience", value: form.experience ?? "", type: "number"),
            Components.field(M.hours, name: "hours", value: form.hours ?? "", type: "number"))
        default: Components.field(M.subjectName(kind), name: "name", value: form.name ?? "", required: true)
        }
        return .form(
            .class(kind == .teacher ? "stack" : "inline-form"), .id("add-subject"), .method(.post),
            .action(SiteURL.monitoringRunSubjects(.value(page.run.id!)).path),
            Components.csrfField(context.csrf),
            Components.heading(M.addSubjectTitle(kind)),
            fields,
            Components.submit(M.addSubject)
        )
    }

    /// Seed 003's conclusion of the student results: per group of indicators, the schools that improved and those
    /// that still show low results.
    private static func conclusions(_ page: MonitoringRunPage) -> Node<HTML.BodyContext> {
        let groups = page.instrument.groups
        return .section(
            .id("conclusions"),
            .h2(.text(M.conclusionsTitle)),
            .p(.class("hint"), .text(M.conclusionsRule)),
            Components.table(
                [M.group, M.improvedSchools, M.stillLowSchools, M.notCompared],
                groups.map { group in
                    var improved: [String] = [], stillLow: [String] = [], unknown: [String] = []
                    for row in page.rows {
                        switch row.dynamics?.outcome(of: group.codes) {
                        case .improved?: improved.append(row.subject.name)
                        case let outcome?: stillLow.append(row.subject.name + M.outcomeNote(outcome))
                        case nil: unknown.append(row.subject.name)
                        }
                    }
                    return [Components.cell(group.title), Components.cell(M.list(improved)), Components.cell(M.list(stillLow)),
                            Components.cell(M.list(unknown))]
                })
        )
    }

    /// Seed 003's teacher reports: levels by subject and school, groups for courses, moves since the previous period.
    private static func teacherReport(_ report: TeacherReport, instrument: Instrument, previous: MonitoringRun?) -> Node<HTML.BodyContext> {
        let levels = instrument.bands.map(\.label)
        func counts(_ counts: TeacherLevels.Counts) -> [Node<HTML.TableRowContext>] {
            counts.byLevel.map { Components.number($0) } + [Components.number(counts.withoutLevel), Components.number(counts.total)]
        }
        func group(_ group: TeacherLevels.Group) -> [Node<HTML.TableRowContext>] {
            [Components.cell(levels.indices.contains(group.level) ? levels[group.level] : ""), Components.cell(group.subject),
             Components.cell(group.teachers.first?.school ?? ""), Components.number(group.teachers.count),
             Components.cell(group.teachers.map(\.name).joined(separator: ", "))]
        }
        return .section(
            .id("teacher-levels"),
            .h2(.text(M.levelsBySubject)),
            Components.table([M.taughtSubject] + levels + [M.withoutLevel, M.total],
                             report.bySubject.map { [Components.cell($0.subject)] + counts($0.counts) }, empty: M.noTeachers),
            .h2(.text(M.levelsBySchool)),
            Components.table([M.school] + levels + [M.withoutLevel, M.total],
                             report.bySchool.map { [Components.cell($0.school)] + counts($0.counts) }, empty: M.noTeachers),
            .h2(.text(M.teacherGroups)),
            .p(.class("hint"), .text(M.teacherGroupsHint)),
            Components.table([M.band, M.taughtSubject, M.school, M.teacherCount, M.teachersList],
                             report.schoolGroups.map(group), caption: M.schoolGroups, empty: M.noTeachers),
            Components.table([M.band, M.taughtSubject, M.school, M.teacherCount, M.teachersList],
                             report.groups.map(group), caption: M.municipalGroups, empty: M.noTeachers),
            .h2(.text(M.deficitsTitle)),
            Components.table([M.subjectName(.teacher), M.taughtSubject, M.school, M.subjectCompetence, M.subjectDeficits,
                              M.methodCompetence, M.methodDeficits],
                             report.deficits.map { line in
                                 [Components.cell(line.teacher.name), Components.cell(line.teacher.subject), Components.cell(line.teacher.school),
                                  Components.cell(line.conclusions.subjectLevel?.title ?? M.notAssessed),
                                  Components.cell(line.conclusions.subjectDeficits), Components.cell(line.conclusions.methodLevel?.title ?? M.notAssessed),
                                  Components.cell(line.conclusions.methodDeficits)]
                             }, empty: M.noConclusions),
            .h2(.text(M.levelDynamics)),
            .unwrap(previous) { previous in
                .group(
                    .p(.text(M.movesSummary(report.moves, since: previous.period))),
                    Components.table([M.subjectName(.teacher), M.taughtSubject, M.previous, M.current, M.trend],
                                     report.changes.map { change in
                                         [Components.cell(change.teacher.name), Components.cell(change.teacher.subject),
                                          Components.cell(levels.indices.contains(change.previous) ? levels[change.previous] : ""),
                                          Components.cell(levels.indices.contains(change.current) ? levels[change.current] : ""),
                                          Components.cell(M.move(change.move))]
                                     }, empty: M.noTeachers))
            },
            .if(previous == nil, .p(.class("hint"), .text(M.noPreviousRun)))
        )
    }

    // MARK: one subject

    static func subject(_ context: PageContext, _ page: MonitoringSubjectPage, status: HTTPStatus) -> Response {
        let instrument = page.instrument
        let run = page.run
        var errors = Dictionary(page.problems.map { ($0.code, M.describe($0, indicator: instrument.indicator($0.code))) },
                                uniquingKeysWith: { first, _ in first })
        for problem in page.previousProblems {
            errors[M.previousKey(problem.code)] = M.describe(problem, indicator: instrument.indicator(problem.code))
        }
        let summary = page.problems.map { M.describe($0, indicator: instrument.indicator($0.code)) }
            + page.previousProblems.map { M.previousPeriod + ": " + M.describe($0, indicator: instrument.indicator($0.code)) }
        return Layout.render(
            context, title: page.subject.name,
            crumbs: [Crumb(M.title, .monitoring), Crumb(run.period, .monitoringRun(.value(run.id!))), Crumb(page.subject.name)],
            status: status,
            .if(!summary.isEmpty, .div(
                .class("error-summary"), .attribute(named: "role", value: "alert"),
                .p(.text(M.refused)),
                .ul(.forEach(summary) { .li(.text($0)) }))),
            .p(.class("lead"), .text("\(instrument.title) · \(run.period) · \(page.owner.fullName)")),
            .unwrap(page.subject.partI) { partI(context, page, $0) },
            result(page),
            page.canManage ? form(context, page, errors: errors) : values(page),
            dynamics(page),
            bands(instrument),
            .if(!page.history.isEmpty, .section(
                .h2(.text(M.history)),
                Components.table([M.enteredAt, M.who, M.value],
                                 page.history.reversed().map { submission in
                                     [Components.cell(Formats.moment(submission.submittedAt)),
                                      Components.cell(page.names[submission.submittedBy] ?? ""),
                                      .td(.class("num"), .text(M.value(submission.value, in: instrument)))]
                                 })
            ))
        )
    }

    /// A teacher's Part I, and the methodologist's conclusions on the seed's two forms (kept, or entered here).
    private static func partI(_ context: PageContext, _ page: MonitoringSubjectPage, _ partI: TeacherPartI) -> Node<HTML.BodyContext> {
        let conclusions = partI.conclusions ?? TeacherConclusions()
        func level(_ name: String, _ label: String, _ value: TeacherConclusions.Level?) -> Node<HTML.FormContext> {
            Components.select(label, name: name, options: [("", M.notAssessed)] + TeacherConclusions.Level.allCases.map { ($0.rawValue, $0.title) },
                              selected: value?.rawValue ?? "")
        }
        func deficits(_ name: String, _ label: String, _ value: String) -> Node<HTML.FormContext> {
            .div(.class("field"),
                 .label(.for("f-\(name)"), .text(label)),
                 .textarea(.id("f-\(name)"), .name(name), .attribute(named: "rows", value: "3"), .text(value)))
        }
        return .section(
            .id("part-one"),
            .dl(.class("card"),
                .dt(.text(M.taughtSubject)), .dd(.text(partI.subject)),
                .dt(.text(M.education)), .dd(.text(partI.education)),
                .dt(.text(M.experience)), .dd(.text(partI.experienceYears.map(String.init) ?? "—")),
                .dt(.text(M.hours)), .dd(.text(partI.weeklyHours.map { M.decimal($0) } ?? "—"))),
            .h2(.text(M.conclusionsOfMethodologist)),
            .p(.class("hint"), .text(M.conclusionsHint)),
            page.canManage
                ? .form(.class("stack"), .id("conclusions"), .method(.post),
                        .action(SiteURL.monitoringSubjectConclusions(.value(page.subject.id!)).path),
                        Components.csrfField(context.csrf),
                        level("subjectLevel", M.subjectCompetence, conclusions.subjectLevel),
                        deficits("subjectDeficits", M.subjectDeficits, conclusions.subjectDeficits),
                        level("methodLevel", M.methodCompetence, conclusions.methodLevel),
                        deficits("methodDeficits", M.methodDeficits, conclusions.methodDeficits),
                        Components.submit(M.saveConclusions))
                : .dl(.class("card"),
                      .dt(.text(M.subjectCompetence)), .dd(.text(conclusions.subjectLevel?.title ?? M.notAssessed)),
                      .dt(.text(M.subjectDeficits)), .dd(.text(conclusions.subjectDeficits.isEmpty ? "—" : conclusions.subjectDeficits)),
                      .dt(.text(M.methodCompetence)), .dd(.text(conclusions.methodLevel?.title ?? M.notAssessed)),
                      .dt(.text(M.methodDeficits)), .dd(.text(conclusions.methodDeficits.isEmpty ? "—" : conclusions.methodDeficits)))
        )
    }

    private static func result(_ page: MonitoringSubjectPage) -> Node<HTML.BodyContext> {
        guard let evaluation = page.result.evaluation else {
            return .p(.class("empty"), .text(page.result.submission == nil ? M.notFilledYet : M.noValue))
        }
        guard page.instrument.formula != nil else { return .empty }
        return .section(
            .class("result"), .id("result"),
            .h2(.text(M.resultTitle)),
            .p(.class("result-value"), .text(M.resultSentence(evaluation, page.instrument))),
            .unwrap(evaluation.band) { .p(.text(M.recommendationSentence($0))) },
            .unwrap(page.result.previous) { previous in
                .p(.class("hint"), .text(M.previousSentence(previous, change: page.result.dynamics?.change, page.instrument)))
            }
        )
    }

    /// The form generated from the instrument: one field per indicator, its control chosen by its unit.
    private static func form(_ context: PageContext, _ page: MonitoringSubjectPage, errors: [String: String]) -> Node<HTML.BodyContext> {
        let instrument = page.instrument
        var blocks: [Node<HTML.FormContext>] = []
        var group: String?
        for (index, indicator) in instrument.indicators.enumerated() {
            if indicator.group != group, let title = indicator.group {
                blocks.append(.element(named: "h3", nodes: [.attribute(named: "class", value: "indicator-group"), .text(title)]))
            }
            group = indicator.group
            if MonitoringForm.hasTwoPeriods(instrument) {
                blocks.append(twoPeriods(indicator, index: index, values: page.values, errors: errors))
                continue
            }
            blocks.append(indicatorField(indicator, name: MonitoringForm.field(index), value: page.values[MonitoringForm.field(index)],
                                         error: errors[indicator.code]))
            if let note = page.notes[MonitoringForm.field(index)] {
                blocks.append(.element(named: "p", nodes: [.attribute(named: "class", value: "hint offered"), .text(note)]))
            }
        }
        return .section(
            .h2(.text(M.formTitle)),
            .p(.class("hint"), .text(M.formHint)),
            .unwrap(page.formNote) { .p(.class("hint offered"), .id("offered"), .text($0)) },
            .form(
                .class("stack indicators"), .id("values"), .method(.post),
                .action(SiteURL.monitoringSubject(.value(page.subject.id!)).path),
                Components.csrfField(context.csrf),
                .group(blocks),
                Components.submit(M.save)
            )
        )
    }

    /// Seed 003's student-results row: the indicator, then its value in the previous and the current period.
    private static func twoPeriods(_ indicator: InstrumentIndicator, index: Int, values: [String: String],
                                   errors: [String: String]) -> Node<HTML.FormContext> {
        let previous = MonitoringForm.previousField(index), current = MonitoringForm.field(index)
        var optional = indicator
        optional.isRequired = false
        return .element(named: "div", nodes: [
            .attribute(named: "class", value: "two-periods"),
            .element(named: "p", nodes: [.attribute(named: "class", value: "indicator-title"), .text("\(indicator.shownCode). \(indicator.title)")]),
            indicatorField(optional, name: previous, value: values[previous], error: errors[M.previousKey(indicator.code)],
                           label: M.previousPeriod),
            indicatorField(indicator, name: current, value: values[current], error: errors[indicator.code], label: M.currentPeriod),
        ])
    }

    static func indicatorField<C: HTMLContext>(_ indicator: InstrumentIndicator, name: String, value: String?,
                                               error: String?, label shownLabel: String? = nil) -> Node<C> {
        let id = "f-\(name)"
        let label = shownLabel ?? "\(indicator.shownCode). \(indicator.title)"
        let hint = M.unitHint(indicator)
        let required: Node<C> = .if(indicator.isRequired, .element(named: "span", nodes: [
            .attribute(named: "class", value: "req"), .attribute(named: "aria-hidden", value: "true"), .text(" *")]))
        let described = [Node<C>.attribute(named: "aria-describedby", value: "\(id)-hint" + (error == nil ? "" : " \(id)-error"))]
        let hintNode: Node<C> = .element(named: "p", nodes: [.attribute(named: "class", value: "hint"),
                                                             .attribute(named: "id", value: "\(id)-hint"), .text(hint)])
        let errorNode: Node<C> = .unwrap(error) {
            .element(named: "p", nodes: [.attribute(named: "class", value: "error"), .attribute(named: "id", value: "\(id)-error"),
                                         .text($0)])
        }
        let wrapperClass = "field indicator" + (error == nil ? "" : " has-error")
        switch indicator.unit {
        case .yesNo:
            let radios: [Node<C>] = [("1", Strings.Common.yes), ("0", Strings.Common.no)].map { option, title in
                var attributes: [Attribute<C>] = [
                    .attribute(named: "type", value: "radio"), .attribute(named: "name", value: name),
                    .attribute(named: "value", value: option), .attribute(named: "id", value: "\(id)-\(option)"),
                ]
                if value == option { attributes.append(.attribute(named: "checked", value: "checked")) }
                if indicator.isRequired { attributes.append(.attribute(named: "required", value: "required")) }
                return .element(named: "label", nodes: [.selfClosedElement(named: "input", attributes: attributes),
                                                         .text(" \(title)")])
            }
            return .element(named: "fieldset", nodes: [
                .attribute(named: "class", value: wrapperClass + " radios"),
                .element(named: "legend", nodes: [.text(label), required]),
                .group(radios), hintNode, errorNode,
            ])
        case .scale(let allowed, let notApplicable):
            var options: [(String, String)] = [("", M.choose)] + allowed.map { (M.plain($0), M.decimal($0)) }
            if notApplicable { options.append((IndicatorValue.notApplicableText, M.notApplicableOption)) }
            var nodes: [Node<C>] = [.attribute(named: "id", value: id), .attribute(named: "name", value: name)] + described
            if indicator.isRequired { nodes.append(.attribute(named: "required", value: "required")) }
            for (option, title) in options {
                nodes.append(.element(named: "option", nodes: [
                    .attribute(named: "value", value: option, ignoreIfValueIsEmpty: false),
                    .if(option == (value ?? ""), .attribute(named: "selected", value: "selected")),
                    .text(title),
                ]))
            }
            let select: Node<C> = .element(named: "select", nodes: nodes)
            return wrapper(wrapperClass, id: id, label: label, required: required, control: select, hint: hintNode, error: errorNode)
        case .percent, .count, .interval:
            let (lower, upper, step): (Double?, Double?, String) = switch indicator.unit {
            case .percent: (0, 100, "any")
            case .count: (0, nil, "1")
            case .interval(let lower, let upper): (lower, upper, "any")
            default: (nil, nil, "any")
            }
            var attributes: [Attribute<C>] = [
                .attribute(named: "id", value: id), .attribute(named: "name", value: name),
                .attribute(named: "type", value: "number"), .attribute(named: "step", value: step),
                .attribute(named: "inputmode", value: "decimal"), .attribute(named: "value", value: value ?? ""),
                .attribute(named: "aria-describedby", value: "\(id)-hint" + (error == nil ? "" : " \(id)-error")),
            ]
            if let lower { attributes.append(.attribute(named: "min", value: M.plain(lower))) }
            if let upper { attributes.append(.attribute(named: "max", value: M.plain(upper))) }
            if indicator.isRequired { attributes.append(.attribute(named: "required", value: "required")) }
            return wrapper(wrapperClass, id: id, label: label, required: required,
                           control: .selfClosedElement(named: "input", attributes: attributes), hint: hintNode, error: errorNode)
        }
    }

    private static func wrapper<C: HTMLContext>(_ cssClass: String, id: String, label: String, required: Node<C>, control: Node<C>,
                                                hint: Node<C>, error: Node<C>) -> Node<C> {
        .element(named: "div", nodes: [
            .attribute(named: "class", value: cssClass),
            .element(named: "label", nodes: [.attribute(named: "for", value: id), .text(label), required]),
            control, hint, error,
        ])
    }

    /// The values read-only, for those who may read but not enter them.
    private static func values(_ page: MonitoringSubjectPage) -> Node<HTML.BodyContext> {
        let submission = page.result.submission?.submission ?? [:]
        return .section(
            .h2(.text(M.formTitle)),
            Components.table([M.code, M.indicator, M.value],
                             page.instrument.indicators.map { indicator in
                                 [Components.cell(indicator.shownCode), Components.cell(indicator.title),
                                  .td(.class("num"), .text(submission[indicator.code].map(M.shown) ?? ""))]
                             })
        )
    }

    /// Each indicator against the previous period: the seed's «позитивная или отрицательная динамика».
    private static func dynamics(_ page: MonitoringSubjectPage) -> Node<HTML.BodyContext> {
        guard let dynamics = page.result.dynamics else { return .empty }
        return .section(
            .id("dynamics"),
            .h2(.text(M.dynamicsTitle)),
            Components.table(
                [M.code, M.indicator, M.previous, M.current, M.change, M.trend],
                dynamics.indicators.map { line in
                    [Components.cell(page.instrument.indicator(line.code)?.shownCode ?? line.code),
                     Components.cell(page.instrument.indicator(line.code)?.title ?? ""),
                     .td(.class("num"), .text(line.previous.map(M.shown) ?? "")),
                     .td(.class("num"), .text(line.current.map(M.shown) ?? "")),
                     .td(.class("num"), .text(line.change.map(M.signed) ?? "")),
                     Components.cell(line.trend.map(M.trend) ?? "")]
                })
        )
    }

    /// The instrument's formula, bands and rule, shown wherever its values are entered or read.
    static func bands(_ instrument: Instrument) -> Node<HTML.BodyContext> {
        guard instrument.formula != nil || instrument.rule != nil || !instrument.bands.isEmpty else { return .empty }
        return .section(
            .class("bands"),
            .h2(.text(M.interpretation)),
            .unwrap(instrument.formula) { .p(.strong(.text("\(M.formula): ")), .text(M.describe($0, in: instrument))) },
            .if(!instrument.bands.isEmpty, Components.table(
                [M.interval, M.band, M.recommendation],
                instrument.bands.map { band in
                    [Components.cell(band.interval.description), Components.cell(band.label), Components.cell(band.recommendation)]
                })),
            .unwrap(instrument.rule) { .p(.class("rule"), .strong(.text("\(M.rule): ")), .text($0)) },
            .unwrap(instrument.notes) { .p(.class("hint"), .text($0)) }
        )
    }

    // MARK: instruments

    static func instrument(_ context: PageContext, record: InstrumentRecord, instrument: Instrument,
                           owner: TerritoryOwner?) -> Response {
        Layout.render(
            context, title: instrument.title,
            crumbs: [Crumb(M.title, .monitoring), Crumb(M.instrument)],
            .dl(.class("card"),
                .dt(.text(M.subjectKind)), .dd(.text(instrument.subject.title)),
                .dt(.text(M.kind)), .dd(.text(record.isBuiltIn ? M.builtIn : owner.map { M.customOf($0.fullName) } ?? M.custom))),
            .p(.a(.href(SiteURL.instrumentJSON(.value(record.id!)).path), .text(M.downloadJSON))),
            .section(
                .h2(.text(M.indicators)),
                Components.table(
                    [M.code, M.indicator, M.unit, M.group, M.requiredTitle],
                    instrument.indicators.map { indicator in
                        [Components.cell(indicator.code), Components.cell(indicator.title), Components.cell(M.unitHint(indicator)),
                         Components.cell(indicator.group ?? ""),
                         Components.cell(indicator.isRequired ? Strings.Common.yes : Strings.Common.no)]
                    })
            ),
            bands(instrument)
        )
    }

    /// A small instrument in the seed's manner, to start from.
    static let exampleDefinition = """
        {
          "id": "school-climate",
          "title": "Мониторинг школьного благополучия",
          "subject": "school",
          "indicators": [
            {"code": "1", "title": "Доля обучающихся, удовлетворённых школьным климатом", "unit": {"kind": "percent"}, "betterWhen": "higher"},
            {"code": "2", "title": "Наличие школьной службы медиации", "unit": {"kind": "yesNo"}},
            {"code": "3", "title": "Оценка психологического климата педагогическим коллективом", "unit": {"kind": "scale", "allowed": [0, 1, 2], "notApplicable": true}}
          ],
          "formula": {"kind": "weightedSum", "terms": [{"code": "1", "weight": 0.01}, {"code": "2", "weight": 1}, {"code": "3", "weight": 0.5}]},
          "bands": [
            {"interval": "[0; 1)", "label": "низкий уровень", "recommendation": "требуется адресная помощь школе"},
            {"interval": "[1; 2)", "label": "средний уровень", "recommendation": "рекомендуется работа по отдельным направлениям"},
            {"interval": "[2; 3]", "label": "высокий уровень", "recommendation": "рекомендуется распространение опыта"}
          ],
          "rule": "Каждый уровень замкнут снизу."
        }
        """
}
