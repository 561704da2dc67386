import Fluent
import MEDKCore
import Vapor

/// The signed-in user of a request, acting in its active role.
struct Principal: Sendable {
    let user: User
    let session: UserSession
    /// All the user's grants, to switch between; `activeGrant` is one of them.
    let grants: [RoleGrant]
    let activeGrant: RoleGrant
    let actor: Actor

    var userID: UUID { actor.userID }
    var role: Role { actor.role }

    func can(_ action: Action, _ place: Place) -> Bool { Policy.can(actor, action, place) }

    /// `can` on a school's roadmap of one programme year: nothing changes in a closed year.
    func can(_ action: Action, in roadmap: RoadmapContext) -> Bool {
        Policy.can(actor, action, roadmap.place, yearClosed: roadmap.cycle.status == .closed)
    }

    /// A change to a roadmap: 404 outside the person's reach (never saying it exists), and in a closed year a 403
    /// that says the year is an archive.
    func authorize(_ action: Action, in roadmap: RoadmapContext) throws {
        guard can(action, roadmap.place) else { throw Abort(.notFound) }
        guard can(action, in: roadmap) else { throw Abort(.forbidden, reason: Strings.Cycles.archived(roadmap.cycle)) }
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The principal, or a redirect to the sign-in page for pages behind it.
    func requirePrincipal() throws -> Principal {
        guard let principal else {
            let next = method == .GET ? url.string : ""
            throw Abort.redirect(to: SiteURL.login.path(query: [("next", next)]))
        }
        return principal
    }

    /// Refuses with 404 (not 403) so that a stranger learns nothing, not even that the object exists.
    func authorize(_ action: Action, _ place: Place) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.can(action, place) else { throw Abort(.notFound) }
        return principal
    }

    /// For actions on no particular object (menus, forms): refuses with 403.
    func authorizeAnywhere(_ allowed: (Principal) -> Bool) throws -> Principal {
        let principal = try requirePrincipal()
        guard allowed(principal) else { throw Abort(.forbidden) }
        return principal
    }
}

enum PrincipalLoader {
    /// Builds the principal for a session and its user: the user's grants, and the actor of the active grant.
    static func load(session: UserSession, user: User, on db: Database, today: CalendarDate) async throws -> Principal? {
        guard user.isActive, let userID = user.id else { return nil }
        let grants = try await RoleGrant.query(on: db).filter(\.$user.$id == userID)
            .with(\.$region).with(\.$municipality).with(\.$school).all()
            .filter { $0.role != nil }
            .sorted { ($0.role!, $0.createdAt ?? .distantPast) < ($1.role!, $1.createdAt ?? .distantPast) }
        guard let active = grants.first(where: { $0.id == session.activeGrantID }) ?? grants.first,
              let role = active.role else { return nil }
        let assigned: Set<UUID> = switch role {
        case .curator: try await CuratorQueries.assignedSchoolIDs(curator: userID, on: today, db: db)
        case .expert: try await ExpertiseQueries.assignedSchoolIDs(expert: userID, on: db)
        default: []
        }
        let actor = Actor(userID: userID, role: role, scope: active.place, assignedSchools: assigned)
        return Principal(user: user, session: session, grants: grants, activeGrant: active, actor: actor)
    }
}
