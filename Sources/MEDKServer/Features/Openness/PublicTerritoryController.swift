import Fluent
import MEDKCore
import Vapor

/// A territory's public page (readable without signing in) and its acts: the coordinator publishes an order, a
/// regulation or recommendations with number, date and title; everyone reads them.
struct PublicTerritoryController {
    typealias O = Strings.Openness

    func page(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("territoryID", as: UUID.self),
              let owner = try await TerritoryRoadmapQueries.owner(id, on: req.db) else { throw Abort(.notFound) }
        let today = TerritoryRoadmapController.day(req) ?? owner.today(req)
        let cycle = try await req.currentCycle()
        let page = try await PublicTerritoryQueries.page(owner, today: today, cycle: cycle, on: req.db)
        return PublicCache.respond(req, PublicTerritoryViews.page(PageContext(req), page))
    }

    /// An act's file: public from the moment it was published.
    func actFile(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("actID", as: UUID.self), let act = try await TerritoryAct.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return try await Downloads.stored(req, sha256: act.sha256, name: act.fileName, kind: UploadKind(rawValue: act.fileKind),
                                          cacheControl: "public, max-age=\(PublicCache.maxAge)")
    }

    /// The territory's acts and, for its own coordinator, the form to publish one.
    func acts(_ req: Request) async throws -> Response {
        let (principal, owner) = try await context(req)
        return try await actsPage(req, principal, owner, fields: [:], problems: [:], status: .ok)
    }

    func publishAct(_ req: Request) async throws -> Response {
        let (principal, owner) = try await context(req)
        guard principal.can(.publishActs, owner.place) else { throw Abort(.forbidden) }
        let received: UploadReceiver.Result
        do {
            received = try await UploadReceiver(store: req.application.fileStore, maxFileBytes: req.settings.maxUploadBytes,
                                                threadPool: req.application.threadPool).receive(req)
        } catch let failure as UploadReceiver.Failure {
            return try await actsPage(req, principal, owner, fields: [:], problems: ["file": Strings.Roadmap.message(failure)],
                                      status: failure.status)
        }
        let fields = received.fields
        func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var problems: [String: String] = [:]
        let kind = TerritoryActKind(rawValue: text("kind"))
        if kind == nil { problems["kind"] = O.actKindRequired }
        if text("number").isEmpty || text("number").count > 50 { problems["number"] = O.actNumberRequired }
        let signed = CalendarDate(text("signedOn"))
        if signed.map({ $0 > owner.today(req) || $0.year < 1990 }) != false { problems["signedOn"] = O.actDateRequired }
        if text("title").isEmpty || text("title").count > 500 { problems["title"] = O.actTitleRequired }
        if received.files.count != 1 { problems["file"] = O.actFileRequired }
        guard problems.isEmpty, let kind, let signed, let file = received.files.first else {
            received.files.forEach { $0.temporary.discard() }
            return try await actsPage(req, principal, owner, fields: fields, problems: problems, status: .unprocessableEntity)
        }
        let act = TerritoryAct()
        // The form's own id: sending it twice publishes one act.
        act.id = UUID(uuidString: text("id")) ?? UUID()
        act.regionID = owner.region.id!
        act.municipalityID = owner.municipality?.id
        act.kindCode = kind.rawValue
        act.number = text("number")
        act.signedOn = signed.iso
        act.title = text("title")
        act.sha256 = file.temporary.sha256
        act.fileName = SafeFileName.withExtension(SafeFileName.make(file.fileName), for: file.kind)
        act.fileKind = file.kind.rawValue
        act.publishedBy = principal.userID
        act.publishedAt = req.now
        try await req.application.fileStore.commit(file.temporary, threadPool: req.application.threadPool)
        let now = req.now
        try await req.db.writeTransaction(idempotent: true) { db in
            guard try await TerritoryAct.find(act.id!, on: db) == nil else { return }
            try await file.register(at: now, on: db)
            try await act.create(on: db)
            try await AuditLog.record(.territoryActPublished, by: principal.userID, object: "territory_act", id: act.id,
                                      O.actLine(kind, number: act.number, date: signed) + " " + act.title.prefix(120), at: now, on: db)
        }
        return req.redirect(to: SiteURL.territoryActs(.value(owner.id)).path, flash: Flash(kind: .success, text: O.actPublished))
    }

    private func context(_ req: Request) async throws -> (Principal, TerritoryOwner) {
        guard let id = req.parameters.get("territoryID", as: UUID.self),
              let owner = try await TerritoryRoadmapQueries.owner(id, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.viewTerritoryPlans, owner.place), owner)
    }

    private func actsPage(_ req: Request, _ principal: Principal, _ owner: TerritoryOwner, fields: [String: String],
                          problems: [String: String], status: HTTPStatus) async throws -> Response {
        PublicTerritoryViews.acts(PageContext(req), owner: owner, acts: try await PublicTerritoryQueries.acts(of: owner.place, on: req.db),
                                  canPublish: principal.can(.publishActs, owner.place), fields: fields, problems: problems,
                                  status: status)
    }
}
