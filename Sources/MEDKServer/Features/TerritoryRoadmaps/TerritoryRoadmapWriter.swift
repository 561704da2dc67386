import Fluent
import MEDKCore
import SQLKit
import Vapor

/// Everything that changes a territory's plan: each change in one transaction with its audit record.
enum TerritoryRoadmapWriter {
    /// The plan's own fields, from the import form (or a seed).
    struct Header: Sendable {
        var title: String
        var orderNumber: String?
        var orderDate: CalendarDate?
        var cycleYear: Int
    }

    /// Why a re-import is refused although every row is right.
    enum Refusal: Error, Equatable {
        /// The file drops rows that carry marks; their numbers (or actions) as shown.
        case markedItemsMissing([String])
    }

    /// Creates the plan, or brings the plan of the same territory, year and title up to the file: rows are
    /// matched by their place in the document. Importing the same file again changes nothing.
    static func importItems(_ items: [RoadmapItem], header: Header, into existing: TerritoryRoadmapRecord?, owner: Place,
                            by principal: Principal, at now: Date, on db: Database)
        async throws -> (TerritoryRoadmapRecord, ImportOutcome)
    {
        try await db.writeTransaction(idempotent: true) { db in
            var outcome = ImportOutcome()
            let roadmap: TerritoryRoadmapRecord
            var old: [RoadmapItemRecord] = []
            // Looked up again inside the write: a parallel import of the same plan may have created it.
            var found = existing
            if found == nil {
                found = try await TerritoryRoadmapQueries.find(owner: owner, cycleYear: header.cycleYear, title: header.title, on: db)
            }
            if let existing = found {
                roadmap = existing
                old = try await TerritoryRoadmapQueries.items(of: existing.id!, on: db)
                let dropped = old.dropFirst(items.count)
                if !dropped.isEmpty {
                    let marked = Set(try await RoadmapItemMark.query(on: db).filter(\.$item.$id ~~ dropped.map { $0.id! }).all()
                        .map(\.$item.id))
                    let missing = dropped.filter { marked.contains($0.id!) }
                    if !missing.isEmpty {
                        throw Refusal.markedItemsMissing(missing.map { $0.number ?? String($0.action.prefix(60)) })
                    }
                }
                if roadmap.orderNumber != header.orderNumber || roadmap.orderDate != header.orderDate?.iso {
                    roadmap.orderNumber = header.orderNumber
                    roadmap.orderDate = header.orderDate?.iso
                    try await roadmap.save(on: db)
                }
            } else {
                roadmap = TerritoryRoadmapRecord(owner: owner, cycleYear: header.cycleYear, title: header.title,
                                                 orderNumber: header.orderNumber, orderDate: header.orderDate,
                                                 createdBy: principal.userID, at: now)
                try await roadmap.create(on: db)
            }
            let roadmapID = try roadmap.requireID()
            for (position, item) in items.enumerated() {
                if position < old.count {
                    let record = old[position]
                    if record.item(cycleYear: roadmap.cycleYear) == item {
                        outcome.unchanged += 1
                    } else {
                        record.update(from: item)
                        try await record.save(on: db)
                        outcome.updated += 1
                    }
                } else {
                    try await RoadmapItemRecord(roadmapID: roadmapID, position: position, item: item).create(on: db)
                    outcome.created += 1
                }
            }
            let dropped = old.dropFirst(items.count).map { $0.id! }
            if !dropped.isEmpty {
                try await RoadmapItemRecord.query(on: db).filter(\.$id ~~ dropped).delete()
                // A delete by query passes no model middleware: the indicator tables must still be dropped.
                if let sql = db as? SQLDatabase { try await InclusionFacts.bumpVersion(on: sql) }
            }
            try await AuditLog.record(.territoryRoadmapImported, by: principal.userID, object: "territory_roadmap",
                                      id: roadmapID,
                                      "\(roadmap.title): " + Strings.Import.done(created: outcome.created, updated: outcome.updated,
                                                                                unchanged: outcome.unchanged)
                                      + (dropped.isEmpty ? "" : " " + Strings.TerritoryRoadmaps.removedRows(dropped.count)),
                                      at: now, on: db)
            return (roadmap, outcome)
        }
    }

    /// What a person reports about an item.
    enum Mark: Sendable {
        case done(on: CalendarDate, evidence: ReceivedFile?, link: String?, comment: String)
        case notDone(reason: String)
    }

    /// Adds a mark; an evidence file is stored first (a file without its row is harmless, a row without its
    /// file is not).
    static func mark(_ item: RoadmapItemRecord, _ mark: Mark, by principal: Principal, at now: Date, today: CalendarDate,
                     store: FileStore, threadPool: NIOThreadPool, on db: Database) async throws {
        if case .done(_, let file?, _, _) = mark { try await store.commit(file.temporary, threadPool: threadPool) }
        let itemID = try item.requireID()
        let roadmapID = item.$roadmap.id
        try await db.writeTransaction { db in
            let record: RoadmapItemMark
            switch mark {
            case .done(let day, let file, let link, let comment):
                if let file { try await file.register(at: now, on: db) }
                record = RoadmapItemMark(
                    itemID: itemID, roadmapID: roadmapID, isDone: true, doneOn: day, evidenceSHA256: file?.temporary.sha256,
                    evidenceName: file.map { SafeFileName.withExtension(SafeFileName.make($0.fileName), for: $0.kind) },
                    evidenceLink: link, comment: comment, by: principal.userID, at: now, on: today)
            case .notDone(let reason):
                record = RoadmapItemMark(itemID: itemID, roadmapID: roadmapID, isDone: false, doneOn: nil, evidenceSHA256: nil,
                                         evidenceName: nil, evidenceLink: nil, comment: reason, by: principal.userID,
                                         at: now, on: today)
            }
            try await record.create(on: db)
            let what = record.isDone ? Strings.TerritoryRoadmaps.doneOn(record.doneDay) : Strings.TerritoryRoadmaps.notDone
            try await AuditLog.record(.roadmapItemMarked, by: principal.userID, object: "territory_roadmap_item", id: itemID,
                                      "\(item.number ?? "") \(item.action.prefix(120)): \(what)", at: now, on: db)
        }
    }
}
