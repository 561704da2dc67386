import Fluent
import MEDKCore
import Vapor

/// The school's roadmap: sections with their documents, uploads, versions, the review moves,
/// the curator's queue and the coordinators' feed.
struct RoadmapController {
    static let maxFilesPerUpload = 20

    // MARK: sections and documents

    func section(_ req: Request) async throws -> Response {
        let (principal, roadmap, section) = try await sectionContext(req)
        return try await sectionPage(req, principal, roadmap, section, error: nil, status: .ok)
    }

    func upload(_ req: Request) async throws -> Response {
        let (principal, roadmap, section) = try await sectionContext(req)
        try principal.authorize(.editRoadmap, in: roadmap)
        let received: UploadReceiver.Result
        do {
            received = try await receiver(req).receive(req)
        } catch let failure as UploadReceiver.Failure {
            return try await sectionPage(req, principal, roadmap, section, error: Strings.Roadmap.message(failure),
                                         status: failure.status)
        }
        guard !received.files.isEmpty, received.files.count <= Self.maxFilesPerUpload else {
            received.files.forEach { $0.temporary.discard() }
            let message = received.files.isEmpty ? Strings.Roadmap.chooseFile : Strings.Roadmap.tooManyFiles(Self.maxFilesPerUpload)
            return try await sectionPage(req, principal, roadmap, section, error: message, status: .unprocessableEntity)
        }
        let title = (received.fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let titles = received.files.map { file in
            received.files.count == 1 && !title.isEmpty ? String(title.prefix(300)) : Strings.Roadmap.defaultTitle(file.fileName)
        }
        try await DocumentActions.create(received.files, titles: titles, section: section, in: roadmap, by: principal.actor,
                                         at: req.now, store: req.application.fileStore,
                                         threadPool: req.application.threadPool, on: req.db)
        return req.redirect(to: SiteURL.section(school: .value(roadmap.school.id!), section: .value(section.rawValue)).path,
                            flash: Flash(kind: .success, text: Strings.Roadmap.uploaded(received.files.count)))
    }

    func document(_ req: Request) async throws -> Response {
        let (principal, document, roadmap) = try await documentContext(req)
        return try await documentPage(req, principal, document, roadmap, error: nil, status: .ok)
    }

    func newVersion(_ req: Request) async throws -> Response {
        let (principal, document, roadmap) = try await documentContext(req)
        try principal.authorize(.editRoadmap, in: roadmap)
        let received: UploadReceiver.Result
        do {
            received = try await receiver(req).receive(req)
        } catch let failure as UploadReceiver.Failure {
            return try await documentPage(req, principal, document, roadmap, error: Strings.Roadmap.message(failure),
                                          status: failure.status)
        }
        guard received.files.count == 1, let file = received.files.first else {
            received.files.forEach { $0.temporary.discard() }
            return try await documentPage(req, principal, document, roadmap, error: Strings.Roadmap.chooseOneFile,
                                          status: .unprocessableEntity)
        }
        do {
            try await DocumentActions.addVersion(file, to: document, by: principal.actor, at: req.now,
                                                 store: req.application.fileStore, threadPool: req.application.threadPool,
                                                 on: req.db)
        } catch let failure as DocumentActions.Failure {
            file.temporary.discard()
            return try await documentPage(req, principal, document, roadmap, error: Strings.Roadmap.message(failure),
                                          status: failure == .conflict ? .conflict : .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.document(.value(document.id!)).path,
                            flash: Flash(kind: .success, text: Strings.Roadmap.versionAdded))
    }

    struct MoveForm: Content {
        var comment: String?
        /// The revision the person saw: acting on an older one is a conflict, not a surprise.
        var revision: Int?
    }

    func move(_ req: Request) async throws -> Response {
        let (principal, document, roadmap) = try await documentContext(req)
        guard let move = req.parameters.get("move").flatMap(ReviewMove.init(rawValue:)), move != .newVersion else {
            throw Abort(.notFound)
        }
        try principal.authorize(StructuredItemActions.action(for: move), in: roadmap)
        let form = try req.content.decode(MoveForm.self)
        do {
            if let seen = form.revision, seen != document.revision { throw DocumentActions.Failure.conflict }
            try await DocumentActions.move(document, move, comment: form.comment ?? "", by: principal.actor, at: req.now,
                                           on: req.db)
        } catch let failure as DocumentActions.Failure {
            let fresh = try await DocumentQueries.document(document.id!, on: req.db) ?? document
            return try await documentPage(req, principal, fresh, roadmap, error: Strings.Roadmap.message(failure),
                                          status: failure == .conflict ? .conflict : .unprocessableEntity,
                                          comment: form.comment)
        }
        return req.redirect(to: SiteURL.document(.value(document.id!)).path,
                            flash: Flash(kind: .success, text: Strings.Roadmap.moved(move)))
    }

    /// A draft that never went to the curator is the school's to delete: the document and its versions go
    /// (their files are swept once nothing refers to them), an event in the history says who deleted what.
    func delete(_ req: Request) async throws -> Response {
        let (principal, document, roadmap) = try await documentContext(req)
        try principal.authorize(.editRoadmap, in: roadmap)
        let form = try req.content.decode(MoveForm.self)
        do {
            if let seen = form.revision, seen != document.revision { throw DocumentActions.Failure.conflict }
            try await DocumentActions.delete(document, by: principal.actor, at: req.now, on: req.db)
        } catch let failure as DocumentActions.Failure {
            let fresh = try await DocumentQueries.document(document.id!, on: req.db) ?? document
            return try await documentPage(req, principal, fresh, roadmap, error: Strings.Roadmap.message(failure),
                                          status: failure == .conflict ? .conflict : .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.section(school: .value(roadmap.school.id!),
                                                section: .value(document.sectionCode)).path,
                            flash: Flash(kind: .success, text: Strings.Roadmap.deleted(document.title)))
    }

    func download(_ req: Request) async throws -> Response {
        let (_, document, _) = try await documentContext(req)
        guard let number = req.parameters.get("number", as: Int.self),
              let version = document.versions.first(where: { $0.number == number }) else { throw Abort(.notFound) }
        return try await Downloads.stored(req, sha256: version.$file.id, name: version.fileName, kind: version.uploadKind,
                                          cacheControl: "private, max-age=86400")
    }

    // MARK: the original risk profile file

    /// A coordinator attaches the profile's original file (as the survey produced it) to an imported profile.
    func attachProfileFile(_ req: Request) async throws -> Response {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.viewSchool, roadmap.place)
        guard principal.can(.manageSchool, roadmap.place),
              let record = try await RiskProfileRecord.query(on: req.db).filter(\.$participation.$id == roadmap.participationID)
                .first() else { throw Abort(.notFound) }
        let received: UploadReceiver.Result
        do {
            received = try await receiver(req).receive(req)
        } catch let failure as UploadReceiver.Failure {
            return try await sectionPage(req, principal, roadmap, .diagnostics, error: Strings.Roadmap.message(failure),
                                         status: failure.status)
        }
        guard received.files.count == 1, let file = received.files.first else {
            received.files.forEach { $0.temporary.discard() }
            return try await sectionPage(req, principal, roadmap, .diagnostics, error: Strings.Roadmap.chooseOneFile,
                                         status: .unprocessableEntity)
        }
        try await req.application.fileStore.commit(file.temporary, threadPool: req.application.threadPool)
        let name = SafeFileName.withExtension(SafeFileName.make(file.fileName), for: file.kind)
        let now = req.now, actor = principal.actor, recordID = try record.requireID(), school = roadmap.school.shortName
        try await req.db.writeTransaction { db in
            try await file.register(at: now, on: db)
            try await RiskProfileRecord.query(on: db).filter(\.$id == recordID)
                .set(\.$fileSHA256, to: file.temporary.sha256).set(\.$fileName, to: name).update()
            try await AuditLog.record(.profileFileAttached, by: actor.userID, object: "risk_profile", id: recordID,
                                      "\(school): \(name)", at: now, on: db)
        }
        return req.redirect(to: SiteURL.section(school: .value(schoolID), section: .value(DocumentSection.diagnostics.rawValue)).path,
                            flash: Flash(kind: .success, text: Strings.Profile.attached))
    }

    func profileFile(_ req: Request) async throws -> Response {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        _ = try req.authorize(.viewSchool, roadmap.place)
        guard let record = try await RiskProfileRecord.query(on: req.db).filter(\.$participation.$id == roadmap.participationID).first(),
              let sha256 = record.fileSHA256, let name = record.fileName,
              let response = try await req.application.fileStore.download(sha256, for: req) else { throw Abort(.notFound) }
        response.headers.replaceOrAdd(name: .contentDisposition, value: Downloads.disposition(name, inline: false))
        return response
    }

    // MARK: the curator's queue and the coordinators' feed

    func queue(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.role == .curator }
        let items = try await ReviewQueries.queue(for: principal.actor, today: req.today, on: req.db)
        let school = (try? req.query.get(String.self, at: "school")).flatMap(UUID.init(uuidString:))
        let section = (try? req.query.get(String.self, at: "section")).flatMap(RoadmapSection.init(rawValue:))
        return RoadmapViews.queue(PageContext(req), items: items, school: school, section: section, now: req.now)
    }

    func feed(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.role.isCoordinator }
        var filter = FeedFilter()
        filter.cycle = try await req.chosenCycle()
        filter.schoolID = (try? req.query.get(String.self, at: "school")).uuid
        filter.curatorID = (try? req.query.get(String.self, at: "curator")).uuid
        filter.kind = (try? req.query.get(String.self, at: "kind")).flatMap(ReviewEventKind.init(rawValue:))
        filter.from = (try? req.query.get(String.self, at: "from")).flatMap(CalendarDate.init)
        filter.to = (try? req.query.get(String.self, at: "to")).flatMap(CalendarDate.init)
        filter.page = req.pageNumber
        var page = try await ReviewQueries.feed(within: principal.actor.scope, filter: filter, on: req.db)
        page.years = try await req.shownCycles()
        return RoadmapViews.feed(PageContext(req), page)
    }

    // MARK: loading and authorizing

    private func receiver(_ req: Request) -> UploadReceiver {
        UploadReceiver(store: req.application.fileStore, maxFileBytes: req.settings.maxUploadBytes,
                       threadPool: req.application.threadPool)
    }

    private func sectionContext(_ req: Request) async throws -> (Principal, RoadmapContext, DocumentSection) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let section = req.parameters.get("section").flatMap(DocumentSection.init(rawValue:)),
              DocumentSection.schoolWide.contains(section),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.viewSchool, roadmap.place), roadmap, section)
    }

    private func documentContext(_ req: Request) async throws -> (Principal, Document, RoadmapContext) {
        guard let id = req.parameters.get("documentID", as: UUID.self),
              let document = try await DocumentQueries.document(id, on: req.db),
              let roadmap = try await DocumentQueries.roadmap(ofParticipation: document.$participation.id, on: req.db)
        else { throw Abort(.notFound) }
        return (try req.authorize(.viewSchool, roadmap.place), document, roadmap)
    }

    private func sectionPage(_ req: Request, _ principal: Principal, _ roadmap: RoadmapContext, _ section: DocumentSection,
                             error: String?, status: HTTPStatus) async throws -> Response {
        let documents = try await DocumentQueries.documents(of: roadmap.participationID, section: section, on: req.db)
        let comments = try await DocumentQueries.lastComments(for: documents.compactMap(\.id), on: req.db)
        var profile: ProfileView?
        if section == .diagnostics,
           let record = try await RiskProfileRecord.query(on: req.db).filter(\.$participation.$id == roadmap.participationID).first() {
            profile = ProfileView(factors: try await CycleQueries.factors(of: roadmap.cycle.id!, on: req.db),
                                  significance: record.significance, completed: record.completed, fileName: record.fileName,
                                  canAttach: principal.can(.manageSchool, roadmap.place))
        }
        return RoadmapViews.section(PageContext(req), SectionPage(
            roadmap: roadmap, section: section, profile: profile, documents: documents, comments: comments,
            canUpload: principal.can(.editRoadmap, in: roadmap), maxUploadBytes: req.settings.maxUploadBytes,
            error: error), status: status)
    }

    private func documentPage(_ req: Request, _ principal: Principal, _ document: Document, _ roadmap: RoadmapContext,
                              error: String?, status: HTTPStatus, comment: String? = nil) async throws -> Response {
        let history = try await DocumentQueries.history(of: document.id!, on: req.db)
        let people = Set(history.map(\.actorID) + document.versions.map(\.uploadedBy))
        let names = try await DocumentQueries.names(of: people, on: req.db)
        let moves = StructuredItemActions.moves(from: document.state, exists: true, principal: principal, roadmap: roadmap,
                                                withdrawable: true)
        return RoadmapViews.document(PageContext(req), DocumentPage(
            roadmap: roadmap, document: document, history: history, names: names, moves: moves,
            canDelete: document.isNeverSubmittedDraft && principal.can(.editRoadmap, in: roadmap),
            showsPreview: !principal.can(.editRoadmap, roadmap.place),
            maxUploadBytes: req.settings.maxUploadBytes, error: error, comment: comment), status: status)
    }
}

extension UploadReceiver.Failure {
    var status: HTTPStatus {
        switch self {
        case .refused(_, .tooLarge): .payloadTooLarge
        case .refused: .unprocessableEntity
        case .malformed: .badRequest
        }
    }
}
