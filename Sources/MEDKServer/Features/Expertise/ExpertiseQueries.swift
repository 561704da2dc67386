import Fluent
import Foundation
import MEDKCore
import SQLKit

/// A school in a round's sample as its latest sample event left it.
struct SampleEntry: Sendable {
    let participationID: UUID
    let regionID: UUID
    let change: ExpertiseSampleChange
    let reason: String
}

/// Why a sampling or assignment request wrote nothing, in words for the page.
struct ExpertiseRefusal: Error, Sendable {
    let message: String
}

enum ExpertiseQueries {
    static func rounds(cycle: UUID? = nil, on db: Database) async throws -> [ExpertiseRound] {
        let query = ExpertiseRound.query(on: db)
        if let cycle { query.filter(\.$cycleID == cycle) }
        return try await query.sort(\.$dueOn, .descending).sort(\.$createdAt, .descending).all()
    }

    /// The schools a round draws from: every participation of its year, stratified by the school's region.
    static func population(cycle: UUID, on db: Database) async throws -> [SamplingCandidate] {
        guard let sql = db as? SQLDatabase else { throw MigrationNeedsSQL() }
        return try await sql.select().column(SQLColumn("id", table: Participation.schema), as: "participation")
            .column(SQLColumn("region_id", table: School.schema), as: "region")
            .from(Participation.schema)
            .join(School.schema, on: SQLColumn("school_id", table: Participation.schema), .equal, SQLColumn("id", table: School.schema))
            .where(SQLColumn("cycle_id", table: Participation.schema), .equal, SQLBind(cycle))
            .all().map { SamplingCandidate(id: try $0.decode(column: "participation", as: UUID.self),
                                           stratum: try $0.decode(column: "region", as: UUID.self)) }
    }

    /// The sample now: each school's latest event, unless it removed the school.
    static func sample(_ round: UUID, on db: Database) async throws -> [SampleEntry] {
        var latest: [UUID: ExpertiseSampleEvent] = [:]
        for event in try await ExpertiseSampleEvent.query(on: db).filter(\.$roundID == round).sort(\.$seq).all() {
            latest[event.participationID] = event
        }
        return latest.values.compactMap { event in
            guard let kind = event.kind, kind != .removed else { return nil }
            return SampleEntry(participationID: event.participationID, regionID: event.regionID, change: kind, reason: event.reason)
        }
    }

    static func sampleEvents(_ round: UUID, on db: Database) async throws -> [ExpertiseSampleEvent] {
        try await ExpertiseSampleEvent.query(on: db).filter(\.$roundID == round).filter(\.$kindCode != ExpertiseSampleChange.drawn.rawValue)
            .sort(\.$seq).all()
    }

    /// Draws the sample once: the round takes the rule and seed only if it has none (a second draw, even a parallel
    /// one, changes nothing), and the drawn schools are written as events in the same transaction.
    static func draw(_ round: ExpertiseRound, rule: SampleRule, seed: UInt64, by actor: UUID, at now: Date,
                     on db: Database) async throws -> Int {
        let population = try await population(cycle: round.cycleID, on: db)
        let drawn: [UUID: [UUID]]
        do {
            drawn = try ExpertiseSampling.draw(population, rule: rule, seed: seed)
        } catch {
            throw ExpertiseRefusal(message: try await Strings.Expertise.samplingError(error, on: db))
        }
        let ruleJSON = String(decoding: try JSONEncoder().encode(rule), as: UTF8.self)
        let roundID = round.id!
        return try await db.writeTransaction { db in
            guard let sql = db as? SQLDatabase else { throw MigrationNeedsSQL() }
            let taken = try await sql.update(ExpertiseRound.schema)
                .set("sample_rule", to: ruleJSON).set("seed", to: Int64(seed)).set("sampled_by", to: actor).set("sampled_at", to: now)
                .where("id", .equal, roundID).where("seed", .is, SQLLiteral.null)
                .where("status", .equal, ExpertiseRoundStatus.open.rawValue)
                .returning("id").all()
            guard !taken.isEmpty else { throw ExpertiseRefusal(message: Strings.Expertise.alreadyDrawn) }
            var seq = 0
            var events: [ExpertiseSampleEvent] = []
            for (region, participations) in drawn.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                for participation in participations {
                    seq += 1
                    events.append(ExpertiseSampleEvent(roundID: roundID, participationID: participation, regionID: region,
                                                       kind: .drawn, reason: "", actor: actor, at: now, seq: seq))
                }
            }
            // In slices: SQLite takes at most 32,766 bound values in one statement.
            for start in stride(from: 0, to: events.count, by: 500) {
                try await Array(events[start..<min(start + 500, events.count)]).create(on: db)
            }
            try await AuditLog.record(.expertiseSampleDrawn, by: actor, object: "expertise_round", id: roundID,
                                      Strings.Expertise.auditDrawn(round.title, count: events.count, seed: seed), at: now, on: db)
            return events.count
        }
    }

    /// Adds a school to the sample or takes it out, with the stated reason: a new event, never an edit.
    static func change(_ round: ExpertiseRound, participation: UUID, region: UUID, _ change: ExpertiseSampleChange,
                       reason: String, by actor: UUID, at now: Date, on db: Database) async throws {
        let roundID = round.id!
        try await db.writeTransaction { db in
            let inSample = try await sample(roundID, on: db).contains { $0.participationID == participation }
            switch change {
            case .added where inSample: throw ExpertiseRefusal(message: Strings.Expertise.alreadyInSample)
            case .removed where !inSample: throw ExpertiseRefusal(message: Strings.Expertise.notInSample)
            case .removed:
                let sheets = try await ExpertiseSheet.query(on: db).filter(\.$roundID == roundID)
                    .filter(\.$participationID == participation).count()
                if sheets > 0 { throw ExpertiseRefusal(message: Strings.Expertise.hasSheets) }
            default: break
            }
            let seq = (try await ExpertiseSampleEvent.query(on: db).filter(\.$roundID == roundID).max(\.$seq) ?? 0) + 1
            try await ExpertiseSampleEvent(roundID: roundID, participationID: participation, regionID: region, kind: change,
                                           reason: reason, actor: actor, at: now, seq: seq).create(on: db)
            try await AuditLog.record(change == .added ? .expertiseSchoolAdded : .expertiseSchoolRemoved, by: actor,
                                      object: "expertise_round", id: roundID, "\(round.title): \(reason)", at: now, on: db)
        }
    }

    // MARK: experts

    /// Every active expert, each with the region it works in when it also holds a regional grant (a curator, a
    /// coordinator): the assignment keeps such an expert away from its own region's schools.
    static func experts(on db: Database) async throws -> [(user: User, region: UUID?)] {
        let grants = try await RoleGrant.query(on: db).filter(\.$roleCode == Role.expert.rawValue).with(\.$user).all()
        let users = grants.map(\.user).filter(\.isActive)
        guard !users.isEmpty else { return [] }
        let others = try await RoleGrant.query(on: db).filter(\.$user.$id ~~ users.map { $0.id! })
            .filter(\.$roleCode != Role.expert.rawValue).all()
        var regionOf: [UUID: UUID] = [:]
        for grant in others.sorted(by: { ($0.roleCode, $0.id?.uuidString ?? "") < ($1.roleCode, $1.id?.uuidString ?? "") }) {
            if let region = grant.$region.id, regionOf[grant.$user.id] == nil { regionOf[grant.$user.id] = region }
        }
        var seen = Set<UUID>()
        return users.filter { seen.insert($0.id!).inserted }.sorted { $0.fullName < $1.fullName }.map { ($0, regionOf[$0.id!]) }
    }

    static func sheets(round: UUID, on db: Database) async throws -> [ExpertiseSheet] {
        try await ExpertiseSheet.query(on: db).filter(\.$roundID == round).all()
    }

    /// Every sheet of the listed rounds, for the rounds' table.
    static func sheets(rounds: [ExpertiseRound], on db: Database) async throws -> [ExpertiseSheet] {
        try await ExpertiseSheet.query(on: db).filter(\.$roundID ~~ rounds.compactMap(\.id)).all()
    }

    /// Assigns experts to the sample's schools that have none yet (balanced, at most `limit` each, away from
    /// their own region), and a second expert to `secondShare` % of them; from the round's seed, so the same
    /// request on the same data gives the same experts.
    static func assign(_ round: ExpertiseRound, limit: Int, secondShare: Int, by actor: UUID, at now: Date,
                       on db: Database) async throws -> Int {
        let roundID = round.id!
        return try await db.writeTransaction { db in
            let sample = try await sample(roundID, on: db)
            let existing = try await sheets(round: roundID, on: db)
            let covered = Set(existing.map(\.participationID))
            let open = sample.filter { !covered.contains($0.participationID) }
            guard !open.isEmpty else { throw ExpertiseRefusal(message: Strings.Expertise.nothingToAssign) }
            let experts = try await experts(on: db)
            var load: [UUID: Int] = [:]
            for sheet in existing { load[sheet.expertID, default: 0] += 1 }
            let picks: [ExpertPick]
            do {
                picks = try ExpertAssignment.assign(open.map { SampledSchool(participationID: $0.participationID, regionID: $0.regionID) },
                                                    experts: experts.map { ExpertCandidate(id: $0.user.id!, regionID: $0.region,
                                                                                           load: load[$0.user.id!] ?? 0) },
                                                    maxPerExpert: limit, secondSharePercent: secondShare,
                                                    seed: UInt64(round.seed ?? 1))
            } catch {
                throw ExpertiseRefusal(message: Strings.Expertise.assignmentError(error))
            }
            let schools = try await schoolsOf(picks.map(\.participationID), on: db)
            let sheets = picks.compactMap { pick -> ExpertiseSheet? in
                guard let school = schools[pick.participationID] else { return nil }
                return newSheet(round: roundID, participation: pick.participationID, school: school, expert: pick.expertID,
                                isSecond: pick.isSecond, by: actor, at: now)
            }
            for start in stride(from: 0, to: sheets.count, by: 500) {
                try await Array(sheets[start..<min(start + 500, sheets.count)]).create(on: db)
            }
            try await AuditLog.record(.expertsAssigned, by: actor, object: "expertise_round", id: roundID,
                                      Strings.Expertise.auditAssigned(round.title, count: sheets.count), at: now, on: db)
            return sheets.count
        }
    }

    /// One expert for one sampled school, by hand.
    static func assignOne(_ round: ExpertiseRound, participation: UUID, expert: UUID, by actor: UUID, at now: Date,
                          on db: Database) async throws {
        let roundID = round.id!
        try await db.writeTransaction { db in
            guard try await sample(roundID, on: db).contains(where: { $0.participationID == participation }) else {
                throw ExpertiseRefusal(message: Strings.Expertise.notInSample)
            }
            guard try await experts(on: db).contains(where: { $0.user.id == expert }) else {
                throw ExpertiseRefusal(message: Strings.Expertise.notAnExpert)
            }
            let existing = try await ExpertiseSheet.query(on: db).filter(\.$roundID == roundID)
                .filter(\.$participationID == participation).all()
            if existing.contains(where: { $0.expertID == expert }) { throw ExpertiseRefusal(message: Strings.Expertise.alreadyAssigned) }
            guard let school = try await schoolsOf([participation], on: db)[participation] else { throw ExpertiseRefusal(message: Strings.Expertise.notInSample) }
            try await newSheet(round: roundID, participation: participation, school: school, expert: expert,
                               isSecond: !existing.isEmpty, by: actor, at: now).create(on: db)
            try await AuditLog.record(.expertsAssigned, by: actor, object: "expertise_round", id: roundID,
                                      Strings.Expertise.auditAssigned(round.title, count: 1), at: now, on: db)
        }
    }

    private static func newSheet(round: UUID, participation: UUID, school: School, expert: UUID, isSecond: Bool,
                                 by actor: UUID, at now: Date) -> ExpertiseSheet {
        let sheet = ExpertiseSheet()
        sheet.roundID = round
        sheet.participationID = participation
        sheet.schoolID = school.id!
        sheet.regionID = school.$region.id
        sheet.expertID = expert
        sheet.isSecond = isSecond
        sheet.stateCode = ReviewState.draft.rawValue
        sheet.currentVersion = 0
        sheet.returnedAtVersion = 0
        sheet.returnComment = ""
        sheet.assignedBy = actor
        sheet.assignedAt = now
        sheet.updatedAt = now
        return sheet
    }

    /// Participation → school.
    static func schoolsOf(_ participations: [UUID], on db: Database) async throws -> [UUID: School] {
        guard !participations.isEmpty else { return [:] }
        let rows = try await Participation.query(on: db).filter(\.$id ~~ participations).with(\.$school).all()
        return Dictionary(rows.map { ($0.id!, $0.school) }) { a, _ in a }
    }

    /// The schools an expert has sheets for: what it may read.
    static func assignedSchoolIDs(expert: UUID, on db: Database) async throws -> Set<UUID> {
        Set(try await ExpertiseSheet.query(on: db).filter(\.$expertID == expert).all().map(\.schoolID))
    }

    static func latestVersion(of sheet: ExpertiseSheet, on db: Database) async throws -> ExpertiseSheetVersion? {
        guard sheet.currentVersion > 0 else { return nil }
        return try await ExpertiseSheetVersion.query(on: db).filter(\.$sheetID == sheet.id!)
            .filter(\.$number == sheet.currentVersion).first()
    }

    /// The current version of each sheet, in one query.
    static func latestVersions(of sheets: [ExpertiseSheet], on db: Database) async throws -> [UUID: ExpertiseSheetVersion] {
        let wanted = Dictionary(sheets.filter { $0.currentVersion > 0 }.map { ($0.id!, $0.currentVersion) }) { a, _ in a }
        guard !wanted.isEmpty else { return [:] }
        var result: [UUID: ExpertiseSheetVersion] = [:]
        for version in try await ExpertiseSheetVersion.query(on: db).filter(\.$sheetID ~~ Array(wanted.keys)).all()
        where wanted[version.sheetID] == version.number {
            result[version.sheetID] = version
        }
        return result
    }
}
