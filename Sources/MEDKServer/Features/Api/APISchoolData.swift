import Fluent
import Foundation
import MEDKAPI
import MEDKCore

/// Where each school of a page stands in a programme year: per roadmap step, the review state of its latest item.
enum APISchoolSteps {
    typealias S = MEDKAPI.Components.Schemas

    /// The step each kind of structured item belongs to (documents carry their own section).
    static let stepOfItem: [String: RoadmapSection] = [SelfAssessmentRecord.itemType: .selfAssessment, ProgramRecord.itemType: .programs]

    static func load(schools: [UUID], cycle: Cycle?, on db: Database) async throws -> [UUID: S.Participation] {
        guard let cycle, let cycleID = cycle.id, !schools.isEmpty else { return [:] }
        let participations = try await Participation.query(on: db).filter(\.$school.$id ~~ schools).filter(\.$cycle.$id == cycleID).all()
        guard !participations.isEmpty else { return [:] }
        let ids = participations.map { $0.id! }
        let documents = try await Document.query(on: db).filter(\.$participation.$id ~~ ids).all()
        let sectionOfDocument = Dictionary(documents.map { ($0.id!, DocumentSection(rawValue: $0.sectionCode)?.roadmapSection) }) { a, _ in a }
        let events = try await ReviewEvent.query(on: db).filter(\.$participation.$id ~~ ids).sort(\.$at).all()
        // The latest move of each item decides its state; the latest item of a step decides the step's.
        var latest: [UUID: [RoadmapSection: String]] = [:]
        for event in events {
            let section = event.itemType == "document" ? sectionOfDocument[event.itemID] ?? nil : stepOfItem[event.itemType]
            guard let section else { continue }
            latest[event.$participation.id, default: [:]][section] = event.toState
        }
        var result: [UUID: S.Participation] = [:]
        for participation in participations {
            let states = latest[participation.id!] ?? [:]
            result[participation.$school.id] = S.Participation(
                id: participation.id!.uuidString, cycleYear: cycle.year,
                steps: RoadmapSection.allCases.filter { $0 != .chat }.map { section in
                    S.Step(section: section.rawValue, title: Strings.Home.sectionTitle(section), state: states[section] ?? "empty")
                })
        }
        return result
    }
}

/// A school's documents (with their versions) and structured items of a programme year, each with its history.
enum APISchoolItems {
    typealias S = MEDKAPI.Components.Schemas

    static func load(school: UUID, cycle: Cycle?, on db: Database) async throws -> [S.Item] {
        guard let cycleID = cycle?.id,
              let participation = try await Participation.query(on: db).filter(\.$school.$id == school)
                .filter(\.$cycle.$id == cycleID).first() else { return [] }
        let participationID = participation.id!
        let documents = try await Document.query(on: db).filter(\.$participation.$id == participationID).sort(\.$createdAt).all()
        let versions = documents.isEmpty ? [] : try await DocumentVersion.query(on: db)
            .filter(\.$document.$id ~~ documents.map { $0.id! }).sort(\.$number).all()
        let versionsOf = Dictionary(grouping: versions) { $0.$document.id }
        let events = try await ReviewEvent.query(on: db).filter(\.$participation.$id == participationID).sort(\.$at).all()
        let historyOf = Dictionary(grouping: events, by: \.itemID)
        let history = { (id: UUID) in
            (historyOf[id] ?? []).map { event in
                S.HistoryEntry(at: event.at, kind: event.kind, fromState: event.fromState, toState: event.toState,
                               actorRole: event.actorRole, version: event.version, comment: event.comment)
            }
        }
        var items = documents.map { document in
            S.Item(id: document.id!.uuidString, _type: "document", section: document.sectionCode, title: document.title,
                   state: document.stateCode, currentVersion: document.currentVersion,
                   versions: (versionsOf[document.id!] ?? []).map { version in
                       S.Version(number: version.number, fileName: version.fileName, size: version.size, uploadedAt: version.uploadedAt,
                                 download: SiteURL.documentFile(.value(document.id!), number: .value(version.number)).path)
                   },
                   history: history(document.id!))
        }
        let documentIDs = Set(documents.compactMap(\.id))
        var seen = Set<UUID>()
        for event in events.reversed() where !documentIDs.contains(event.itemID) && seen.insert(event.itemID).inserted {
            items.append(S.Item(id: event.itemID.uuidString, _type: event.itemType, section: APISchoolSteps.stepOfItem[event.itemType]?.rawValue,
                                title: event.itemTitle, state: event.toState, currentVersion: event.version, versions: nil,
                                history: history(event.itemID)))
        }
        return items
    }
}
