import Fluent
import MEDKCore
import Vapor

/// One activated direction of a school's current roadmap, with its program if the school started one.
struct DirectionContext: Sendable {
    let roadmap: RoadmapContext
    let direction: DirectionRecord
    let factorTitle: String
    let program: ProgramRecord?

    var number: Int { direction.factor }
    var schoolID: UUID { roadmap.school.id! }
    var title: String { Strings.Direction.title(number, factorTitle) }
}

/// A stage document and the measures it evidences.
struct Evidence: Sendable {
    let document: Document
    let measureIDs: Set<String>
}

enum DirectionQueries {
    /// The direction `factor` of the school's current roadmap, authorized for viewing; 404 otherwise.
    static func context(_ req: Request) async throws -> (Principal, DirectionContext) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let factor = req.parameters.get("factor", as: Int.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.viewSchool, roadmap.place)
        guard let direction = try await DirectionRecord.query(on: req.db)
            .filter(\.$participation.$id == roadmap.participationID).filter(\.$factor == factor).first()
        else { throw Abort(.notFound) }
        let factors = try await CycleQueries.factors(of: roadmap.cycle.id!, on: req.db)
        let program = try await ProgramRecord.query(on: req.db).filter(\.$direction.$id == direction.id!).first()
        return (principal, DirectionContext(roadmap: roadmap, direction: direction,
                                            factorTitle: factor <= factors.count ? factors[factor - 1] : "", program: program))
    }

    static func directions(of participation: UUID, on db: Database) async throws -> [DirectionRecord] {
        try await DirectionRecord.query(on: db).filter(\.$participation.$id == participation).sort(\.$factor).all()
    }

    static func programs(of participation: UUID, on db: Database) async throws -> [ProgramRecord] {
        try await ProgramRecord.query(on: db).filter(\.$participation.$id == participation).with(\.$direction).all()
            .sorted { $0.direction.factor < $1.direction.factor }
    }

    /// The stage documents of a direction with the measures each evidences.
    static func evidence(of direction: DirectionContext, section: DocumentSection, on db: Database) async throws -> [Evidence] {
        let documents = try await Document.query(on: db).filter(\.$participation.$id == direction.roadmap.participationID)
            .filter(\.$directionID == direction.direction.id).filter(\.$sectionCode == section.rawValue)
            .with(\.$versions).sort(\.$createdAt).all()
        guard !documents.isEmpty else { return [] }
        let links = try await DocumentMeasure.query(on: db).filter(\.$document.$id ~~ documents.compactMap(\.id)).all()
        let byDocument = Dictionary(grouping: links, by: { $0.$document.id })
        return documents.map { Evidence(document: $0, measureIDs: Set((byDocument[$0.id!] ?? []).map(\.measureID))) }
    }
}

extension Cycle {
    /// The days a cycle's plans may name: its calendar year.
    var period: ClosedRange<CalendarDate> {
        CalendarDate(year: year, month: 1, day: 1)!...CalendarDate(year: year, month: 12, day: 31)!
    }
}
