import Foundation

/// Everything a route may ask permission for. Objects are described by their `Place`.
public enum Action: Hashable, Sendable, CaseIterable {
    /// Read a school's registry card and its roadmap.
    case viewSchool
    /// Create or edit a school (the place names its municipality) or include it in a cycle.
    case manageSchool
    /// Create or edit a municipality (the place names its region).
    case manageMunicipality
    /// Create or edit a region.
    case manageRegion
    /// Assign or unassign a curator to a school's participation.
    case assignCurator
    /// See the users whose grants sit inside the place, and create users there.
    case manageUsers
    /// Grant or revoke a role bound to the place.
    case grant(Role)
    /// Read the installation's journal of changes.
    case readAudit
    /// See the outgoing e-mail and send failed messages again: the administrator's.
    case manageMail
    /// Upload, edit and submit the school's own roadmap items.
    case editRoadmap
    /// Approve or return a submitted item: only the school's curator (coordinators read).
    case review
    /// Reopen an approved item: its curator or a coordinator above the school.
    case reopen
    /// Write in the school's chat.
    case chat
    /// Read a territory's own plans-schedules and monitorings (the place is a region or a municipality).
    case viewTerritoryPlans
    /// Keep a territory's own plans-schedules and monitorings: import, mark items, open monitorings, enter values.
    case manageTerritoryPlans
    /// Read the inclusion indicators, curator work and visits of a territory (the country, a region, a
    /// municipality) or of one school, and export them.
    case viewDashboards
    /// Record that a school took part in the launch seminar: a coordinator above the school.
    case markSeminar
    /// Read a region's report on its curators' work (seed 000: the curators are paid on it), and download it.
    case viewCuratorReports
    /// Confirm a region's curators' report for a payment: the region's own coordinator.
    case confirmCuratorReport
    /// Read a school's consultation chat: whoever sees the school, except an expert, who reads only its materials.
    case readChat
    /// Run the federal expertise: rounds, the sample, experts, accepting sheets, publishing (the country).
    case manageExpertise
    /// Read a region's published expertise results and download them.
    case viewExpertiseResults
    /// Write a practice for the bank of best practices about a school (the place): the school itself or its curator.
    case submitPractice
    /// Publish a school's practice, return it or take it off the catalogue: the coordinator of the school's region.
    case moderatePractice
    /// Publish a territory's acts (orders, regulations, recommendations) on its public page: its own coordinator.
    case publishActs

    public static var allCases: [Action] {
        [.viewSchool, .manageSchool, .manageMunicipality, .manageRegion, .assignCurator, .manageUsers, .readAudit, .manageMail,
         .editRoadmap, .review, .reopen, .chat, .viewTerritoryPlans, .manageTerritoryPlans,
         .viewDashboards, .markSeminar, .viewCuratorReports, .confirmCuratorReport, .readChat, .manageExpertise,
         .viewExpertiseResults, .submitPractice, .moderatePractice, .publishActs] + Role.allCases.map { .grant($0) }
    }
}

/// The one authorization rule set of MEDK (PRODUCT.md, "Roles and what each may see and do").
/// Every route asks `Policy.can`; views never decide on their own.
import Foundation

public enum Policy {
    public static func can(_ actor: Actor, _ action: Action, _ place: Place) -> Bool {
        switch action {
        case .viewSchool:
            switch actor.role {
            case .curator: return place.schoolID.map(actor.assignedSchools.contains) ?? false
            // Experts and curators alike see only the schools given to them (an expert's: its sheets' schools).
            case .expert: return place.schoolID.map(actor.assignedSchools.contains) ?? false
            default: return covers(actor, place)
            }
        case .manageSchool, .assignCurator:
            return isTerritoryManager(actor) && covers(actor, place)
        case .manageMunicipality:
            return [.admin, .federal, .regional].contains(actor.role) && covers(actor, place)
        case .manageRegion:
            return [.admin, .federal].contains(actor.role)
        case .manageUsers:
            return isTerritoryManager(actor) && covers(actor, place)
        case .readAudit:
            return [.admin, .federal].contains(actor.role)
        case .manageMail:
            return actor.role == .admin
        case .grant(let role):
            return canGrant(actor, role, at: place)
        case .editRoadmap:
            return actor.role == .school && covers(actor, place)
        case .review:
            return isAssignedCurator(actor, place)
        case .reopen:
            return isAssignedCurator(actor, place) || isCoordinatorAbove(actor, place)
        case .chat:
            return isAssignedCurator(actor, place) || isCoordinatorAbove(actor, place)
                || (actor.role == .school && covers(actor, place))
        case .viewTerritoryPlans:
            return isTerritory(place) && (isTerritoryManager(actor) && covers(actor, place) || isOwnRegion(actor, place))
        case .manageTerritoryPlans:
            return isTerritory(place) && isOwnTerritory(actor, place)
        case .viewDashboards:
            return (actor.role.isCoordinator || actor.role == .admin) && covers(actor, place)
        case .markSeminar:
            return place.schoolID != nil && isCoordinatorAbove(actor, place)
        case .viewCuratorReports:
            return isRegion(place) && ([.federal, .admin].contains(actor.role) || actor.role == .regional && covers(actor, place))
        case .confirmCuratorReport:
            return isRegion(place) && actor.role == .regional && covers(actor, place)
        case .readChat:
            return actor.role != .expert && can(actor, .viewSchool, place)
        case .manageExpertise:
            return actor.role == .federal
        case .viewExpertiseResults:
            return isRegion(place) && ([.federal, .admin].contains(actor.role) || actor.role == .regional && covers(actor, place))
        case .submitPractice:
            return place.schoolID != nil && (actor.role == .school && covers(actor, place) || isAssignedCurator(actor, place))
        case .moderatePractice:
            return place.schoolID != nil && actor.role == .regional && covers(actor, place)
        case .publishActs:
            return isTerritory(place) && isOwnTerritory(actor, place)
        }
    }

    private static func isRegion(_ place: Place) -> Bool {
        place.regionID != nil && place.municipalityID == nil && place.schoolID == nil
    }

    /// A territory's own plan belongs to a region (`Place(region:)`) or a municipality, never to a school.
    private static func isTerritory(_ place: Place) -> Bool {
        place.regionID != nil && place.schoolID == nil
    }

    /// The coordinator's own territory exactly: a regional keeps its region's plans, not its municipalities'.
    private static func isOwnTerritory(_ actor: Actor, _ place: Place) -> Bool {
        switch actor.role {
        case .municipal: return actor.scope.municipalityID != nil && place.municipalityID == actor.scope.municipalityID
        case .regional: return actor.scope.regionID != nil && place.municipalityID == nil && place.regionID == actor.scope.regionID
        default: return false
        }
    }

    /// A municipal coordinator reads the plans of its region as a whole: they are what its municipality carries out.
    private static func isOwnRegion(_ actor: Actor, _ place: Place) -> Bool {
        actor.role == .municipal && place.municipalityID == nil && place.regionID == actor.scope.regionID
    }

    private static func isCoordinatorAbove(_ actor: Actor, _ place: Place) -> Bool {
        actor.role.isCoordinator && covers(actor, place)
    }

    private static func isAssignedCurator(_ actor: Actor, _ place: Place) -> Bool {
        actor.role == .curator && place.schoolID.map(actor.assignedSchools.contains) == true
    }

    /// The roles the actor may grant somewhere inside its own scope (for the role choice of a form).
    public static func grantableRoles(by actor: Actor) -> [Role] {
        Role.allCases.filter { role in
            let region = actor.scope.regionID ?? UUID()
            let municipality = actor.scope.municipalityID ?? UUID()
            let place: Place = switch role.scopeKind {
            case .country: .country
            case .region: Place(region: region)
            case .municipality: Place(region: region, municipality: municipality)
            case .school: Place(region: region, municipality: municipality, school: actor.scope.schoolID ?? UUID())
            }
            return can(actor, .grant(role), place)
        }
    }

    /// Whether the actor may change another person (contact data, grants, blocking) who holds `grants`:
    /// only if it could grant every one of them. A municipal coordinator who shares a school with the
    /// administrator must not be able to take the administrator's account over. A person with no grant
    /// at all is kept by whoever manages users country-wide.
    public static func canChangeUser(_ actor: Actor, holding grants: [(role: Role, place: Place)]) -> Bool {
        guard !grants.isEmpty else { return can(actor, .manageUsers, .country) }
        return grants.allSatisfy { can(actor, .grant($0.role), $0.place) }
    }

    /// Roles that keep people and territory: the admin and every coordinator.
    private static func isTerritoryManager(_ actor: Actor) -> Bool {
        [.admin, .federal, .regional, .municipal].contains(actor.role)
    }

    private static func canGrant(_ actor: Actor, _ role: Role, at place: Place) -> Bool {
        guard placeFits(role, place) else { return false }
        switch actor.role {
        case .admin: return true
        case .federal: return role != .admin
        case .regional: return [.municipal, .curator, .school].contains(role) && covers(actor, place)
        case .municipal: return role == .school && covers(actor, place)
        default: return false
        }
    }

    /// A grant's place must be exactly of the kind its role is bound to.
    static func placeFits(_ role: Role, _ place: Place) -> Bool {
        switch role.scopeKind {
        case .school: return place.schoolID != nil && place.municipalityID != nil && place.regionID != nil
        case .municipality: return place.schoolID == nil && place.municipalityID != nil && place.regionID != nil
        case .region: return place.schoolID == nil && place.municipalityID == nil && place.regionID != nil
        case .country: return place == .country
        }
    }

    /// Whether the actor's own scope contains the place.
    public static func covers(_ actor: Actor, _ place: Place) -> Bool {
        switch actor.role.scopeKind {
        case .country: return true
        case .region: return actor.scope.regionID != nil && place.regionID == actor.scope.regionID
        case .municipality:
            return actor.scope.municipalityID != nil && place.municipalityID == actor.scope.municipalityID
        case .school: return actor.scope.schoolID != nil && place.schoolID == actor.scope.schoolID
        }
    }
}

extension Action {
    /// Whether the action changes something of a school's roadmap in a programme year: refused once the year is closed.
    public var changesRoadmap: Bool {
        switch self {
        case .editRoadmap, .review, .reopen, .chat, .assignCurator, .markSeminar: true
        default: false
        }
    }
}

extension Policy {
    /// `can` in a programme year that may be closed: a closed year is an archive, read only for everyone.
    public static func can(_ actor: Actor, _ action: Action, _ place: Place, yearClosed: Bool) -> Bool {
        !(yearClosed && action.changesRoadmap) && can(actor, action, place)
    }
}
