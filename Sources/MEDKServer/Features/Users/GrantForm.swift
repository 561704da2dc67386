import Fluent
import MEDKCore
import Vapor

/// The role and its place, as chosen in the user and grant forms.
struct GrantFields: Content {
    var role: String?
    var region: String?
    var municipality: String?
    var school: String?
    var schoolCode: String?

    /// Resolves the place the role is bound to, or says which field is wrong.
    func resolve(on db: Database) async throws -> Result<(Role, Place), GrantProblem> {
        guard let role = role.flatMap(Role.init(rawValue:)) else { return .failure(.role) }
        switch role.scopeKind {
        case .country:
            return .success((role, .country))
        case .region:
            guard let region = region.uuid, try await Region.find(region, on: db) != nil else { return .failure(.place) }
            return .success((role, Place(region: region)))
        case .municipality:
            guard let found = try await Municipality.find(municipality.uuid, on: db) else { return .failure(.place) }
            return .success((role, found.place))
        case .school:
            var school: School?
            if let id = self.school.uuid { school = try await School.find(id, on: db) }
            let code = schoolCode.trimmed
            if school == nil, !code.isEmpty { school = try await School.query(on: db).filter(\.$code == code).first() }
            guard let school else { return .failure(.place) }
            return .success((role, school.place))
        }
    }
}

enum GrantProblem: Error {
    case role, place

    var message: String {
        switch self {
        case .role: Strings.Users.roleRequired
        case .place: Strings.Users.placeRequired
        }
    }
}

/// What the grant form offers the principal: roles it may grant and the places inside its scope.
struct GrantChoices: Sendable {
    let roles: [Role]
    let regions: [Region]
    let municipalities: [Municipality]
    /// nil when there are too many schools in scope for a list: the form asks for the code instead.
    let schools: [School]?

    static let maxListedSchools = 2000

    static func load(for principal: Principal, on db: Database) async throws -> GrantChoices {
        let scope = principal.actor.scope
        let roles = Policy.grantableRoles(by: principal.actor)
        let regions = try await TerritoryQueries.regions(on: db).filter { scope.regionID == nil || $0.id == scope.regionID }
        let municipalities = try await TerritoryQueries.municipalities(within: scope, on: db)
        let schoolQuery = School.query(on: db).sort(\.$fullName)
        if let region = scope.regionID { schoolQuery.filter(\.$region.$id == region) }
        if let municipality = scope.municipalityID { schoolQuery.filter(\.$municipality.$id == municipality) }
        let count = try await schoolQuery.count()
        let schools = count > maxListedSchools ? nil : try await schoolQuery.all()
        return GrantChoices(roles: roles, regions: regions, municipalities: municipalities, schools: schools)
    }
}
