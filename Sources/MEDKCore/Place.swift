import Foundation

/// Where an object sits in the territory hierarchy. A nil part means "the whole level above":
/// `Place(region: r)` is the region itself, `Place()` is the whole country.
public struct Place: Hashable, Sendable {
    public var regionID: UUID?
    public var municipalityID: UUID?
    public var schoolID: UUID?

    public init(region: UUID? = nil, municipality: UUID? = nil, school: UUID? = nil) {
        self.regionID = region
        self.municipalityID = municipality
        self.schoolID = school
    }

    public static let country = Place()
}

/// A signed-in user acting in one of its roles: the subject of every authorization decision.
public struct Actor: Sendable, Equatable {
    public var userID: UUID
    public var role: Role
    /// The place the role grant is bound to (a school, a municipality, a region, or the country).
    public var scope: Place
    /// Schools a curator is assigned to today, or an expert has sheets for. Empty for other roles.
    public var assignedSchools: Set<UUID>

    public init(userID: UUID, role: Role, scope: Place, assignedSchools: Set<UUID> = []) {
        self.userID = userID
        self.role = role
        self.scope = scope
        self.assignedSchools = assignedSchools
    }
}
