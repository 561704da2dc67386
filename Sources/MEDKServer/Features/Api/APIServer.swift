import Fluent
import Foundation
import MEDKAPI
import MEDKCore
import OpenAPIRuntime
import SQLKit
import Vapor

/// The API's operations, as the generated `APIProtocol` names them: each reads its request from `APIContext`, asks
/// the same `Policy` and queries as the pages, and answers with the contract's own types. Out of reach is 404.
struct APIServer: APIProtocol {
    typealias S = MEDKAPI.Components.Schemas
    typealias A = Strings.Api

    // MARK: account

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        let token = req.apiToken!
        let scope = principal.actor.scope
        return .ok(.init(body: .json(S.Me(
            userId: principal.userID.uuidString, login: principal.user.login, fullName: principal.user.fullName,
            role: S.Role(rawValue: principal.role.rawValue) ?? .school,
            regionId: scope.regionID?.uuidString, municipalityId: scope.municipalityID?.uuidString,
            schoolId: scope.schoolID?.uuidString,
            token: S.TokenInfo(name: token.name, scope: token.scope == .import ? ._import : .read, expiresAt: token.expiresAt)))))
    }

    // MARK: directory

    func listTerritories(_ input: Operations.ListTerritories.Input) async throws -> Operations.ListTerritories.Output {
        let req = try APIContext.current()
        _ = try req.apiPrincipal()
        let limit = try APIPaging.limit(input.query.limit)
        var query = Region.query(on: req.db).sort(\.$id).limit(limit + 1)
        if let after = try APIPaging.uuidCursor(input.query.cursor) { query = query.filter(\.$id > after) }
        let regions = try await query.all()
        let shown = Array(regions.prefix(limit))
        let municipalities = shown.isEmpty ? [] : try await Municipality.query(on: req.db)
            .filter(\.$region.$id ~~ shown.map { $0.id! }).sort(\.$name).all()
        let byRegion = Dictionary(grouping: municipalities) { $0.$region.id }
        let page = S.RegionPage(items: shown.map { region in
            S.Region(id: region.id!.uuidString, name: region.name, timeZone: region.timeZone,
                     municipalities: (byRegion[region.id!] ?? []).map { S.Municipality(id: $0.id!.uuidString, name: $0.name) })
        }, next: regions.count > limit ? shown.last?.id?.uuidString : nil)
        return switch APIPaging.tag(page, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(page)))
        }
    }

    func listCycles(_ input: Operations.ListCycles.Input) async throws -> Operations.ListCycles.Output {
        let req = try APIContext.current()
        _ = try req.apiPrincipal()
        let cycles = try await Cycle.query(on: req.db).with(\.$controlDates).sort(\.$year, .descending).all()
        let list = S.CycleList(items: cycles.map { cycle in
            S.Cycle(id: cycle.id!.uuidString, year: cycle.year, title: cycle.title,
                    status: S.Cycle.StatusPayload(rawValue: cycle.statusCode) ?? .open, startsOn: cycle.startsOn, endsOn: cycle.endsOn,
                    controlDates: cycle.controlDates.sorted { ($0.dateText, $0.event) < ($1.dateText, $1.event) }.map {
                        S.ControlDate(date: $0.dateText, event: $0.event, description: $0.details)
                    })
        })
        return switch APIPaging.tag(list, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(list)))
        }
    }

    func listSchools(_ input: Operations.ListSchools.Input) async throws -> Operations.ListSchools.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        let limit = try APIPaging.limit(input.query.limit)
        let cycle = try await APIPaging.cycle(input.query.cycle, req)
        var query = School.query(on: req.db).sort(\.$id).limit(limit + 1)
        if let after = try APIPaging.uuidCursor(input.query.cursor) { query = query.filter(\.$id > after) }
        let actor = principal.actor
        switch actor.role {
        case .admin, .federal: break
        case .regional: query = query.filter(\.$region.$id == (actor.scope.regionID ?? UUID()))
        case .municipal: query = query.filter(\.$municipality.$id == (actor.scope.municipalityID ?? UUID()))
        case .school: query = query.filter(\.$id == (actor.scope.schoolID ?? UUID()))
        case .curator, .expert: query = query.filter(\.$id ~~ Array(actor.assignedSchools))
        }
        let schools = try await query.all()
        let shown = schools.prefix(limit).filter { principal.can(.viewSchool, $0.place) }
        let steps = try await APISchoolSteps.load(schools: shown.map { $0.id! }, cycle: cycle, on: req.db)
        let page = S.SchoolPage(items: shown.map { school in
            S.School(id: school.id!.uuidString, fullName: school.fullName, shortName: school.shortName, code: school.code,
                     isRural: school.isRural, regionId: school.$region.id.uuidString,
                     municipalityId: school.$municipality.id.uuidString, participation: steps[school.id!])
        }, next: schools.count > limit ? schools.prefix(limit).last?.id?.uuidString : nil)
        return switch APIPaging.tag(page, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(page)))
        }
    }

    // MARK: roadmaps

    func listSchoolDocuments(_ input: Operations.ListSchoolDocuments.Input) async throws -> Operations.ListSchoolDocuments.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        guard let id = UUID(uuidString: input.path.schoolId), let school = try await School.find(id, on: req.db),
              principal.can(.viewSchool, school.place) else { throw APIProblem(.notFound, A.notFound) }
        let cycle = try await APIPaging.cycle(input.query.cycle, req)
        let list = S.DocumentList(items: try await APISchoolItems.load(school: id, cycle: cycle, on: req.db))
        return switch APIPaging.tag(list, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(list)))
        }
    }

    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        let limit = try APIPaging.limit(input.query.limit)
        var after = EventFeed.Cursor.start
        if let text = input.query.after {
            guard let cursor = EventFeed.Cursor(text) else { throw APIProblem(.badRequest, A.badCursor) }
            after = cursor
        }
        let page = try await EventFeed.page(after: after, limit: limit, for: principal, on: req.db)
        return .ok(.init(body: .json(S.EventPage(events: page.events.map { event in
            S.Event(cursor: event.cursor.text, kind: event.kind == "chat" ? .chat : .review, at: event.at,
                    schoolId: event.place.schoolID!.uuidString, participationId: event.participationID.uuidString,
                    actorRole: event.actorRole, itemType: event.itemType, itemId: event.itemID?.uuidString,
                    itemTitle: event.itemTitle, version: event.version, move: event.move, fromState: event.fromState,
                    toState: event.toState, comment: event.comment, message: event.message)
        }, next: page.next.text))))
    }

    // MARK: indicators

    func getIndicators(_ input: Operations.GetIndicators.Input) async throws -> Operations.GetIndicators.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        let scope = try await APIScope.dashboard(principal, territory: input.query.territory, req)
        let day = try APIScope.day(input.query.date, req)
        guard let current = try await req.currentCycle() else { throw APIProblem(.notFound, Strings.Dashboards.noCycle) }
        let (cycle, shownDay) = DashboardController.year(of: day, chosen: nil, among: try await req.shownCycles(), current: current,
                                                         today: req.today)
        let table = try await InclusionQueries.table(scope, cycle: cycle, day: shownDay, on: req.db)
        let row = { (row: IndicatorRow) in
            S.IndicatorRow(id: row.id.uuidString, name: row.name, isSchool: row.isSchool,
                           figures: InclusionIndicator.allCases.compactMap { indicator in
                               row.tally(indicator).map { S.Figure(indicator: indicator.rawValue, done: $0.done, total: $0.total) }
                           })
        }
        let body = S.IndicatorTable(territory: scope.name, territoryId: scope.id?.uuidString,
                                    level: S.IndicatorTable.LevelPayload(rawValue: scope.level.rawValue) ?? .country,
                                    cycleYear: cycle.year, date: shownDay.iso, rows: table.rows.map(row), total: row(table.total))
        return switch APIPaging.tag(body, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(body)))
        }
    }

    // MARK: practices

    func listPractices(_ input: Operations.ListPractices.Input) async throws -> Operations.ListPractices.Output {
        let req = try APIContext.current()
        _ = try req.apiPrincipal()
        let limit = try APIPaging.limit(input.query.limit)
        // Newest first by id order within a moment: the cursor is the last practice's publication time and id.
        var query = Practice.query(on: req.db).filter(\.$stateCode == ReviewState.approved.rawValue)
            .sort(\.$publishedAt, .descending).sort(\.$id, .descending).limit(limit + 1)
        if let text = input.query.cursor {
            let parts = text.split(separator: "_")
            guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite, let id = UUID(uuidString: String(parts[1])) else {
                throw APIProblem(.badRequest, A.badCursor)
            }
            let at = Date(timeIntervalSince1970: seconds)
            query = query.group(.or) { or in
                or.filter(\.$publishedAt < at)
                or.group(.and) { and in and.filter(\.$publishedAt == at).filter(\.$id < id) }
            }
        }
        let practices = try await query.all()
        let shown = Array(practices.prefix(limit))
        let factors = shown.isEmpty ? [] : try await PracticeFactor.query(on: req.db).filter(\.$practiceID ~~ shown.map { $0.id! }).all()
        let byPractice = Dictionary(grouping: factors, by: \.practiceID)
        let next = practices.count > limit ? shown.last.map { "\($0.publishedAt?.timeIntervalSince1970 ?? 0)_\($0.id!.uuidString)" } : nil
        let page = S.PracticePage(items: shown.map { practice in
            S.Practice(id: practice.id!.uuidString, title: practice.title, summary: practice.summary,
                       schoolId: practice.schoolID.uuidString, regionId: practice.regionID.uuidString,
                       factors: (byPractice[practice.id!] ?? []).map(\.factorNumber).sorted(),
                       publishedAt: practice.publishedAt ?? practice.updatedAt,
                       page: SiteURL.publicPractice(.value(practice.id!)).path)
        }, next: next)
        return switch APIPaging.tag(page, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(page)))
        }
    }

    // MARK: imports

    func importSchools(_ input: Operations.ImportSchools.Input) async throws -> Operations.ImportSchools.Output {
        guard case .json(let body) = input.body else { throw APIProblem(.unsupportedMediaType, A.unsupportedMediaType) }
        let sheet = APIImportSheet(fields: APIImportSheet.schoolFields, columns: SchoolImport.columns.map(\.title),
                                   rows: body.schools.map { [$0.region, $0.municipality, $0.fullName, $0.shortName, $0.address, $0.locality.rawValue, $0.code] })
        return .ok(.init(body: .json(try await sheet.apply(.schools))))
    }

    func importUsers(_ input: Operations.ImportUsers.Input) async throws -> Operations.ImportUsers.Output {
        guard case .json(let body) = input.body else { throw APIProblem(.unsupportedMediaType, A.unsupportedMediaType) }
        let sheet = APIImportSheet(fields: APIImportSheet.userFields, columns: UserImport.columns.map(\.title),
                                   rows: body.users.map { [$0.login, $0.fullName, $0.email, $0.phone, $0.role, $0.region,
                                                           $0.municipality, $0.schoolCode, $0.school, $0.password] })
        return .ok(.init(body: .json(try await sheet.apply(.users))))
    }

    func importRiskProfiles(_ input: Operations.ImportRiskProfiles.Input) async throws -> Operations.ImportRiskProfiles.Output {
        guard case .json(let body) = input.body else { throw APIProblem(.unsupportedMediaType, A.unsupportedMediaType) }
        let req = try APIContext.current()
        let factors = try await CycleQueries.currentFactors(today: req.today, on: req.db)
        let numbers = factors.indices.map { "\($0 + 1)" }
        let groups = RespondentGroup.allCases.map(\.title)
        let fields = ["schoolCode"] + numbers.map { "factors.\($0)" } + groups.map { "respondents.\($0)" }
        let sheet = APIImportSheet(fields: fields, columns: [RiskProfileImport.schoolCode] + factors + groups,
                                   header: [RiskProfileImport.schoolCode] + numbers + groups,
                                   rows: body.profiles.map { profile in
                                       [profile.schoolCode] + numbers.map { profile.factors.additionalProperties[$0] }
                                           + groups.map { profile.respondents?.additionalProperties[$0] }
                                   })
        return .ok(.init(body: .json(try await sheet.apply(.riskProfiles))))
    }

    func logVisit(_ input: Operations.LogVisit.Input) async throws -> Operations.LogVisit.Output {
        guard case .json(let body) = input.body else { throw APIProblem(.unsupportedMediaType, A.unsupportedMediaType) }
        let req = try APIContext.current()
        let principal = try req.apiPrincipal(writing: true)
        guard principal.role == .curator else { throw APIProblem(.forbidden, Strings.Errors.forbidden) }
        var form = ["school": body.schoolId, "format": body.format.rawValue, "purpose": body.purpose]
        form["visitedOn"] = body.visitedOn
        form["participants"] = body.participants
        form["outcome"] = body.outcome
        switch try await VisitController.record(form, by: principal, req) {
        case .failure(let refusal):
            let names = ["school": "schoolId"]
            throw APIProblem(.unprocessableEntity, A.invalid, errors: refusal.errors.sorted { $0.key < $1.key }.map {
                APIProblem.FieldError(item: nil, field: names[$0.key] ?? $0.key, detail: $0.value)
            })
        case .success(let visit):
            return .created(.init(body: .json(S.Visit(id: visit.id!.uuidString, schoolId: visit.schoolID.uuidString,
                                                      visitedOn: visit.visitedOn, format: visit.formatCode))))
        }
    }
}

/// Paging, cursors and versions shared by the API's lists.
enum APIPaging {
    static let defaultLimit = 100
    static let maxLimit = 500

    static func limit(_ asked: Int?) throws -> Int {
        guard let asked else { return defaultLimit }
        guard (1...maxLimit).contains(asked) else { throw APIProblem(.badRequest, Strings.Api.badLimit) }
        return asked
    }

    /// An absent cursor starts at the beginning; an empty or foreign one is a mistake.
    static func uuidCursor(_ text: String?) throws -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else { throw APIProblem(.badRequest, Strings.Api.badCursor) }
        return id
    }

    /// The programme year asked for, or the current one.
    static func cycle(_ year: Int?, _ req: Request) async throws -> Cycle? {
        guard let year else { return try await req.currentCycle() }
        guard let cycle = try await Cycle.query(on: req.db).filter(\.$year == year).first() else {
            throw APIProblem(.notFound, Strings.Api.unknownCycle)
        }
        return cycle
    }

    enum Tagged { case fresh(String), notModified(String) }

    /// The answer's version, as the public pages tag theirs, over its JSON with sorted keys.
    static func tag<T: Encodable>(_ value: T, _ ifNoneMatch: String?) -> Tagged {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = (try? encoder.encode(value)) ?? Data()
        let etag = PublicCache.etag(of: data)
        guard let ifNoneMatch else { return .fresh(etag) }
        return PublicCache.matches(ifNoneMatch, etag) || PublicCache.matches(ifNoneMatch, "*") ? .notModified(etag) : .fresh(etag)
    }
}

/// A JSON import as the file it stands for: a header of the file's columns and a row per item, so the same
/// validation and writer apply; problems come back naming the item and the JSON field.
struct APIImportSheet {
    static let schoolFields = ["region", "municipality", "fullName", "shortName", "address", "locality", "code"]
    static let userFields = ["login", "fullName", "email", "phone", "role", "region", "municipality", "schoolCode", "school", "password"]

    /// The JSON field of each column, in order.
    let fields: [String]
    /// The columns' titles, as validation names them in its problems.
    let columns: [String]
    /// The header written (a title or an alias the file import accepts).
    var header: [String]? = nil
    let rows: [[String?]]

    init(fields: [String], columns: [String], header: [String]? = nil, rows: [[String?]]) {
        (self.fields, self.columns, self.header, self.rows) = (fields, columns, header, rows)
    }

    func apply(_ kind: ImportController.Kind) async throws -> MEDKAPI.Components.Schemas.ImportResult {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal(writing: true)
        guard principal.can(.manageUsers, principal.actor.scope) else { throw APIProblem(.forbidden, Strings.Errors.forbidden) }
        guard !rows.isEmpty else {
            throw APIProblem(.unprocessableEntity, Strings.Api.invalid, errors: [.init(item: nil, field: "body", detail: Strings.Api.emptyList)])
        }
        let sheet = [header ?? columns] + rows.map { $0.map { $0 ?? "" } }
        switch try await ImportController.apply(kind, sheet, by: principal, req) {
        case .failure(let failure):
            let field = Dictionary(zip(columns, fields)) { a, _ in a }
            throw APIProblem(.unprocessableEntity, Strings.Api.invalid, errors: failure.issues.prefix(1000).map { issue in
                APIProblem.FieldError(item: issue.row >= 2 ? issue.row - 2 : nil, field: issue.column.flatMap { field[$0] } ?? "body",
                                      detail: Strings.Import.describe(issue.problem))
            })
        case .success(let outcome):
            return .init(created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged,
                         passwords: outcome.passwords.isEmpty ? nil : outcome.passwords.map { .init(login: $0.login, password: $0.password) })
        }
    }
}
