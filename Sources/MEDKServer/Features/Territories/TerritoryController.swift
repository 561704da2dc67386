import Fluent
import MEDKCore
import Vapor

struct TerritoryController {
    func index(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { $0.can(.manageMunicipality, $0.actor.scope) }
        return try await page(req, principal, errors: [:])
    }

    struct RegionForm: Content {
        var name: String?
        var timeZone: String?
    }

    func createRegion(_ req: Request) async throws -> Response {
        let principal = try req.authorize(.manageRegion, .country)
        let form = try req.content.decode(RegionForm.self)
        let name = form.name.trimmed
        let zone = form.timeZone.trimmed.isEmpty ? "Europe/Moscow" : form.timeZone.trimmed
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 200 { errors["regionName"] = Strings.Territories.nameRequired }
        else if try await Region.query(on: req.db).filter(\.$name == name).first() != nil {
            errors["regionName"] = Strings.Territories.regionExists
        }
        if !Strings.Territories.zones.contains(where: { $0.identifier == zone }) { errors["timeZone"] = Strings.Territories.badTimeZone }
        guard errors.isEmpty else { return try await page(req, principal, errors: errors, status: .unprocessableEntity) }
        let region = Region(name: name, timeZone: zone)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await region.create(on: db)
            try await AuditLog.record(.regionCreated, by: principal.userID, object: "region", id: region.id, name,
                                      at: now, on: db)
        }
        return req.redirect(to: .territories, success: Strings.Territories.regionCreated)
    }

    struct MunicipalityForm: Content {
        var name: String?
        var region: String?
    }

    func createMunicipality(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(MunicipalityForm.self)
        let name = form.name.trimmed
        var errors: [String: String] = [:]
        guard let regionID = form.region.uuid, let region = try await Region.find(regionID, on: req.db) else {
            return try await page(req, principal, errors: ["region": Strings.Territories.regionRequired],
                                  status: .unprocessableEntity)
        }
        _ = try req.authorize(.manageMunicipality, Place(region: regionID))
        if name.isEmpty || name.count > 200 { errors["municipalityName"] = Strings.Territories.nameRequired }
        else if try await Municipality.query(on: req.db).filter(\.$region.$id == regionID).filter(\.$name == name).first() != nil {
            errors["municipalityName"] = Strings.Territories.municipalityExists
        }
        guard errors.isEmpty else { return try await page(req, principal, errors: errors, status: .unprocessableEntity) }
        let municipality = Municipality(regionID: regionID, name: name)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await municipality.create(on: db)
            try await AuditLog.record(.municipalityCreated, by: principal.userID, object: "municipality",
                                      id: municipality.id, "\(name) (\(region.name))", at: now, on: db)
        }
        return req.redirect(to: .territories, success: Strings.Territories.municipalityCreated)
    }

    private func page(_ req: Request, _ principal: Principal, errors: [String: String],
                      status: HTTPStatus = .ok) async throws -> Response {
        let scope = principal.actor.scope
        let regions = try await TerritoryQueries.regions(on: req.db).filter { scope.regionID == nil || $0.id == scope.regionID }
        let municipalities = try await TerritoryQueries.municipalities(within: scope, on: req.db)
        return TerritoryViews.index(PageContext(req), regions: regions, municipalities: municipalities,
                                    canCreateRegion: principal.can(.manageRegion, .country), errors: errors, status: status)
    }
}

enum TerritoryViews {
    static func index(_ context: PageContext, regions: [Region], municipalities: [Municipality], canCreateRegion: Bool,
                      errors: [String: String], status: HTTPStatus) -> Response {
        let counts = Dictionary(grouping: municipalities, by: { $0.$region.id }).mapValues(\.count)
        return Layout.render(
            context, title: Strings.Territories.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Territories.title)],
            status: status,
            Components.errorSummary(errors),
            .section(
                .h2(.text(Strings.Territories.regions)),
                Components.table([Strings.Territories.name, Strings.Territories.timeZone, Strings.Territories.municipalities],
                                 regions.map { region in
                                     [Components.cell(region.name), Components.cell(Strings.Territories.zoneName(region.timeZone)),
                                      Components.number(counts[region.id!] ?? 0)]
                                 }),
                .if(canCreateRegion, .form(
                    .class("inline-form"), .method(.post), .action(SiteURL.regions.path),
                    Components.csrfField(context.csrf),
                    Components.heading(Strings.Territories.newRegion),
                    Components.field(Strings.Territories.name, name: "name", required: true, error: errors["regionName"]),
                    Components.select(Strings.Territories.timeZone, name: "timeZone",
                                      options: Strings.Territories.zones.map { ($0.identifier, Strings.Territories.zoneName($0.identifier)) },
                                      selected: "Europe/Moscow", error: errors["timeZone"]),
                    Components.submit(Strings.Common.create)))
            ),
            .section(
                .h2(.text(Strings.Territories.municipalities)),
                Components.table([Strings.Territories.name, Strings.Territories.region],
                                 municipalities.map { [Components.cell(link: $0.name, SiteURL.schools.path(query: [("municipality", $0.id!.uuidString)])),
                                                       Components.cell($0.region.name)] }),
                .form(
                    .class("inline-form"), .method(.post), .action(SiteURL.municipalities.path),
                    Components.csrfField(context.csrf),
                    Components.heading(Strings.Territories.newMunicipality),
                    Components.select(Strings.Territories.region, name: "region",
                                      options: regions.map { ($0.id!.uuidString, $0.name) },
                                      selected: regions.count == 1 ? regions[0].id!.uuidString : nil, required: true,
                                      error: errors["region"]),
                    Components.field(Strings.Territories.name, name: "name", required: true, error: errors["municipalityName"]),
                    Components.submit(Strings.Common.create))
            )
        )
    }
}
