/// The roles of PRODUCT.md. The raw value is what the database and import files store.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case school, curator, municipal, regional, federal, expert, admin

    /// What a grant of this role is bound to. A curator belongs to a region's curator list;
    /// what it may see comes from its assignments, not from that region.
    public enum ScopeKind: Sendable, Equatable { case school, municipality, region, country }

    public var scopeKind: ScopeKind {
        switch self {
        case .school: .school
        case .municipal: .municipality
        case .regional, .curator: .region
        case .federal, .expert, .admin: .country
        }
    }

    public var isCoordinator: Bool { self == .municipal || self == .regional || self == .federal }

    private var order: Int { Role.allCases.firstIndex(of: self)! }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.order < rhs.order }
}

extension Role {
    /// The role's name as people write it in the UI and in import files.
    public var title: String {
        switch self {
        case .school: "Школа"
        case .curator: "Куратор"
        case .municipal: "Муниципальный координатор"
        case .regional: "Региональный координатор"
        case .federal: "Федеральный координатор"
        case .expert: "Эксперт"
        case .admin: "Администратор"
        }
    }

    /// Reads a role from an import cell: its title, a common short form, or its code.
    public init?(title: String) {
        let key = ImportTable.nameKey(title)
        let synonyms: [String: Role] = ["оо": .school, "школа (оо)": .school, "моуо": .municipal,
                                        "муниципальный": .municipal, "региональный": .regional,
                                        "федеральный": .federal, "администратор системы": .admin]
        if let role = Role.allCases.first(where: { ImportTable.nameKey($0.title) == key || $0.rawValue == key }) {
            self = role
        } else if let role = synonyms[key] {
            self = role
        } else {
            return nil
        }
    }
}
