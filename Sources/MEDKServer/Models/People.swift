import Fluent
import Foundation
import MEDKCore

final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID var id: UUID?
    /// Stored lower-cased: logins are compared without case.
    @Field(key: "login") var login: String
    @Field(key: "full_name") var fullName: String
    @Field(key: "email") var email: String
    @Field(key: "phone") var phone: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$user) var grants: [RoleGrant]

    init() {}
    init(id: UUID? = nil, login: String, fullName: String, email: String = "", phone: String = "",
         passwordHash: String, isActive: Bool = true) {
        self.id = id
        self.login = login.lowercased()
        self.fullName = fullName
        self.email = email
        self.phone = phone
        self.passwordHash = passwordHash
        self.isActive = isActive
    }
}

/// A role a user holds, bound to a place of the role's kind (see `Role.scopeKind`).
final class RoleGrant: Model, @unchecked Sendable {
    static let schema = "role_grants"
    @ID var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var roleCode: String
    @OptionalParent(key: "region_id") var region: Region?
    @OptionalParent(key: "municipality_id") var municipality: Municipality?
    @OptionalParent(key: "school_id") var school: School?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    init(userID: UUID, role: Role, place: Place) {
        self.$user.id = userID
        self.roleCode = role.rawValue
        self.$region.id = place.regionID
        self.$municipality.id = place.municipalityID
        self.$school.id = place.schoolID
    }

    var role: Role? { Role(rawValue: roleCode) }
    var place: Place { Place(region: $region.id, municipality: $municipality.id, school: $school.id) }
}

/// A curator consulting a school's participation over a period of days (both ends included).
final class CuratorAssignment: Model, @unchecked Sendable {
    static let schema = "curator_assignments"
    @ID var id: UUID?
    @Parent(key: "curator_id") var curator: User
    @Parent(key: "participation_id") var participation: Participation
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    init(curatorID: UUID, participationID: UUID, startsOn: CalendarDate) {
        self.$curator.id = curatorID
        self.$participation.id = participationID
        self.startsOn = startsOn.iso
    }

    func isActive(on day: CalendarDate) -> Bool {
        startsOn <= day.iso && (endsOn.map { $0 >= day.iso } ?? true)
    }
}
