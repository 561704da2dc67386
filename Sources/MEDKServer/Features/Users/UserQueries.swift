import Foundation
import Fluent
import MEDKCore

enum UserQueries {
    /// Users with at least one grant inside the scope (all users for a country-wide scope), paged.
    static func list(within scope: Place, search: String, page: Int, on db: Database) async throws -> (users: [User], total: Int) {
        let query = User.query(on: db)
        if scope != .country {
            let grants = RoleGrant.query(on: db)
            if let region = scope.regionID { grants.filter(\.$region.$id == region) }
            if let municipality = scope.municipalityID { grants.filter(\.$municipality.$id == municipality) }
            let ids = try await grants.all(\.$user.$id)
            query.filter(\.$id ~~ Array(Set(ids)))
        }
        let text = search.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty {
            let pattern = "%\(SchoolQueries.escapeLike(text))%"
            query.group(.or) {
                $0.filter(\.$login, .custom("LIKE"), pattern.lowercased()).filter(\.$fullName, .custom("LIKE"), pattern)
            }
        }
        let total = try await query.count()
        let users = try await query.sort(\.$fullName).range(lower: (page - 1) * 50, upper: page * 50)
            .with(\.$grants) { $0.with(\.$region).with(\.$municipality).with(\.$school) }.all()
        return (users, total)
    }

    static func find(_ id: UUID, on db: Database) async throws -> User? {
        try await User.query(on: db).filter(\.$id == id)
            .with(\.$grants) { $0.with(\.$region).with(\.$municipality).with(\.$school) }.first()
    }

    /// Whether the principal keeps this user: an admin or federal coordinator always, others when
    /// one of the user's grants sits inside their scope.
    static func isManaged(_ user: User, by principal: Principal) -> Bool {
        if principal.can(.manageUsers, .country) { return true }
        return user.grants.contains { principal.can(.manageUsers, $0.place) }
    }

    /// Whether the principal may change this user (contact data, grants, blocking): only if it could grant
    /// every role the user holds (`Policy.canChangeUser`).
    static func isChangeable(_ user: User, by principal: Principal) -> Bool {
        Policy.canChangeUser(principal.actor, holding: user.grants.compactMap { grant in grant.role.map { ($0, grant.place) } })
    }
}
