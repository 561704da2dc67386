import Foundation
import Fluent
import MEDKCore

/// A participation with its school loaded: the subject of every roadmap page.
struct RoadmapContext: Sendable {
    let participation: Participation
    let school: School
    let cycle: Cycle

    var place: Place { school.place }
    var participationID: UUID { participation.id! }
}

enum DocumentQueries {
    /// The school's participation in the current cycle, with its school (and territory) loaded.
    static func currentRoadmap(of schoolID: UUID, today: CalendarDate, on db: Database) async throws -> RoadmapContext? {
        guard let cycle = try await CycleQueries.current(on: db, today: today), let school = try await SchoolQueries.find(schoolID, on: db),
              let participation = try await SchoolQueries.participation(school: schoolID, cycle: cycle.id!, on: db)
        else { return nil }
        return RoadmapContext(participation: participation, school: school, cycle: cycle)
    }

    static func roadmap(ofParticipation id: UUID, on db: Database) async throws -> RoadmapContext? {
        guard let participation = try await Participation.query(on: db).filter(\.$id == id).with(\.$cycle).first(),
              let school = try await SchoolQueries.find(participation.$school.id, on: db) else { return nil }
        return RoadmapContext(participation: participation, school: school, cycle: participation.cycle)
    }

    static func documents(of participation: UUID, section: DocumentSection? = nil, on db: Database) async throws -> [Document] {
        let query = Document.query(on: db).filter(\.$participation.$id == participation)
        if let section { query.filter(\.$sectionCode == section.rawValue) }
        return try await query.sort(\.$createdAt).all()
    }

    static func document(_ id: UUID, on db: Database) async throws -> Document? {
        try await Document.query(on: db).filter(\.$id == id).with(\.$versions).first()
    }

    static func history(of item: UUID, on db: Database) async throws -> [ReviewEvent] {
        try await ReviewEvent.query(on: db).filter(\.$itemID == item).sort(\.$at).all()
    }

    /// The latest return or reopen comment of each document: what the school must change.
    static func lastComments(for documents: [UUID], on db: Database) async throws -> [UUID: ReviewEvent] {
        guard !documents.isEmpty else { return [:] }
        let events = try await ReviewEvent.query(on: db).filter(\.$itemID ~~ documents)
            .filter(\.$kind ~~ [ReviewEventKind.returned.rawValue, ReviewEventKind.reopened.rawValue])
            .sort(\.$at).all()
        return Dictionary(events.map { ($0.itemID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Names of the people behind events and versions.
    static func names(of users: Set<UUID>, on db: Database) async throws -> [UUID: String] {
        guard !users.isEmpty else { return [:] }
        let found = try await User.query(on: db).filter(\.$id ~~ Array(users)).all()
        return Dictionary(uniqueKeysWithValues: found.map { ($0.id!, $0.fullName) })
    }
}
