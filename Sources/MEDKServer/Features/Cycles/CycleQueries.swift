import Foundation
import Fluent
import MEDKCore
import Vapor

enum CycleQueries {
    /// The programme year people work in now: the latest cycle.
    static func current(on db: Database) async throws -> Cycle? {
        try await Cycle.query(on: db).sort(\.$year, .descending).first()
    }

    /// Installs a methodology as a cycle once; installing it again changes nothing.
    @discardableResult
    static func install(_ methodology: Methodology, on db: Database) async throws -> Cycle {
        if let existing = try await Cycle.query(on: db).filter(\.$year == methodology.year).first() { return existing }
        return try await db.transaction { db in
            let cycle = Cycle(year: methodology.year, title: methodology.title)
            try await cycle.create(on: db)
            let id = try cycle.requireID()
            for factor in methodology.riskFactors {
                try await CycleRiskFactor(cycleID: id, number: factor.number, title: factor.title).create(on: db)
            }
            for date in methodology.controlDates {
                try await CycleControlDate(cycleID: id, from: date).create(on: db)
            }
            return cycle
        }
    }

    /// The risk-factor titles of the current cycle's catalogue, in number order.
    static func currentFactors(on db: Database) async throws -> [String] {
        guard let cycle = try await current(on: db) else { return [] }
        return try await factors(of: cycle.id!, on: db)
    }

    static func factors(of cycleID: UUID, on db: Database) async throws -> [String] {
        try await CycleRiskFactor.query(on: db).filter(\.$cycle.$id == cycleID).sort(\.$number).all().map(\.title)
    }

    /// A cycle's control dates are written once, with the cycle (`install`), and nothing edits them: they are
    /// read once per process. Decoding them as models on every dashboard request was a tenth of its time.
    /// The cached models are shared between requests and must not be changed.
    static func controlDates(of cycleID: UUID, on db: Database) async throws -> [CycleControlDate] {
        if let known = ControlDatesCache.shared.dates(of: cycleID) { return known }
        let dates = try await CycleControlDate.query(on: db).filter(\.$cycle.$id == cycleID).sort(\.$dateText).all()
        if !dates.isEmpty { ControlDatesCache.shared.store(dates, of: cycleID) }
        return dates
    }
}

/// The control dates of each cycle read so far (cycle ids are random, so databases never share an entry).
final class ControlDatesCache: @unchecked Sendable {
    static let shared = ControlDatesCache()
    private let lock = NSLock()
    private var entries: [UUID: [CycleControlDate]] = [:]

    func dates(of cycle: UUID) -> [CycleControlDate]? {
        lock.withLock { entries[cycle] }
    }

    func store(_ dates: [CycleControlDate], of cycle: UUID) {
        lock.withLock { entries[cycle] = dates }
    }
}

extension Request {
    private struct CurrentCycleKey: StorageKey { typealias Value = Cycle }

    /// The current cycle, read once per request: the navigation and the page both need it.
    func currentCycle() async throws -> Cycle? {
        if let cycle = storage[CurrentCycleKey.self] { return cycle }
        let cycle = try await CycleQueries.current(on: db)
        storage[CurrentCycleKey.self] = cycle
        return cycle
    }
}
