import Fluent
import Foundation
import MEDKCore

/// The federal coordinator's page of one round: the draw per region, the sample with its experts, the changes.
struct ExpertisePage: Sendable {
    struct Stratum: Sendable {
        let region: String
        let population: Int
        let inSample: Int
    }

    struct SampleRow: Sendable {
        let school: School
        let region: String
        let change: ExpertiseSampleChange
        let reason: String
        let sheets: [(sheet: ExpertiseSheet, expert: String)]
    }

    struct Change: Sendable {
        let event: ExpertiseSampleEvent
        let school: String
        let actor: String
    }

    let round: ExpertiseRound
    let strata: [Stratum]
    let rows: [SampleRow]
    let changes: [Change]
    let experts: [(user: User, region: String?, load: Int)]
    let newSeed: UInt64
    var error: String?

    var sheets: [ExpertiseSheet] { rows.flatMap { $0.sheets.map(\.sheet) } }

    static func load(_ round: ExpertiseRound, on db: Database) async throws -> ExpertisePage {
        let roundID = round.id!
        let population = try await ExpertiseQueries.population(cycle: round.cycleID, on: db)
        let sample = try await ExpertiseQueries.sample(roundID, on: db)
        let regions = Dictionary(uniqueKeysWithValues: try await Region.query(on: db).all().map { ($0.id!, $0.name) })
        let populationByRegion = Dictionary(grouping: population, by: \.stratum).mapValues(\.count)
        let sampleByRegion = Dictionary(grouping: sample, by: \.regionID).mapValues(\.count)
        let strata = populationByRegion.map { Stratum(region: regions[$0.key] ?? "", population: $0.value, inSample: sampleByRegion[$0.key] ?? 0) }
            .sorted { $0.region < $1.region }

        let schools = try await ExpertiseQueries.schoolsOf(sample.map(\.participationID), on: db)
        let sheets = try await ExpertiseQueries.sheets(round: roundID, on: db)
        let expertList = try await ExpertiseQueries.experts(on: db)
        var names = Dictionary(uniqueKeysWithValues: expertList.map { ($0.user.id!, $0.user.fullName) })
        let missing = Set(sheets.map(\.expertID)).subtracting(names.keys)
        if !missing.isEmpty {
            for user in try await User.query(on: db).filter(\.$id ~~ Array(missing)).all() { names[user.id!] = user.fullName }
        }
        let sheetsOf = Dictionary(grouping: sheets, by: \.participationID)
        let rows = sample.compactMap { entry -> SampleRow? in
            guard let school = schools[entry.participationID] else { return nil }
            return SampleRow(school: school, region: regions[entry.regionID] ?? "", change: entry.change, reason: entry.reason,
                             sheets: (sheetsOf[entry.participationID] ?? []).sorted { !$0.isSecond && $1.isSecond }
                                 .map { ($0, names[$0.expertID] ?? "") })
        }.sorted { ($0.region, $0.school.fullName) < ($1.region, $1.school.fullName) }

        let events = try await ExpertiseQueries.sampleEvents(roundID, on: db)
        let changed = try await ExpertiseQueries.schoolsOf(events.map(\.participationID), on: db)
        let actors = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ Array(Set(events.map(\.actorID)))).all()
            .map { ($0.id!, $0.fullName) })
        let changes = events.map { Change(event: $0, school: changed[$0.participationID]?.fullName ?? "", actor: actors[$0.actorID] ?? "") }
        var load: [UUID: Int] = [:]
        for sheet in sheets { load[sheet.expertID, default: 0] += 1 }
        return ExpertisePage(round: round, strata: strata, rows: rows, changes: changes,
                             experts: expertList.map { ($0.user, $0.region.flatMap { regions[$0] }, load[$0.user.id!] ?? 0) },
                             newSeed: ExpertiseSampling.newSeed(), error: nil)
    }
}

/// One score sheet with the school's materials for the expert to read.
struct SheetPage: Sendable {
    let sheet: ExpertiseSheet
    let round: ExpertiseRound
    let school: School
    let expert: String
    let version: ExpertiseSheetVersion?
    let events: [ExpertiseSheetEvent]
    let documents: [(document: Document, versions: [DocumentVersion])]
    let history: [ReviewEvent]
    let canEdit: Bool
    let canDecide: Bool
    /// The materials are the expert's and the federal coordinator's to read; a published sheet shows only scores.
    let showsMaterials: Bool

    static func load(_ sheet: ExpertiseSheet, round: ExpertiseRound, principal: Principal, on db: Database) async throws -> SheetPage {
        guard let school = try await School.query(on: db).filter(\.$id == sheet.schoolID).with(\.$region).with(\.$municipality).first() else {
            throw ExpertiseRefusal(message: Strings.Expertise.sheetGone)
        }
        let expert = try await User.find(sheet.expertID, on: db)?.fullName ?? ""
        let events = try await ExpertiseSheetEvent.query(on: db).filter(\.$sheetID == sheet.id!).sort(\.$at).all()
        let own = principal.role == .expert && sheet.expertID == principal.userID
        let manager = principal.can(.manageExpertise, .country)
        let showsMaterials = own || manager
        var documents: [(Document, [DocumentVersion])] = []
        var history: [ReviewEvent] = []
        if showsMaterials {
            let list = try await DocumentQueries.documents(of: sheet.participationID, on: db).filter { $0.state != .withdrawn }
            let versions = try await DocumentVersion.query(on: db).filter(\.$document.$id ~~ list.map { $0.id! }).sort(\.$number).all()
            let byDocument = Dictionary(grouping: versions, by: { $0.$document.id })
            documents = list.map { ($0, byDocument[$0.id!] ?? []) }
            history = try await ReviewEvent.query(on: db).filter(\.$participation.$id == sheet.participationID)
                .sort(\.$at, .descending).limit(200).all()
        }
        return SheetPage(sheet: sheet, round: round, school: school, expert: expert,
                         version: try await ExpertiseQueries.latestVersion(of: sheet, on: db), events: events,
                         documents: documents, history: history,
                         canEdit: own && round.status == .open && [.draft, .returned].contains(sheet.state),
                         canDecide: manager && round.status == .open && sheet.state == .submitted,
                         showsMaterials: showsMaterials)
    }
}
