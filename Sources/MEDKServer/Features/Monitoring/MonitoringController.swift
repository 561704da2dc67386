import Fluent
import MEDKCore
import Vapor

/// Monitorings of seed 003 as data: the instruments, monitorings opened by territories for a period,
/// their subjects, the values entered through forms generated from each instrument, the results with
/// their bands and last period's, the summary table, and instruments defined by coordinators as JSON.
struct MonitoringController {
    // MARK: instruments and monitorings

    func index(_ req: Request) async throws -> Response {
        let principal = try Self.authorizeCoordinator(req)
        return try await indexPage(req, principal, form: OpenForm(), errors: [:], status: .ok)
    }

    struct OpenForm: Content {
        var instrument: String?
        var period: String?
        var startsOn: String?
        var endsOn: String?
    }

    /// Opens a monitoring of the coordinator's own territory.
    func open(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageTerritoryPlans, $0.actor.scope) }
        let form = try req.content.decode(OpenForm.self)
        let M = Strings.Monitoring.self
        var errors: [String: String] = [:]
        let visible = try await InstrumentQueries.visible(to: principal.actor, on: req.db)
        let record = visible.first { $0.id == form.instrument.uuid }
        if record == nil { errors["instrument"] = M.instrumentRequired }
        let period = form.period.trimmed
        if period.isEmpty { errors["period"] = M.periodRequired } else if period.count > 200 { errors["period"] = M.tooLong(200) }
        let starts = CalendarDate(form.startsOn.trimmed), ends = CalendarDate(form.endsOn.trimmed)
        if starts == nil { errors["startsOn"] = Strings.Schools.badDate }
        if ends == nil { errors["endsOn"] = Strings.Schools.badDate }
        if let starts, let ends, ends < starts { errors["endsOn"] = M.endBeforeStart }
        if let record, !period.isEmpty {
            let scope = principal.actor.scope
            let same = MonitoringRun.query(on: req.db).filter(\.$instrumentRecord.$id == record.id!)
                .filter(\.$region.$id == scope.regionID!).filter(\.$municipality.$id == scope.municipalityID).filter(\.$period == period)
            if try await same.first() != nil { errors["period"] = M.periodTaken }
        }
        guard errors.isEmpty, let record, let starts, let ends else {
            return try await indexPage(req, principal, form: form, errors: errors, status: .unprocessableEntity)
        }
        let run = MonitoringRun(instrumentID: record.id!, definition: record.definition, owner: principal.actor.scope,
                                period: period, startsOn: starts, endsOn: ends, openedBy: principal.userID, at: req.now)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await run.create(on: db)
            try await AuditLog.record(.monitoringOpened, by: principal.userID, object: "monitoring_run", id: run.id,
                                      "\(record.title): \(period)", at: now, on: db)
        }
        return req.redirect(to: SiteURL.monitoringRun(.value(run.id!)).path, flash: Flash(kind: .success, text: M.opened))
    }

    // MARK: one monitoring

    func run(_ req: Request) async throws -> Response {
        let (principal, run, owner, instrument) = try await runContext(req)
        return try await runPage(req, principal, run, owner, instrument, form: SubjectForm(), error: nil, status: .ok)
    }

    /// A subject: its name; a school of the territory for a school's or a teacher's monitoring; a teacher's Part I.
    struct SubjectForm: Content {
        var name: String?
        var school: String?
        var subject: String?
        var education: String?
        var experience: String?
        var hours: String?
    }

    func addSubject(_ req: Request) async throws -> Response {
        let (principal, run, owner, instrument) = try await runContext(req)
        guard principal.can(.manageTerritoryPlans, run.place) else { throw Abort(.forbidden) }
        let M = Strings.Monitoring.self
        let form = (try? req.content.decode(SubjectForm.self)) ?? SubjectForm()
        var name = form.name.trimmed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var errors: [String] = []
        var school: School?
        if instrument.subject == .school || instrument.subject == .teacher {
            if let id = form.school.uuid, let found = try await SchoolQueries.find(id, on: req.db),
               MonitoringQueries.isIn(found, run.place) { school = found }
            if school == nil { errors.append(M.schoolRequired) }
            if instrument.subject == .school, let school { name = school.fullName }
        }
        var partI: TeacherPartI?
        if instrument.subject == .teacher {
            let (read, problems) = Self.partI(form)
            partI = read
            errors += problems
        }
        if name.isEmpty { errors.insert(M.subjectRequired(instrument.subject), at: 0) }
        else if name.count > 300 { errors.append(M.tooLong(300)) }
        else if errors.isEmpty {
            let existing = try await MonitoringQueries.subjects(of: run.id!, on: req.db)
            let candidate = MonitoringSubject(runID: run.id!, name: name, kind: instrument.subject, schoolID: school?.id, at: req.now)
            if existing.contains(where: { $0.nameKey == candidate.nameKey || MonitoringQueries.matchKey($0) == MonitoringQueries.matchKey(candidate) }) {
                errors.append(M.subjectExists)
            }
        }
        guard errors.isEmpty else {
            return try await runPage(req, principal, run, owner, instrument, form: form, error: errors.joined(separator: " "),
                                     status: .unprocessableEntity)
        }
        let subject = MonitoringSubject(runID: run.id!, name: name, kind: instrument.subject, schoolID: school?.id, at: req.now)
        let title = "\(instrument.title), \(run.period): \(name)"
        subject.partI = partI
        let now = req.now
        try await req.db.writeTransaction { db in
            try await subject.create(on: db)
            try await AuditLog.record(.monitoringSubjectAdded, by: principal.userID, object: "monitoring_subject",
                                      id: subject.id, title, at: now, on: db)
        }
        return req.redirect(to: SiteURL.monitoringSubject(.value(subject.id!)).path,
                            flash: Flash(kind: .success, text: M.subjectAdded))
    }

    /// The municipality's summary table («сводная форма») as XLSX.
    func summary(_ req: Request) async throws -> Response {
        let (_, run, owner, instrument) = try await runContext(req)
        let (rows, previous) = try await MonitoringQueries.results(of: run, on: req.db)
        let data = try MonitoringExport.summary(run, owner: owner, instrument: instrument, rows: rows, previous: previous)
        return Downloads.response(data, fileName: Strings.Monitoring.summaryFileName(instrument, run: run),
                                  contentType: TerritoryRoadmapController.xlsx)
    }

    /// Seed 003's Part I as typed: the subject matched to the seed's list, whole years, hours with a decimal comma.
    static func partI(_ form: SubjectForm) -> (TeacherPartI?, [String]) {
        let M = Strings.Monitoring.self
        var errors: [String] = []
        let typedYears = form.experience.trimmed, typedHours = form.hours.trimmed.replacingOccurrences(of: ",", with: ".")
        let years = typedYears.isEmpty ? nil : Int(typedYears)
        let hours = typedHours.isEmpty ? nil : Double(typedHours)
        if !typedYears.isEmpty, years == nil { errors.append(M.partIProblem(.experienceOutOfRange)) }
        if !typedHours.isEmpty, hours == nil || !(hours!.isFinite) { errors.append(M.partIProblem(.hoursOutOfRange)) }
        let partI = TeacherPartI(subject: TeacherPartI.subject(matching: form.subject.trimmed) ?? form.subject.trimmed,
                                 education: form.education.trimmed, experienceYears: years, weeklyHours: hours)
        for problem in partI.validate() where !(errors.contains(M.partIProblem(problem.kind))) {
            errors.append(M.partIProblem(problem.kind))
        }
        return (errors.isEmpty ? partI : nil, errors)
    }

    // MARK: one subject's values

    func subject(_ req: Request) async throws -> Response {
        let (principal, subject, run, owner, instrument) = try await subjectContext(req)
        let result = try await MonitoringQueries.result(of: subject, in: run, on: req.db)
        var values = result.submission?.submission.map { MonitoringForm.texts($0, for: instrument) } ?? [:]
        var formNote: String?
        let suggestion = try await MonitoringQueries.planSuggestion(for: run, instrument: instrument, today: req.today, on: req.db)
        if result.submission == nil, let suggestion { values[suggestion.field] = suggestion.value }
        if let previous = result.submission?.previousSubmission {
            values.merge(MonitoringForm.texts(previous, for: instrument, field: MonitoringForm.previousField)) { $1 }
        } else if MonitoringForm.hasTwoPeriods(instrument), result.submission == nil, let earlier = result.earlierValues {
            values.merge(MonitoringForm.texts(earlier, for: instrument, field: MonitoringForm.previousField)) { $1 }
            formNote = try await MonitoringQueries.previousRun(of: run, on: req.db).map { Strings.Monitoring.earlierOffered($0.period) }
        }
        return try await subjectPage(req, principal, subject, run, owner, instrument, result: result, values: values,
                                     problems: [], suggestion: suggestion, formNote: formNote, status: .ok)
    }

    /// Checks every value against its indicator; refuses the whole form with a message per indicator.
    func submit(_ req: Request) async throws -> Response {
        let (principal, subject, run, owner, instrument) = try await subjectContext(req)
        guard principal.can(.manageTerritoryPlans, run.place) else { throw Abort(.forbidden) }
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let (submission, problems) = MonitoringForm.check(fields, for: instrument)
        var previous: InstrumentSubmission = [:], previousProblems: [InstrumentProblem] = []
        if MonitoringForm.hasTwoPeriods(instrument) {
            (previous, previousProblems) = MonitoringForm.check(fields, for: instrument.withOptionalIndicators,
                                                                field: MonitoringForm.previousField)
        }
        guard problems.isEmpty, previousProblems.isEmpty, let evaluation = try? instrument.evaluate(submission) else {
            let result = try await MonitoringQueries.result(of: subject, in: run, on: req.db)
            return try await subjectPage(req, principal, subject, run, owner, instrument, result: result,
                                         values: MonitoringForm.echo(fields, for: instrument), problems: problems,
                                         previousProblems: previousProblems,
                                         suggestion: try await MonitoringQueries.planSuggestion(for: run, instrument: instrument,
                                                                                                today: req.today, on: req.db),
                                         status: .unprocessableEntity)
        }
        let record = MonitoringSubmission(subjectID: subject.id!, runID: run.id!, values: try InstrumentJSON.encode(submission),
                                          evaluation: evaluation,
                                          previousValues: previous.isEmpty ? nil : try InstrumentJSON.encode(previous),
                                          by: principal.userID, at: req.now)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await record.create(on: db)
            try await AuditLog.record(.monitoringValuesEntered, by: principal.userID, object: "monitoring_subject",
                                      id: subject.id, "\(instrument.title), \(run.period): \(subject.name)", at: now, on: db)
        }
        return req.redirect(to: SiteURL.monitoringSubject(.value(subject.id!)).path,
                            flash: Flash(kind: .success, text: Strings.Monitoring.saved(evaluation, instrument)))
    }

    struct ConclusionsForm: Content {
        var subjectLevel: String?
        var subjectDeficits: String?
        var methodLevel: String?
        var methodDeficits: String?
    }

    /// The methodologist's conclusions on a teacher (seed 003's two forms), kept with the teacher's Part I.
    func saveConclusions(_ req: Request) async throws -> Response {
        let (principal, subject, run, _, instrument) = try await subjectContext(req)
        guard principal.can(.manageTerritoryPlans, run.place) else { throw Abort(.forbidden) }
        let M = Strings.Monitoring.self
        let back = SiteURL.monitoringSubject(.value(subject.id!)).path
        guard instrument.subject == .teacher, var partI = subject.partI else { throw Abort(.notFound) }
        let form = (try? req.content.decode(ConclusionsForm.self)) ?? ConclusionsForm()
        func level(_ text: String?) -> TeacherConclusions.Level?? {
            let typed = text.trimmed
            return typed.isEmpty ? .some(nil) : TeacherConclusions.Level(rawValue: typed).map { .some($0) }
        }
        let deficits = (form.subjectDeficits.trimmed, form.methodDeficits.trimmed)
        guard let subjectLevel = level(form.subjectLevel), let methodLevel = level(form.methodLevel),
              deficits.0.count <= TeacherConclusions.maxDeficitsLength, deficits.1.count <= TeacherConclusions.maxDeficitsLength else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: M.badConclusions))
        }
        partI.conclusions = TeacherConclusions(subjectLevel: subjectLevel, subjectDeficits: deficits.0,
                                               methodLevel: methodLevel, methodDeficits: deficits.1)
        subject.partI = partI
        let now = req.now, title = "\(instrument.title), \(run.period): \(subject.name)"
        try await req.db.writeTransaction { db in
            try await subject.save(on: db)
            try await AuditLog.record(.monitoringValuesEntered, by: principal.userID, object: "monitoring_subject",
                                      id: subject.id, title, at: now, on: db)
        }
        return req.redirect(to: back, flash: Flash(kind: .success, text: M.conclusionsSaved))
    }

    // MARK: defining an instrument

    func newInstrument(_ req: Request) async throws -> Response {
        _ = try req.authorizeAnywhere { $0.can(.manageTerritoryPlans, $0.actor.scope) }
        return MonitoringViews.newInstrument(PageContext(req))
    }

    /// The form with tables: more rows on request, else the instrument it describes, refused with every problem.
    func buildInstrument(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageTerritoryPlans, $0.actor.scope) }
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let draft = InstrumentDraft(fields: fields)
        guard !InstrumentDraft.wantsRows(fields) else { return MonitoringViews.newInstrument(PageContext(req), draft: draft) }
        let outcome: Result<InstrumentRecord, DefinitionRefusal> = switch draft.instrument() {
        case .success(let instrument): try await save(instrument, by: principal, on: req)
        case .failure(let refusal): .failure(refusal)
        }
        switch outcome {
        case .success(let record): return saved(record, on: req)
        case .failure(let refusal):
            let page = MonitoringViews.newInstrument(PageContext(req), draft: draft, errors: refusal.problems)
            page.status = .unprocessableEntity
            return page
        }
    }

    struct DefineForm: Content {
        var definition: String?
        var file: File?
    }

    /// A coordinator's own instrument as JSON, typed in or uploaded; refused with every problem of the definition.
    func defineInstrument(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageTerritoryPlans, $0.actor.scope) }
        let form = (try? req.content.decode(DefineForm.self)) ?? DefineForm()
        let text = form.file.flatMap { $0.data.readableBytes > 0 ? String(decoding: Data(buffer: $0.data), as: UTF8.self) : nil }
            ?? form.definition ?? ""
        let M = Strings.Monitoring.self
        let refuse: ([String]) -> Response = { errors in
            let page = MonitoringViews.newInstrument(PageContext(req), definition: text, definitionErrors: errors)
            page.status = .unprocessableEntity
            return page
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return refuse([M.definitionRequired]) }
        let instrument: Instrument
        do {
            instrument = try InstrumentJSON.decode(text)
        } catch let error as DecodingError {
            return refuse([M.describe(error)])
        } catch {
            return refuse([M.notJSON])
        }
        var errors: [String] = []
        if !MonitoringForm.isCode(instrument.id) { errors.append(M.badCode) }
        if instrument.title.trimmingCharacters(in: .whitespaces).isEmpty { errors.insert(M.titleRequired, at: 0) }
        guard errors.isEmpty else { return refuse(errors + instrument.definitionProblems.map { M.describe($0) }) }
        switch try await save(instrument, by: principal, on: req) {
        case .success(let record): return saved(record, on: req)
        case .failure(let refusal): return refuse(refusal.problems)
        }
    }

    /// Whichever way it was described: the whole definition checked, the code free, then one record and its audit line.
    private func save(_ instrument: Instrument, by principal: Principal, on req: Request) async throws -> Result<InstrumentRecord, DefinitionRefusal> {
        var errors = instrument.definitionProblems.map { Strings.Monitoring.describe($0) }
        if try await InstrumentQueries.find(code: instrument.id, on: req.db) != nil { errors.append(Strings.Monitoring.codeTaken(instrument.id)) }
        guard errors.isEmpty else { return .failure(DefinitionRefusal(errors)) }
        let record = try InstrumentRecord(instrument, builtIn: false, owner: principal.actor.scope,
                                          createdBy: principal.userID, at: req.now)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await record.create(on: db)
            try await AuditLog.record(.instrumentDefined, by: principal.userID, object: "instrument", id: record.id,
                                      instrument.title, at: now, on: db)
        }
        return .success(record)
    }

    private func saved(_ record: InstrumentRecord, on req: Request) -> Response {
        req.redirect(to: SiteURL.instrument(.value(record.id!)).path, flash: Flash(kind: .success, text: Strings.Monitoring.defined))
    }

    func instrument(_ req: Request) async throws -> Response {
        let (_, record, instrument) = try await instrumentContext(req)
        var owner: TerritoryOwner?
        if let place = record.owner { owner = try await TerritoryRoadmapQueries.owner(of: place, on: req.db) }
        return MonitoringViews.instrument(PageContext(req), record: record, instrument: instrument, owner: owner)
    }

    func instrumentJSON(_ req: Request) async throws -> Response {
        let (_, record, _) = try await instrumentContext(req)
        let response = Downloads.response(Data(record.definition.utf8), fileName: "\(record.code).json",
                                          contentType: "application/json; charset=utf-8")
        return response
    }

    // MARK: loading and authorizing

    /// Coordinators and the admin read monitorings; only a territory's own coordinator keeps them.
    static func authorizeCoordinator(_ req: Request) throws -> Principal {
        try req.authorizeAnywhere { [.municipal, .regional, .federal, .admin].contains($0.role) }
    }

    private func runContext(_ req: Request) async throws -> (Principal, MonitoringRun, TerritoryOwner, Instrument) {
        guard let id = req.parameters.get("runID", as: UUID.self),
              let run = try await MonitoringQueries.run(id, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.viewTerritoryPlans, run.place)
        guard let owner = try await TerritoryRoadmapQueries.owner(of: run.place, on: req.db),
              let instrument = run.instrument else { throw Abort(.notFound) }
        return (principal, run, owner, instrument)
    }

    private func subjectContext(_ req: Request) async throws
        -> (Principal, MonitoringSubject, MonitoringRun, TerritoryOwner, Instrument)
    {
        guard let id = req.parameters.get("subjectID", as: UUID.self),
              let subject = try await MonitoringQueries.subject(id, on: req.db) else { throw Abort(.notFound) }
        let run = subject.run
        let principal = try req.authorize(.viewTerritoryPlans, run.place)
        guard let owner = try await TerritoryRoadmapQueries.owner(of: run.place, on: req.db),
              let instrument = run.instrument else { throw Abort(.notFound) }
        return (principal, subject, run, owner, instrument)
    }

    private func instrumentContext(_ req: Request) async throws -> (Principal, InstrumentRecord, Instrument) {
        let principal = try Self.authorizeCoordinator(req)
        guard let id = req.parameters.get("instrumentID", as: UUID.self),
              let record = try await InstrumentQueries.find(id, on: req.db),
              record.owner.map({ principal.can(.viewTerritoryPlans, $0) }) ?? true,
              let instrument = record.instrument else { throw Abort(.notFound) }
        return (principal, record, instrument)
    }

    // MARK: pages

    private func indexPage(_ req: Request, _ principal: Principal, form: OpenForm, errors: [String: String],
                           status: HTTPStatus) async throws -> Response {
        let instruments = try await InstrumentQueries.visible(to: principal.actor, on: req.db)
        let runs = try await MonitoringQueries.runs(visibleTo: principal.actor, on: req.db)
        let canManage = principal.can(.manageTerritoryPlans, principal.actor.scope)
        let owner = canManage ? try await TerritoryRoadmapQueries.owner(of: principal.actor.scope, on: req.db) : nil
        return MonitoringViews.index(PageContext(req), MonitoringIndexPage(
            instruments: instruments, runs: runs, owner: owner, form: form, errors: errors), status: status)
    }

    private func runPage(_ req: Request, _ principal: Principal, _ run: MonitoringRun, _ owner: TerritoryOwner,
                         _ instrument: Instrument, form: SubjectForm, error: String?, status: HTTPStatus) async throws -> Response {
        let (rows, previous) = try await MonitoringQueries.results(of: run, on: req.db)
        let canManage = principal.can(.manageTerritoryPlans, run.place)
        let namesSchools = instrument.subject == .school || instrument.subject == .teacher
        var teachers: TeacherReport?
        if instrument.subject == .teacher {
            teachers = try await MonitoringQueries.teachers(rows, instrument: instrument, previous: previous, on: req.db)
        }
        return MonitoringViews.run(PageContext(req), MonitoringRunPage(
            run: run, owner: owner, instrument: instrument, rows: rows, previous: previous,
            canManage: canManage, form: form, error: error,
            schools: canManage && namesSchools ? try await MonitoringQueries.schools(in: run.place, on: req.db) : [],
            teachers: teachers), status: status)
    }

    private func subjectPage(_ req: Request, _ principal: Principal, _ subject: MonitoringSubject, _ run: MonitoringRun,
                             _ owner: TerritoryOwner, _ instrument: Instrument, result: MonitoringResultRow,
                             values: [String: String], problems: [InstrumentProblem], previousProblems: [InstrumentProblem] = [],
                             suggestion: PlanSuggestion?, formNote: String? = nil, status: HTTPStatus) async throws -> Response {
        let submissions = try await MonitoringQueries.submissions(of: subject.id!, on: req.db)
        let names = try await TerritoryRoadmapQueries.names(of: Set(submissions.map(\.submittedBy)), on: req.db)
        return MonitoringViews.subject(PageContext(req), MonitoringSubjectPage(
            subject: subject, run: run, owner: owner, instrument: instrument, result: result, values: values,
            problems: problems, history: submissions, names: names,
            canManage: principal.can(.manageTerritoryPlans, run.place),
            notes: suggestion.map { [$0.field: $0.note] } ?? [:], previousProblems: previousProblems, formNote: formNote), status: status)
    }
}

/// The generated form's fields: one per indicator, named by its position (codes such as "12.1" or "П1"
/// would be awkward as form keys).
enum MonitoringForm {
    static func field(_ index: Int) -> String { "i\(index)" }
    /// The previous period's field beside the current one (student results).
    static func previousField(_ index: Int) -> String { "p\(index)" }

    /// Seed 003's student results are entered for both periods side by side, so a first monitoring has dynamics.
    static func hasTwoPeriods(_ instrument: Instrument) -> Bool { instrument.subject == .school && instrument.formula == nil }

    /// Reads the form: an empty field is no value, «нет» is not applicable, a number may have a decimal comma.
    /// Returns what could be read and a `notANumber` problem for each field that is not a number.
    static func read(_ fields: [String: String], for instrument: Instrument,
                     field: (Int) -> String = field) -> (InstrumentSubmission, [InstrumentProblem]) {
        var submission: InstrumentSubmission = [:]
        var problems: [InstrumentProblem] = []
        for (index, indicator) in instrument.indicators.enumerated() {
            let text = (fields[field(index)] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            if text.lowercased() == IndicatorValue.notApplicableText {
                submission[indicator.code] = .notApplicable
            } else if let number = Double(text.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")),
                      number.isFinite {
                submission[indicator.code] = .number(number)
            } else {
                problems.append(InstrumentProblem(code: indicator.code, kind: .notANumber))
            }
        }
        return (submission, problems)
    }

    /// The form read and checked against the instrument: every value that is not a number, then every problem of
    /// the values that could be read.
    static func check(_ fields: [String: String], for instrument: Instrument,
                      field: (Int) -> String = field) -> (InstrumentSubmission, [InstrumentProblem]) {
        let (submission, unreadable) = read(fields, for: instrument, field: field)
        let unreadableCodes = Set(unreadable.map(\.code))
        return (submission, unreadable + instrument.validate(submission).filter { !unreadableCodes.contains($0.code) })
    }

    /// A stored submission as the form's field values.
    static func texts(_ submission: InstrumentSubmission, for instrument: Instrument,
                      field: (Int) -> String = field) -> [String: String] {
        var texts: [String: String] = [:]
        for (index, indicator) in instrument.indicators.enumerated() {
            if let value = submission[indicator.code] { texts[field(index)] = Strings.Monitoring.formValue(value) }
        }
        return texts
    }

    /// What the person sent, to show it again beside the problems.
    static func echo(_ fields: [String: String], for instrument: Instrument) -> [String: String] {
        var texts: [String: String] = [:]
        for index in instrument.indicators.indices {
            for name in [field(index), previousField(index)] {
                if let value = fields[name] { texts[name] = String(value.prefix(50)) }
            }
        }
        return texts
    }

    /// Codes of custom instruments: Latin letters, digits, "-" and "_", as in "teacher-competence".
    static func isCode(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
