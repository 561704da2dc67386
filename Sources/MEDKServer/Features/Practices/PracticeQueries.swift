import Fluent
import Foundation
import MEDKCore
import SQLKit

/// What the public catalogue is asked: words, a risk factor, a region, a year, a page.
struct CatalogueFilter: Sendable, Equatable {
    var query: String = ""
    var factor: Int?
    var region: UUID?
    var cycle: UUID?
    /// The year `cycle` is, as links carry it.
    var year: Int?
    var page: Int = 1

    static let pageSize = 20
    static let maxQuery = 200
    var offset: Int { (page - 1) * Self.pageSize }
}

/// A line of the catalogue: a published practice with where it comes from.
struct CatalogueLine: Sendable {
    let id: UUID
    let title: String
    let summary: String
    let school: String
    let region: String
    let factors: [Int]
    let publishedAt: Date?
}

enum PracticeQueries {
    static func find(_ id: UUID, on db: Database) async throws -> Practice? {
        try await Practice.find(id, on: db)
    }

    static func factors(of ids: [UUID], on db: Database) async throws -> [UUID: [Int]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await PracticeFactor.query(on: db).filter(\.$practiceID ~~ ids).all()
        return Dictionary(grouping: rows, by: \.practiceID).mapValues { $0.map(\.factorNumber).sorted() }
    }

    static func files(of id: UUID, on db: Database) async throws -> [PracticeFile] {
        try await PracticeFile.query(on: db).filter(\.$practiceID == id).sort(\.$addedAt).sort(\.$name).all()
    }

    static func events(of id: UUID, on db: Database) async throws -> [PracticeEvent] {
        try await PracticeEvent.query(on: db).filter(\.$practiceID == id).sort(\.$at).all()
    }

    /// The practices a person works with: a school its own, a curator its schools', a coordinator its territory's
    /// (a regional coordinator moderates them); newest first. `waiting`: only those submitted for a decision.
    static func list(for actor: Actor, waiting: Bool, on db: Database) async throws -> [Practice] {
        let query = Practice.query(on: db)
        switch actor.role {
        case .school: query.filter(\.$schoolID == (actor.scope.schoolID ?? UUID()))
        case .curator: query.filter(\.$schoolID ~~ Array(actor.assignedSchools))
        case .municipal: query.filter(\.$municipalityID == (actor.scope.municipalityID ?? UUID()))
        case .regional: query.filter(\.$regionID == (actor.scope.regionID ?? UUID()))
        case .federal, .admin: break
        case .expert: return []
        }
        if waiting { query.filter(\.$stateCode == ReviewState.submitted.rawValue) }
        return try await query.sort(\.$updatedAt, .descending).limit(500).all()
    }

    /// Published practices waiting nowhere: how many of a region wait for its coordinator (the menu's number).
    static func waitingCount(region: UUID, on db: Database) async throws -> Int {
        try await Practice.query(on: db).filter(\.$regionID == region)
            .filter(\.$stateCode == ReviewState.submitted.rawValue).count()
    }

    static func published(school: UUID, on db: Database) async throws -> [Practice] {
        try await Practice.query(on: db).filter(\.$schoolID == school)
            .filter(\.$stateCode == ReviewState.approved.rawValue).sort(\.$publishedAt, .descending).all()
    }

    // MARK: the catalogue

    /// Counting stops here: «более 1000» says enough, and a word found in most practices is not counted to the end.
    static let countLimit = 1000

    /// One page of published practices matching the filter, and how many match (up to `countLimit` + 1).
    static func catalogue(_ filter: CatalogueFilter, on db: Database) async throws -> (lines: [CatalogueLine], total: Int) {
        guard let sql = db as? SQLDatabase else { return ([], 0) }
        let prefixes = PracticeSearch.prefixes(filter.query)
        if !filter.query.isEmpty, prefixes.isEmpty { return ([], 0) }
        let total = try await count(filter, prefixes: prefixes, on: db)
        guard total > 0 else { return ([], 0) }
        let rows = try await sql.select()
            .columns(SQLColumn("id", table: "practices"), SQLColumn("title", table: "practices"),
                     SQLColumn("summary", table: "practices"), SQLColumn("published_at", table: "practices"))
            .column(SQLColumn("short_name", table: "schools"), as: "school")
            .column(SQLColumn("name", table: "regions"), as: "region")
            .from("practices")
            .join("schools", on: SQLColumn("school_id", table: "practices"), .equal, SQLColumn("id", table: "schools"))
            .join("regions", on: SQLColumn("region_id", table: "practices"), .equal, SQLColumn("id", table: "regions"))
            .where { matching($0, filter, prefixes: prefixes, sql: sql) }
            // Newest first, walked along the (state, published_at, id) index.
            .orderBy(SQLOrderBy(expression: SQLColumn("published_at", table: "practices"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "practices"), direction: SQLDirection.descending))
            .limit(CatalogueFilter.pageSize).offset(filter.offset)
            .all(decoding: LineRow.self)
        let factors = try await factors(of: rows.map(\.id), on: db)
        return (rows.map { CatalogueLine(id: $0.id, title: $0.title, summary: $0.summary, school: $0.school, region: $0.region,
                                         factors: factors[$0.id] ?? [], publishedAt: $0.published_at) }, total)
    }

    /// How many practices match, up to `countLimit` + 1. PostgreSQL thinks matching a stored tsvector is cheap and,
    /// with a LIMIT, reads the whole table row by row (130 ms for a common word at 20,000 practices); through the
    /// full-text index the same count takes 12 ms, so for words the count is told to use it.
    private static func count(_ filter: CatalogueFilter, prefixes: [String], on db: Database) async throws -> Int {
        let run = { @Sendable (db: Database) async throws -> Int in
            let sql = db as! SQLDatabase
            let matches = sql.select().column(SQLLiteral.numeric("1")).from("practices")
                .where { matching($0, filter, prefixes: prefixes, sql: sql) }.limit(countLimit + 1)
            return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLGroupExpression(matches.query), as: SQLIdentifier("matches")))
                .first(decoding: Count.self)?.n ?? 0
        }
        guard !prefixes.isEmpty, let sql = db as? SQLDatabase, sql.dialect.name != "sqlite" else { return try await run(db) }
        return try await db.transaction { db in
            try await (db as! SQLDatabase).raw("SET LOCAL enable_seqscan = off").run()
            return try await run(db)
        }
    }

    /// Published practices per risk factor, under the filter's region and year (not its factor or words): the
    /// catalogue's front, from the tallies the publishing moves keep.
    static func factorCounts(_ filter: CatalogueFilter, on db: Database) async throws -> [Int: Int] {
        guard let sql = db as? SQLDatabase else { return [:] }
        var query = sql.select()
            .column(SQLIdentifier("factor_number"), as: "factor")
            // PostgreSQL sums a bigint column as numeric.
            .column(SQLRaw("CAST(SUM(published) AS BIGINT)"), as: "n")
            .from("practice_tallies")
        if let region = filter.region { query = query.where("region_id", .equal, SQLBind(region)) }
        if let cycle = filter.cycle { query = query.where("cycle_id", .equal, SQLBind(cycle)) }
        let rows = try await query.groupBy("factor_number").all(decoding: FactorCount.self)
        return Dictionary(uniqueKeysWithValues: rows.filter { $0.n > 0 }.map { ($0.factor, $0.n) })
    }

    /// Publishing (+1) or unpublishing (−1) a practice, in the writer's transaction.
    static func tally(_ practice: Practice, by delta: Int, on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        for number in try await factors(of: [practice.requireID()], on: db)[practice.id!] ?? [] {
            try await sql.insert(into: "practice_tallies")
                .columns("id", "region_id", "cycle_id", "factor_number", "published")
                .values(SQLBind(UUID()), SQLBind(practice.regionID), SQLBind(practice.cycleID), SQLBind(number), SQLBind(0))
                .ignoringConflicts().run()
            try await sql.update("practice_tallies").set("published", to: SQLRaw("published + \(delta)"))
                .where("region_id", .equal, SQLBind(practice.regionID)).where("cycle_id", .equal, SQLBind(practice.cycleID))
                .where("factor_number", .equal, SQLBind(number)).run()
        }
    }

    private struct Count: Decodable { let n: Int }
    private struct FactorCount: Decodable { let factor: Int; let n: Int }
    private struct LineRow: Decodable {
        let id: UUID
        let title: String
        let summary: String
        let school: String
        let region: String
        let published_at: Date?
    }

    /// Published, and matching each part of the filter. The words are prefixes of stems holding only letters and
    /// digits (`PracticeSearch`), bound as values: nothing a visitor types reaches the query as syntax.
    private static func matching<W: SQLPredicateBuilder>(_ builder: W, _ filter: CatalogueFilter, prefixes: [String],
                                                          sql: SQLDatabase) -> W {
        var builder = builder.where(SQLColumn("state", table: "practices"), .equal, SQLBind(ReviewState.approved.rawValue))
        if let region = filter.region { builder = builder.where(SQLColumn("region_id", table: "practices"), .equal, SQLBind(region)) }
        if let cycle = filter.cycle { builder = builder.where(SQLColumn("cycle_id", table: "practices"), .equal, SQLBind(cycle)) }
        if let factor = filter.factor {
            builder = builder.where(SQLColumn("id", table: "practices"), .in, SQLGroupExpression(
                SQLQueryString("SELECT practice_id FROM practice_factors WHERE factor_number = \(bind: factor)")))
        }
        guard !prefixes.isEmpty else { return builder }
        if sql.dialect.name == "sqlite" {
            return builder.where(SQLColumn("id", table: "practices"), .in, SQLGroupExpression(
                SQLQueryString("SELECT practice_id FROM practices_fts WHERE practices_fts MATCH \(bind: PracticeSearch.fts5Match(prefixes))")))
        }
        return builder.where(SQLQueryString(
            "practices.search_vector @@ to_tsquery('simple', \(bind: PracticeSearch.tsquery(prefixes)))"))
    }

    /// Keeps SQLite's full-text table in step with a practice, inside the writer's transaction (PostgreSQL indexes the
    /// column itself).
    static func index(_ practice: Practice, on db: Database) async throws {
        guard let sql = db as? SQLDatabase, sql.dialect.name == "sqlite", let id = practice.id else { return }
        try await sql.raw("DELETE FROM practices_fts WHERE practice_id = \(bind: id.uuidString)").run()
        try await sql.raw("INSERT INTO practices_fts (practice_id, body) VALUES (\(bind: id.uuidString), \(bind: PracticeSearch.document(practice.searchText)))").run()
    }
}
