import Foundation
import Fluent
import MEDKCore

/// The seeds' plans-schedules attached to their territories in the demo: seed 004 to the Sretensk district,
/// seed 003 (приложение № 3) to the Korenovsk district, seed 002 to the Krasninsky district. Finds before it
/// creates, so running the demo again duplicates nothing.
enum TerritoryRoadmapDemo {
    static let plans: [(region: String, municipality: String, roadmap: TerritoryRoadmap)] = [
        ("Забайкальский край", "Сретенский район", .seed004Sretensk),
        ("Краснодарский край", "Кореновский район", .seed003Korenovsk),
        ("Смоленская область", "Краснинский район", .seed002),
    ]

    static func seed(on db: Database) async throws {
        try await InstrumentQueries.installBuiltIns(on: db)
        for plan in plans {
            guard let region = try await Region.query(on: db).filter(\.$name == plan.region).first(),
                  let municipality = try await Municipality.query(on: db).filter(\.$region.$id == region.id!)
                      .filter(\.$name == plan.municipality).first() else { continue }
            let owner = municipality.place
            let roadmap = plan.roadmap
            if try await TerritoryRoadmapQueries.find(owner: owner, cycleYear: roadmap.cycleYear, title: roadmap.title,
                                                      on: db) != nil { continue }
            // Loaded when its order was signed (or, without one, early in its year): the dashboards' «План-график
            // направлен» as of a day counts a plan from the day it was loaded.
            let loaded = min(Date(), LivingYearDemo.moment(roadmap.orderDate ?? CalendarDate(year: roadmap.cycleYear, month: 2, day: 1)!,
                                                           hour: 10))
            try await db.transaction { db in
                let record = TerritoryRoadmapRecord(owner: owner, cycleYear: roadmap.cycleYear, title: roadmap.title,
                                                    orderNumber: roadmap.orderNumber, orderDate: roadmap.orderDate,
                                                    createdBy: nil, at: loaded)
                try await record.create(on: db)
                for (position, item) in roadmap.items.enumerated() {
                    try await RoadmapItemRecord(roadmapID: record.id!, position: position, item: item).create(on: db)
                }
            }
        }
    }
}
