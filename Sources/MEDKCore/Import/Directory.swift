import Foundation

/// What an import is validated against: the territory and people already in the database.
public struct Directory: Sendable {
    public struct Region: Sendable {
        public let id: UUID
        public let name: String
        public init(id: UUID, name: String) { self.id = id; self.name = name }
    }

    public struct Municipality: Sendable {
        public let id: UUID
        public let regionID: UUID
        public let name: String
        public init(id: UUID, regionID: UUID, name: String) { self.id = id; self.regionID = regionID; self.name = name }
    }

    public struct School: Sendable {
        public let id: UUID
        public let municipalityID: UUID
        public let regionID: UUID
        public let fullName: String
        public let code: String?
        public init(id: UUID, municipalityID: UUID, regionID: UUID, fullName: String, code: String?) {
            self.id = id
            self.municipalityID = municipalityID
            self.regionID = regionID
            self.fullName = fullName
            self.code = code
        }
    }

    /// A person already in the database: the import may change them only if the importer could grant all their roles.
    public struct Person: Sendable {
        public let fullName: String
        public let grants: [(role: Role, place: Place)]
        public init(fullName: String, grants: [(role: Role, place: Place)]) {
            self.fullName = fullName
            self.grants = grants
        }
    }

    public var regions: [Region]
    public var municipalities: [Municipality]
    public var schools: [School]
    /// Existing users by lower-cased login.
    public var users: [String: Person]

    public init(regions: [Region], municipalities: [Municipality], schools: [School], users: [String: Person] = [:]) {
        self.regions = regions
        self.municipalities = municipalities
        self.schools = schools
        self.users = users
    }

    func region(named name: String) -> Region? {
        let key = ImportTable.nameKey(name)
        return regions.first { ImportTable.nameKey($0.name) == key }
    }

    /// Finds a municipality by name, within a region when one is given. Several regions have a
    /// «Краснинский район», so a name alone may be ambiguous.
    func municipality(named name: String, in regionID: UUID?) -> Result<Municipality, ImportProblem> {
        let key = ImportTable.nameKey(name)
        let found = municipalities.filter {
            ImportTable.nameKey($0.name) == key && (regionID == nil || $0.regionID == regionID)
        }
        switch found.count {
        case 1: return .success(found[0])
        case 0: return .failure(.unknownMunicipality(name))
        default: return .failure(.ambiguousMunicipality(name))
        }
    }

    func school(code: String) -> School? {
        schools.first { $0.code != nil && $0.code == code }
    }

    func school(named name: String, in municipalityID: UUID) -> School? {
        let key = ImportTable.nameKey(name)
        return schools.first { $0.municipalityID == municipalityID && ImportTable.nameKey($0.fullName) == key }
    }
}
