import Fluent
import MEDKCore
import MEDKSheets
import Vapor

/// Territories' own plans-schedules (seeds 002, 003, 004): the list of a territory, one plan with its share
/// done as of a day, an item with its marks, import and export, and the public page of a territory.
struct TerritoryRoadmapController {
    // MARK: the coordinator's entry point

    /// A municipal or regional coordinator goes to its own territory; the federal coordinator and the admin
    /// see every territory that keeps a plan.
    func index(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { [.municipal, .regional, .federal, .admin].contains($0.role) }
        let scope = principal.actor.scope
        if let own = scope.municipalityID ?? scope.regionID {
            return req.redirect(to: SiteURL.territoryRoadmaps(.value(own)).path)
        }
        let roadmaps = try await TerritoryRoadmapQueries.roadmaps(within: scope, on: req.db)
        return TerritoryRoadmapViews.index(PageContext(req), roadmaps: roadmaps)
    }

    // MARK: a territory's plans

    func list(_ req: Request) async throws -> Response {
        let (principal, owner) = try await ownerContext(req)
        return try await listPage(req, principal, owner, form: ImportForm(), result: nil, status: .ok)
    }

    struct ImportForm: Content {
        var title: String?
        var orderNumber: String?
        var orderDate: String?
        var cycleYear: String?
        var file: File?
    }

    /// Imports a new plan, or brings the plan of the same year and title up to the file.
    func importNew(_ req: Request) async throws -> Response {
        let (principal, owner) = try await ownerContext(req)
        guard principal.can(.manageTerritoryPlans, owner.place) else { throw Abort(.forbidden) }
        var form = (try? req.content.decode(ImportForm.self)) ?? ImportForm()
        let T = Strings.TerritoryRoadmaps.self
        var errors: [String: String] = [:]
        let title = form.title.trimmed
        if title.isEmpty { errors["title"] = T.titleRequired } else if title.count > 500 { errors["title"] = T.tooLong(500) }
        let orderNumber = form.orderNumber.trimmed
        if orderNumber.count > 100 { errors["orderNumber"] = T.tooLong(100) }
        let orderDate = CalendarDate(form.orderDate.trimmed)
        if !form.orderDate.trimmed.isEmpty, orderDate == nil { errors["orderDate"] = Strings.Schools.badDate }
        let year = Int(form.cycleYear.trimmed)
        if year == nil || !(2000...2100).contains(year!) { errors["cycleYear"] = T.badYear }
        let sheet = ImportSheet.read(form.file)
        form.file = nil
        guard errors.isEmpty, let year else {
            return try await listPage(req, principal, owner, form: form, result: .invalidForm(errors), status: .unprocessableEntity)
        }
        let header = TerritoryRoadmapWriter.Header(title: title, orderNumber: orderNumber.isEmpty ? nil : orderNumber,
                                                   orderDate: orderDate, cycleYear: year)
        let existing = try await TerritoryRoadmapQueries.find(owner: owner.place, cycleYear: year, title: title, on: req.db)
        switch try await importSheet(req, sheet, header: header, into: existing, owner: owner, principal: principal) {
        case .failure(let result):
            return try await listPage(req, principal, owner, form: form, result: result, status: .unprocessableEntity)
        case .success(let (roadmap, outcome)):
            return req.redirect(to: SiteURL.territoryRoadmap(.value(roadmap.id!)).path,
                                flash: Flash(kind: .success, text: Strings.Import.done(
                                    created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged)))
        }
    }

    /// A sample file: the columns and two rows of seed 004.
    func template(_ req: Request) async throws -> Response {
        _ = try await ownerContext(req)
        let sample = TerritoryRoadmap.seed004Sretensk.items.prefix(4).map { RoadmapImport.cells(of: $0).map(XLSXWriter.Cell.text) }
        let sheet = XLSXWriter.Sheet(name: Strings.TerritoryRoadmaps.sheetName, header: RoadmapImport.columns.map(\.title),
                                     rows: Array(sample))
        return Downloads.response(try XLSXWriter(sheets: [sheet]).data(), fileName: "medk-plan-grafik.xlsx",
                                  contentType: Self.xlsx)
    }

    // MARK: one plan

    func show(_ req: Request) async throws -> Response {
        let (principal, roadmap, owner) = try await roadmapContext(req)
        return try await roadmapPage(req, principal, roadmap, owner, result: nil, status: .ok)
    }

    struct ReimportForm: Content {
        var file: File?
    }

    func reimport(_ req: Request) async throws -> Response {
        let (principal, roadmap, owner) = try await roadmapContext(req)
        guard principal.can(.manageTerritoryPlans, roadmap.place) else { throw Abort(.forbidden) }
        let form = (try? req.content.decode(ReimportForm.self)) ?? ReimportForm()
        let header = TerritoryRoadmapWriter.Header(title: roadmap.title, orderNumber: roadmap.orderNumber,
                                                   orderDate: roadmap.orderDay, cycleYear: roadmap.cycleYear)
        switch try await importSheet(req, ImportSheet.read(form.file), header: header, into: roadmap, owner: owner, principal: principal) {
        case .failure(let result):
            return try await roadmapPage(req, principal, roadmap, owner, result: result, status: .unprocessableEntity)
        case .success(let (_, outcome)):
            return req.redirect(to: SiteURL.territoryRoadmap(.value(roadmap.id!)).path,
                                flash: Flash(kind: .success, text: Strings.Import.done(
                                    created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged)))
        }
    }

    /// The plan with every item's standing as of the chosen day (today by default).
    func export(_ req: Request) async throws -> Response {
        let (_, roadmap, owner) = try await roadmapContext(req)
        let day = Self.day(req) ?? owner.today(req)
        let standing = try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: day, on: req.db)
        let data = try TerritoryRoadmapExport.xlsx(roadmap, owner: owner, standing: standing)
        return Downloads.response(data, fileName: Strings.TerritoryRoadmaps.exportFileName(roadmap, day: day),
                                  contentType: Self.xlsx)
    }

    // MARK: one item and its marks

    func item(_ req: Request) async throws -> Response {
        let (principal, item, roadmap, owner) = try await itemContext(req)
        return try await itemPage(req, principal, item, roadmap, owner, error: nil, status: .ok)
    }

    /// Done, with its date and an evidence file or link. The body streams (the evidence may be a video), so
    /// the CSRF token rides in the action URL.
    func markDone(_ req: Request) async throws -> Response {
        let (principal, item, roadmap, owner) = try await itemContext(req)
        guard principal.can(.manageTerritoryPlans, roadmap.place) else { throw Abort(.forbidden) }
        let T = Strings.TerritoryRoadmaps.self
        let received: UploadReceiver.Result
        do {
            received = try await UploadReceiver(store: req.application.fileStore, maxFileBytes: req.settings.maxUploadBytes,
                                                threadPool: req.application.threadPool).receive(req)
        } catch let failure as UploadReceiver.Failure {
            return try await itemPage(req, principal, item, roadmap, owner, error: Strings.Roadmap.message(failure),
                                      status: failure.status)
        }
        let fields = received.fields
        let refuse: (String) async throws -> Response = { message in
            received.files.forEach { $0.temporary.discard() }
            return try await itemPage(req, principal, item, roadmap, owner, error: message, status: .unprocessableEntity,
                                      fields: fields)
        }
        if item.isHeading { return try await refuse(T.headingCannotBeMarked) }
        guard received.files.count <= 1 else { return try await refuse(Strings.Roadmap.chooseOneFile) }
        guard let day = CalendarDate(fields["doneOn"].trimmed) else { return try await refuse(T.doneOnRequired) }
        // Marks are dated where the territory is (a Chita coordinator's «today» starts six hours before Moscow's).
        let today = owner.region.day(of: req.now)
        if day > today { return try await refuse(T.doneOnInFuture) }
        let link = fields["link"].trimmed
        if !link.isEmpty, !Self.isLink(link) { return try await refuse(T.badLink) }
        let file = received.files.first
        if file == nil, link.isEmpty { return try await refuse(T.evidenceRequired) }
        let comment = fields["comment"].trimmed
        if comment.count > 2000 { return try await refuse(T.tooLong(2000)) }
        try await TerritoryRoadmapWriter.mark(item, .done(on: day, evidence: file, link: link.isEmpty ? nil : link,
                                                          comment: comment),
                                              by: principal, at: req.now, today: today, store: req.application.fileStore,
                                              threadPool: req.application.threadPool, on: req.db)
        return req.redirect(to: SiteURL.territoryRoadmapItem(.value(item.id!)).path,
                            flash: Flash(kind: .success, text: T.markedDone))
    }

    struct NotDoneForm: Content {
        var reason: String?
    }

    func markNotDone(_ req: Request) async throws -> Response {
        let (principal, item, roadmap, owner) = try await itemContext(req)
        guard principal.can(.manageTerritoryPlans, roadmap.place) else { throw Abort(.forbidden) }
        let T = Strings.TerritoryRoadmaps.self
        let reason = (try? req.content.decode(NotDoneForm.self))?.reason.trimmed ?? ""
        let error: String? = item.isHeading ? T.headingCannotBeMarked
            : reason.isEmpty ? T.reasonRequired : reason.count > 2000 ? T.tooLong(2000) : nil
        if let error {
            return try await itemPage(req, principal, item, roadmap, owner, error: error, status: .unprocessableEntity,
                                      fields: ["reason": reason])
        }
        try await TerritoryRoadmapWriter.mark(item, .notDone(reason: reason), by: principal, at: req.now,
                                              today: owner.region.day(of: req.now),
                                              store: req.application.fileStore, threadPool: req.application.threadPool,
                                              on: req.db)
        return req.redirect(to: SiteURL.territoryRoadmapItem(.value(item.id!)).path,
                            flash: Flash(kind: .success, text: T.markedNotDone))
    }

    func evidence(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("markID", as: UUID.self),
              let mark = try await TerritoryRoadmapQueries.mark(id, on: req.db),
              let roadmap = try await TerritoryRoadmapQueries.roadmap(mark.$roadmap.id, on: req.db) else { throw Abort(.notFound) }
        _ = try req.authorize(.viewTerritoryPlans, roadmap.place)
        guard let sha256 = mark.evidenceSHA256, let stored = try await StoredFile.find(sha256, on: req.db) else { throw Abort(.notFound) }
        return try await Downloads.stored(req, sha256: sha256, name: mark.evidenceName ?? sha256, kind: UploadKind(rawValue: stored.kind),
                                          cacheControl: "private, max-age=86400")
    }

    // MARK: loading, authorizing, reading files

    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    private func ownerContext(_ req: Request) async throws -> (Principal, TerritoryOwner) {
        guard let id = req.parameters.get("territoryID", as: UUID.self),
              let owner = try await TerritoryRoadmapQueries.owner(id, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.viewTerritoryPlans, owner.place), owner)
    }

    private func roadmapContext(_ req: Request) async throws -> (Principal, TerritoryRoadmapRecord, TerritoryOwner) {
        guard let id = req.parameters.get("roadmapID", as: UUID.self),
              let roadmap = try await TerritoryRoadmapQueries.roadmap(id, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.viewTerritoryPlans, roadmap.place)
        guard let owner = try await TerritoryRoadmapQueries.owner(of: roadmap.place, on: req.db) else { throw Abort(.notFound) }
        return (principal, roadmap, owner)
    }

    private func itemContext(_ req: Request) async throws
        -> (Principal, RoadmapItemRecord, TerritoryRoadmapRecord, TerritoryOwner)
    {
        guard let id = req.parameters.get("itemID", as: UUID.self),
              let item = try await TerritoryRoadmapQueries.item(id, on: req.db) else { throw Abort(.notFound) }
        let roadmap = item.roadmap
        let principal = try req.authorize(.viewTerritoryPlans, roadmap.place)
        guard let owner = try await TerritoryRoadmapQueries.owner(of: roadmap.place, on: req.db) else { throw Abort(.notFound) }
        return (principal, item, roadmap, owner)
    }

    /// The day of `?date=` (as a date field sends it), nil when absent or not a date.
    static func day(_ req: Request) -> CalendarDate? {
        (try? req.query.get(String.self, at: "date")).flatMap(CalendarDate.init)
    }

    static func isLink(_ text: String) -> Bool {
        guard text.count <= 1000, !text.contains(where: \.isWhitespace),
              let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false else { return false }
        return true
    }

    private func importSheet(_ req: Request, _ sheet: Result<[[String]], ImportController.Unreadable>,
                             header: TerritoryRoadmapWriter.Header, into existing: TerritoryRoadmapRecord?,
                             owner: TerritoryOwner, principal: Principal) async throws
        -> Result<(TerritoryRoadmapRecord, ImportOutcome), RoadmapImportResult>
    {
        switch sheet {
        case .failure(let unreadable):
            return .failure(.failed(unreadable.message, []))
        case .success(let rows):
            switch RoadmapImport.validate(rows, cycleYear: header.cycleYear) {
            case .failure(let failure):
                return .failure(.failed(nil, failure.issues))
            case .success(let items):
                do {
                    return .success(try await TerritoryRoadmapWriter.importItems(
                        items, header: header, into: existing, owner: owner.place, by: principal, at: req.now, on: req.db))
                } catch TerritoryRoadmapWriter.Refusal.markedItemsMissing(let numbers) {
                    return .failure(.failed(Strings.TerritoryRoadmaps.markedItemsMissing(numbers), []))
                }
            }
        }
    }

    // MARK: pages

    private func listPage(_ req: Request, _ principal: Principal, _ owner: TerritoryOwner, form: ImportForm,
                          result: RoadmapImportResult?, status: HTTPStatus) async throws -> Response {
        let day = Self.day(req) ?? owner.today(req)
        var plans: [(TerritoryRoadmapRecord, RoadmapStanding)] = []
        for roadmap in try await TerritoryRoadmapQueries.roadmaps(of: owner.place, on: req.db) {
            plans.append((roadmap, try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: day, on: req.db)))
        }
        let municipal = owner.municipality == nil
            ? try await TerritoryRoadmapQueries.roadmaps(within: owner.place, on: req.db).filter { $0.$municipality.id != nil }
            : []
        return TerritoryRoadmapViews.list(PageContext(req), TerritoryRoadmapsPage(
            owner: owner, plans: plans, municipalPlans: municipal, day: day, dayAsked: Self.day(req) != nil, today: owner.today(req),
            canManage: principal.can(.manageTerritoryPlans, owner.place), form: form, result: result), status: status)
    }

    private func roadmapPage(_ req: Request, _ principal: Principal, _ roadmap: TerritoryRoadmapRecord, _ owner: TerritoryOwner,
                             result: RoadmapImportResult?, status: HTTPStatus) async throws -> Response {
        let asked = (try? req.query.get(String.self, at: "date")) ?? ""
        let day = Self.day(req) ?? owner.today(req)
        let standing = try await TerritoryRoadmapQueries.standing(of: roadmap.id!, asOf: day, on: req.db)
        return TerritoryRoadmapViews.roadmap(PageContext(req), TerritoryRoadmapPage(
            owner: owner, roadmap: roadmap, standing: standing, today: owner.today(req),
            dateError: !asked.isEmpty && Self.day(req) == nil ? Strings.Schools.badDate : nil,
            canManage: principal.can(.manageTerritoryPlans, roadmap.place), result: result), status: status)
    }

    private func itemPage(_ req: Request, _ principal: Principal, _ item: RoadmapItemRecord, _ roadmap: TerritoryRoadmapRecord,
                          _ owner: TerritoryOwner, error: String?, status: HTTPStatus,
                          fields: [String: String] = [:]) async throws -> Response {
        let marks = try await TerritoryRoadmapQueries.marks(ofItem: item.id!, on: req.db)
        let standing = RoadmapStanding(items: [item], marks: marks, asOf: owner.today(req))
        let names = try await TerritoryRoadmapQueries.names(of: Set(marks.map(\.markedBy)), on: req.db)
        return TerritoryRoadmapViews.item(PageContext(req), RoadmapItemPage(
            owner: owner, roadmap: roadmap, item: item, state: standing.state(of: item), marks: marks, names: names,
            today: owner.today(req), canManage: principal.can(.manageTerritoryPlans, roadmap.place) && !item.isHeading,
            maxUploadBytes: req.settings.maxUploadBytes, error: error, fields: fields), status: status)
    }
}

/// Why an import did not happen: a message for the whole file and/or the problems of its rows.
enum RoadmapImportResult: Error, Sendable {
    case failed(String?, [ImportIssue])
    case invalidForm([String: String])
}
