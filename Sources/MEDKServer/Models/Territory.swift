import Fluent
import Foundation
import MEDKCore

final class Region: Model, @unchecked Sendable {
    static let schema = "regions"
    @ID var id: UUID?
    @Field(key: "name") var name: String
    /// Control dates are judged in the region's own zone (ENGINEERING.md, "Time").
    @Field(key: "time_zone") var timeZone: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    init(id: UUID? = nil, name: String, timeZone: String = "Europe/Moscow") {
        self.id = id
        self.name = name
        self.timeZone = timeZone
    }

    var zone: TimeZone { TimeZone(identifier: timeZone) ?? InclusionFacts.defaultZone }

    /// The calendar day a moment falls on where the region lives: what a curator or coordinator there calls «today».
    func day(of moment: Date) -> CalendarDate { CalendarDate(moment, in: zone) }
}

final class Municipality: Model, @unchecked Sendable {
    static let schema = "municipalities"
    @ID var id: UUID?
    @Parent(key: "region_id") var region: Region
    @Field(key: "name") var name: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    init(id: UUID? = nil, regionID: UUID, name: String) {
        self.id = id
        self.$region.id = regionID
        self.name = name
    }

    var place: Place { Place(region: $region.id, municipality: id) }
}

final class School: Model, @unchecked Sendable {
    static let schema = "schools"
    @ID var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    /// Kept beside the municipality so that scope filters need no join.
    @Parent(key: "region_id") var region: Region
    @Field(key: "full_name") var fullName: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "address") var address: String
    @Field(key: "is_rural") var isRural: Bool
    @OptionalField(key: "code") var code: String?
    /// Lower-cased names and code: LIKE ignores the case of Cyrillic on neither SQLite nor PostgreSQL.
    @Field(key: "search_text") var searchText: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
    init(id: UUID? = nil, municipalityID: UUID, regionID: UUID, fullName: String, shortName: String,
         address: String, isRural: Bool, code: String?) {
        self.id = id
        self.$municipality.id = municipalityID
        self.$region.id = regionID
        self.address = address
        self.isRural = isRural
        rename(fullName: fullName, shortName: shortName, code: code)
    }

    func rename(fullName: String, shortName: String, code: String?) {
        self.fullName = fullName
        self.shortName = shortName
        self.code = code
        self.searchText = [fullName, shortName, code ?? ""].joined(separator: " ").lowercased()
    }

    var place: Place { Place(region: $region.id, municipality: $municipality.id, school: id) }
}
