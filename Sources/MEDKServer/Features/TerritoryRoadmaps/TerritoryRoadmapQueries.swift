import Foundation
import Fluent
import Vapor
import MEDKCore

/// The territory a plan or a monitoring belongs to: a region as a whole, or one of its municipalities.
struct TerritoryOwner: Sendable {
    let region: Region
    let municipality: Municipality?

    var id: UUID { municipality?.id ?? region.id! }
    var place: Place { Place(region: region.id, municipality: municipality?.id) }
    var name: String { municipality?.name ?? region.name }
    /// «Кореновский район (Краснодарский край)».
    var fullName: String { municipality.map { "\($0.name) (\(region.name))" } ?? region.name }
    /// The territory's own today: a mark made after midnight in Chita is in force on Chita's date, whatever the
    /// date in Moscow.
    func today(_ req: Request) -> CalendarDate { region.day(of: req.now) }
}

enum TerritoryRoadmapQueries {
    /// A region or a municipality by its id (the two never share an id).
    static func owner(_ id: UUID, on db: Database) async throws -> TerritoryOwner? {
        if let region = try await Region.find(id, on: db) { return TerritoryOwner(region: region, municipality: nil) }
        guard let municipality = try await Municipality.find(id, on: db),
              let region = try await Region.find(municipality.$region.id, on: db) else { return nil }
        return TerritoryOwner(region: region, municipality: municipality)
    }

    static func owner(of place: Place, on db: Database) async throws -> TerritoryOwner? {
        guard let id = place.municipalityID ?? place.regionID else { return nil }
        return try await owner(id, on: db)
    }

    /// The plans a territory keeps itself, newest year first.
    static func roadmaps(of owner: Place, on db: Database) async throws -> [TerritoryRoadmapRecord] {
        guard let regionID = owner.regionID else { return [] }
        let query = TerritoryRoadmapRecord.query(on: db).filter(\.$region.$id == regionID)
        if let municipalityID = owner.municipalityID {
            query.filter(\.$municipality.$id == municipalityID)
        } else {
            query.filter(\.$municipality.$id == nil)
        }
        return try await query.sort(\.$cycleYear, .descending).sort(\.$title).all()
    }

    /// Every plan inside a scope (the country, a region, a municipality), with its territory loaded.
    static func roadmaps(within scope: Place, on db: Database) async throws -> [TerritoryRoadmapRecord] {
        let query = TerritoryRoadmapRecord.query(on: db).with(\.$region).with(\.$municipality)
        if let regionID = scope.regionID { query.filter(\.$region.$id == regionID) }
        if let municipalityID = scope.municipalityID { query.filter(\.$municipality.$id == municipalityID) }
        return try await query.sort(\.$cycleYear, .descending).sort(\.$title).all()
    }

    static func roadmap(_ id: UUID, on db: Database) async throws -> TerritoryRoadmapRecord? {
        try await TerritoryRoadmapRecord.find(id, on: db)
    }

    static func find(owner: Place, cycleYear: Int, title: String, on db: Database) async throws -> TerritoryRoadmapRecord? {
        try await roadmaps(of: owner, on: db).first { $0.cycleYear == cycleYear && $0.title == title }
    }

    /// The rows in the document's order.
    static func items(of roadmapID: UUID, on db: Database) async throws -> [RoadmapItemRecord] {
        try await RoadmapItemRecord.query(on: db).filter(\.$roadmap.$id == roadmapID).sort(\.$position).all()
    }

    static func item(_ id: UUID, on db: Database) async throws -> RoadmapItemRecord? {
        try await RoadmapItemRecord.query(on: db).filter(\.$id == id).with(\.$roadmap).first()
    }

    /// Every mark of a plan, oldest first.
    static func marks(of roadmapID: UUID, on db: Database) async throws -> [RoadmapItemMark] {
        try await RoadmapItemMark.query(on: db).filter(\.$roadmap.$id == roadmapID)
            .sort(\.$markedAt).sort(\.$id).all()
    }

    static func marks(ofItem itemID: UUID, on db: Database) async throws -> [RoadmapItemMark] {
        try await RoadmapItemMark.query(on: db).filter(\.$item.$id == itemID).sort(\.$markedAt).sort(\.$id).all()
    }

    static func mark(_ id: UUID, on db: Database) async throws -> RoadmapItemMark? {
        try await RoadmapItemMark.find(id, on: db)
    }

    /// Full names of the people who made marks (shown to coordinators, never on the public page).
    static func names(of ids: Set<UUID>, on db: Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await User.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.fullName) })
    }

    /// The standing of a plan as of a day, from its items and marks.
    static func standing(of roadmapID: UUID, asOf day: CalendarDate, on db: Database) async throws -> RoadmapStanding {
        RoadmapStanding(items: try await items(of: roadmapID, on: db), marks: try await marks(of: roadmapID, on: db),
                        asOf: day)
    }
}

/// What a plan's marks say as of a day. A mark is in force from the day it was made; of the marks made by
/// the day the latest counts, so a figure for a past day never changes when items are marked later.
struct RoadmapStanding: Sendable {
    enum State: Sendable, Equatable {
        case heading
        /// No mark in force, and not overdue.
        case open
        case done(on: CalendarDate?)
        case notDone
        /// Due before the day and not done by it (possibly marked not done).
        case overdue
    }

    let asOf: CalendarDate
    let items: [RoadmapItemRecord]
    /// Item id → the mark in force on `asOf`.
    let inForce: [UUID: RoadmapItemMark]
    let share: RoadmapProgress.Share
    let overdue: Set<UUID>

    init(items: [RoadmapItemRecord], marks: [RoadmapItemMark], asOf: CalendarDate) {
        self.asOf = asOf
        self.items = items
        var inForce: [UUID: RoadmapItemMark] = [:]
        for mark in marks where mark.markedOn <= asOf.iso { inForce[mark.$item.id] = mark }
        self.inForce = inForce
        let actions = items.filter { !$0.isHeading }
        let progress = actions.map { item -> (due: CalendarDate?, doneOn: CalendarDate?) in
            let mark = inForce[item.id!]
            return (item.due, mark?.isDone == true ? (mark?.doneDay ?? asOf) : nil)
        }
        share = RoadmapProgress.shareDone(items: progress, asOf: asOf)
        overdue = Set(RoadmapProgress.overdue(items: progress, asOf: asOf).map { actions[$0].id! })
    }

    func state(of item: RoadmapItemRecord) -> State {
        if item.isHeading { return .heading }
        let mark = inForce[item.id!]
        if let mark, mark.isDone { return .done(on: mark.doneDay) }
        if overdue.contains(item.id!) { return .overdue }
        return mark == nil ? .open : .notDone
    }

    var actionCount: Int { items.filter { !$0.isHeading }.count }
    var doneCount: Int { inForce.values.filter(\.isDone).count }
}
