import Fluent
import MEDKCore
import Vapor

/// The bank of best practices for those who write and moderate it: a school or its curator describes a practice
/// and submits it; the region's coordinator publishes it, returns it with a comment, or takes it off the catalogue.
struct PracticeController {
    typealias P = Strings.Practices

    /// A person's practices: those it wrote or may write about, and for a regional coordinator those waiting.
    func list(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let waiting = principal.role == .regional ? try await PracticeQueries.list(for: principal.actor, waiting: true, on: req.db) : []
        let all = try await PracticeQueries.list(for: principal.actor, waiting: false, on: req.db)
        let schools = try await names(of: all.map(\.schoolID), on: req.db)
        return PracticeViews.list(PageContext(req), PracticeListPage(
            canWrite: !(try await writableSchools(principal, on: req.db)).isEmpty,
            waiting: waiting.map { PracticeListPage.Line($0, school: schools[$0.schoolID]) },
            all: all.map { PracticeListPage.Line($0, school: schools[$0.schoolID]) }))
    }

    func newForm(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let (schools, factors) = try await formChoices(req, principal)
        guard !schools.isEmpty else { throw Abort(.forbidden, reason: P.noSchool) }
        return PracticeViews.form(PageContext(req), PracticeFormPage(
            id: UUID(), version: nil, schools: schools, factors: factors, input: PracticeInput(),
            chosenSchool: (try? req.query.get(UUID.self, at: "school")) ?? schools.first?.id, files: [], state: .draft,
            returnComment: nil, problems: [:]))
    }

    /// Creates a practice (under the id its form carries) or saves a new version of it; multipart, with files.
    func save(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        var existing: Practice?
        if let text = req.parameters.get("practiceID") {
            guard let id = UUID(uuidString: text), let practice = try await PracticeQueries.find(id, on: req.db),
                  principal.can(.submitPractice, practice.place) else { throw Abort(.notFound) }
            existing = practice
        }
        let received: UploadReceiver.Result
        do {
            received = try await UploadReceiver(store: req.application.fileStore, maxFileBytes: req.settings.maxUploadBytes,
                                                threadPool: req.application.threadPool).receive(req)
        } catch let failure as UploadReceiver.Failure {
            throw Abort(failure.status, reason: Strings.Roadmap.message(failure))
        }
        let fields = received.fields
        let (schools, factors) = try await formChoices(req, principal)
        let id = existing?.id ?? UUID(uuidString: fields["id"] ?? "") ?? UUID()
        let schoolID = existing?.schoolID ?? UUID(uuidString: fields["school"] ?? "")
        let submit = fields["intent"] == "submit"
        let (input, found) = PracticeInput.read(fields, known: Set(factors.map(\.number)), submitting: submit)
        var problems = found
        if existing == nil, schools.isEmpty { problems["school"] = P.noSchool }
        else if existing == nil, !schools.contains(where: { $0.id == schoolID }) { problems["school"] = P.chooseSchool }
        if received.files.count > 10 { problems["files"] = P.tooManyFiles }
        let files: [PracticeFile]? = if let existing { try await PracticeQueries.files(of: existing.id!, on: req.db) } else { [] }
        func refuse(_ problems: [String: String]) -> Response {
            received.files.forEach { $0.temporary.discard() }
            return PracticeViews.form(PageContext(req), PracticeFormPage(
                id: id, version: existing?.version ?? Int(fields["version"] ?? ""), schools: schools, factors: factors, input: input,
                chosenSchool: schoolID, files: (files ?? []).map(PracticeFormPage.File.init), state: existing?.state ?? .draft,
                returnComment: existing?.returnComment, problems: problems), status: .unprocessableEntity)
        }
        guard problems.isEmpty else { return refuse(problems) }
        var origin: PracticeActions.Origin?
        if existing == nil, let schoolID, let school = try await School.find(schoolID, on: req.db) {
            origin = PracticeActions.Origin(school: school, cycleID: factors.cycleID)
        }
        guard existing != nil || origin != nil else { return refuse(["school": P.chooseSchool]) }
        let remove = Set(fields.keys.filter { $0.hasPrefix("remove-") }.compactMap { UUID(uuidString: String($0.dropFirst("remove-".count))) })
        do {
            let practice = try await PracticeActions.save(
                id, origin: origin, input: input, seenVersion: existing.map { _ in Int(fields["version"] ?? "") ?? -1 },
                files: received.files, remove: remove, submit: submit, by: principal.userID, at: req.now,
                store: req.application.fileStore, threadPool: req.application.threadPool, on: req.db)
            return req.redirect(to: SiteURL.practice(.value(practice.id!)).path,
                                flash: Flash(kind: .success, text: submit ? P.submitted : P.saved))
        } catch let refusal as PracticeRefusal {
            return refuse(["form": refusal.message])
        }
    }

    /// The practice: its text, files and history; the form to correct it for its authors, the decision for the region's
    /// coordinator.
    func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let practice = try await visible(req, principal)
        let id = practice.id!
        let factorNumbers = try await PracticeQueries.factors(of: [id], on: req.db)[id] ?? []
        let files = try await PracticeQueries.files(of: id, on: req.db)
        if principal.can(.submitPractice, practice.place), [.draft, .returned].contains(practice.state) {
            let (schools, factors) = try await formChoices(req, principal, cycle: practice.cycleID)
            return PracticeViews.form(PageContext(req), PracticeFormPage(
                id: id, version: practice.version, schools: schools, factors: factors,
                input: PracticeInput(practice, factors: factorNumbers), chosenSchool: practice.schoolID,
                files: files.map(PracticeFormPage.File.init), state: practice.state,
                returnComment: practice.state == .returned ? practice.returnComment : nil, problems: [:],
                history: try await history(practice, on: req.db)))
        }
        return PracticeViews.page(PageContext(req), try await PracticeDetails.load(practice, on: req.db),
                                  moderate: principal.can(.moderatePractice, practice.place),
                                  history: try await history(practice, on: req.db))
    }

    /// approve / return / reopen: the region's coordinator. (Authors submit through the form, which checks the practice is whole.)
    func move(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let practice = try await visible(req, principal)
        guard let move = req.parameters.get("move").flatMap(ReviewMove.init(rawValue:)),
              [.approve, .return, .reopen].contains(move) else { throw Abort(.notFound) }
        guard principal.can(.moderatePractice, practice.place) else { throw Abort(.forbidden) }
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let comment = (form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= 2000 else {
            return req.redirect(to: SiteURL.practice(.value(practice.id!)).path, flash: Flash(kind: .error, text: P.tooLong(2000)))
        }
        do {
            _ = try await PracticeActions.move(practice.id!, move, comment: comment, by: principal.userID, at: req.now, on: req.db)
        } catch let refusal as PracticeRefusal {
            return req.redirect(to: SiteURL.practice(.value(practice.id!)).path, flash: Flash(kind: .error, text: refusal.message))
        }
        let text = switch move {
        case .approve: P.published
        case .reopen: P.unpublished
        default: P.returned
        }
        return req.redirect(to: SiteURL.practice(.value(practice.id!)).path, flash: Flash(kind: .success, text: text))
    }

    /// A practice's file: anyone's once it is published, else only those who see the practice.
    func file(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("practiceID", as: UUID.self), let fileID = req.parameters.get("fileID", as: UUID.self),
              let practice = try await PracticeQueries.find(id, on: req.db),
              let file = try await PracticeFile.find(fileID, on: req.db), file.practiceID == id else { throw Abort(.notFound) }
        if !practice.isPublished {
            let principal = try req.requirePrincipal()
            guard Self.sees(principal, practice) else { throw Abort(.notFound) }
        }
        return try await Downloads.stored(req, sha256: file.sha256, name: file.name, kind: UploadKind(rawValue: file.kind),
                                          cacheControl: practice.isPublished ? "public, max-age=\(PublicCache.maxAge)" : "private, max-age=600")
    }

    // MARK: helpers

    static func sees(_ principal: Principal, _ practice: Practice) -> Bool {
        practice.isPublished || principal.can(.viewSchool, practice.place) || principal.can(.moderatePractice, practice.place)
            || principal.can(.submitPractice, practice.place)
    }

    private func visible(_ req: Request, _ principal: Principal) async throws -> Practice {
        guard let id = req.parameters.get("practiceID", as: UUID.self), let practice = try await PracticeQueries.find(id, on: req.db),
              Self.sees(principal, practice) && (practice.isPublished ? true : principal.role != .expert) else { throw Abort(.notFound) }
        return practice
    }

    private func history(_ practice: Practice, on db: Database) async throws -> [PracticeHistoryLine] {
        let events = try await PracticeQueries.events(of: practice.id!, on: db).filter { $0.kind != ReviewMove.newVersion.rawValue }
        let people = try await User.query(on: db).filter(\.$id ~~ Array(Set(events.map(\.actorID)))).all()
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.fullName) })
        return events.map { PracticeHistoryLine(at: $0.at, move: ReviewMove(rawValue: $0.kind) ?? .submit, comment: $0.comment,
                                                who: names[$0.actorID] ?? "") }
    }

    /// The schools a person may write about: a school its own, a curator those assigned to it.
    private func writableSchools(_ principal: Principal, on db: Database) async throws -> [School] {
        let ids: [UUID] = switch principal.role {
        case .school: [principal.actor.scope.schoolID].compactMap { $0 }
        case .curator: Array(principal.actor.assignedSchools)
        default: []
        }
        guard !ids.isEmpty else { return [] }
        return try await School.query(on: db).filter(\.$id ~~ ids).sort(\.$shortName).all()
    }

    private func formChoices(_ req: Request, _ principal: Principal, cycle: UUID? = nil) async throws
        -> ([PracticeFormPage.SchoolChoice], PracticeFactors)
    {
        let schools = try await writableSchools(principal, on: req.db).map { PracticeFormPage.SchoolChoice(id: $0.id!, name: $0.shortName) }
        let cycleID: UUID
        if let cycle { cycleID = cycle } else {
            guard let current = try await req.currentCycle(), current.status == .open else { throw Abort(.unprocessableEntity, reason: P.noCycle) }
            cycleID = current.id!
        }
        let titles = try await CycleQueries.factors(of: cycleID, on: req.db)
        return (schools, PracticeFactors(cycleID: cycleID, titles: titles))
    }

    private func names(of schools: [UUID], on db: Database) async throws -> [UUID: String] {
        guard !schools.isEmpty else { return [:] }
        let rows = try await School.query(on: db).filter(\.$id ~~ Array(Set(schools))).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0.shortName) })
    }
}

/// A cycle's catalogue of risk factors, numbered from 1 as the methodology numbers them.
struct PracticeFactors: Sendable {
    let cycleID: UUID
    let titles: [String]

    func map<T>(_ transform: ((number: Int, title: String)) -> T) -> [T] {
        titles.enumerated().map { transform((number: $0.offset + 1, title: $0.element)) }
    }

    func title(_ number: Int) -> String { titles.indices.contains(number - 1) ? titles[number - 1] : "№ \(number)" }
}
