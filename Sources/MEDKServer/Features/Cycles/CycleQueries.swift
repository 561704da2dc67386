import Foundation
import Fluent
import MEDKCore
import Vapor

enum CycleQueries {
    /// The programme year people work in on `today`: of the open cycles, the one that started last by then (an
    /// opened cycle becomes current on its start date); before any has started, the first to start; with none
    /// open, the latest closed one, read-only. `today` nil: the open cycle that starts last, whatever the date.
    static func current(on db: Database, today: CalendarDate?) async throws -> Cycle? {
        current(among: try await shown(on: db), today: today)
    }

    /// `current` among the cycles `shown` read.
    static func current(among cycles: [Cycle], today: CalendarDate?) -> Cycle? {
        let open = cycles.filter { $0.status == .open }
        if let today { return open.first { $0.starts <= today } ?? open.last ?? cycles.first }
        return open.first ?? cycles.first
    }

    /// The cycles people can see (open and closed, not drafts), the latest start first.
    static func shown(on db: Database) async throws -> [Cycle] {
        try await Cycle.query(on: db).filter(\.$statusCode != CycleStatus.draft.rawValue).sort(\.$startsOn, .descending).all()
    }

    /// Installs a methodology as a cycle once; installing it again changes nothing.
    @discardableResult
    static func install(_ methodology: Methodology, on db: Database) async throws -> Cycle {
        if let existing = try await Cycle.query(on: db).filter(\.$year == methodology.year).first() { return existing }
        return try await db.transaction { db in
            let cycle = Cycle(year: methodology.year, title: methodology.title)
            try await cycle.create(on: db)
            try await installCatalogue(methodology, in: cycle.requireID(), on: db)
            return cycle
        }
    }

    /// The methodology's risk factors and control dates, into a cycle already written.
    static func installCatalogue(_ methodology: Methodology, in id: UUID, on db: Database) async throws {
        for factor in methodology.riskFactors {
            try await CycleRiskFactor(cycleID: id, number: factor.number, title: factor.title).create(on: db)
        }
        for date in methodology.controlDates {
            try await CycleControlDate(cycleID: id, from: date).create(on: db)
        }
    }

    /// The risk-factor titles of the current cycle's catalogue, in number order.
    static func currentFactors(today: CalendarDate, on db: Database) async throws -> [String] {
        guard let cycle = try await current(on: db, today: today) else { return [] }
        return try await factors(of: cycle.id!, on: db)
    }

    static func factors(of cycleID: UUID, on db: Database) async throws -> [String] {
        try await CycleRiskFactor.query(on: db).filter(\.$cycle.$id == cycleID).sort(\.$number).all().map(\.title)
    }

    /// A cycle's control dates change only while it is a draft (`CycleLifecycle.saveDates`, which forgets them here);
    /// an open cycle's are read once per process. Decoding them as models on every dashboard request was a tenth of its time.
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

    /// A draft's dates were corrected, or it was opened: read them again.
    func forget(_ cycle: UUID) {
        lock.withLock { entries[cycle] = nil }
    }
}

extension Request {
    private struct ShownCyclesKey: StorageKey { typealias Value = [Cycle] }

    /// The cycles people can see, read once per request: the navigation, the page and its year choice all need them.
    func shownCycles() async throws -> [Cycle] {
        if let cycles = storage[ShownCyclesKey.self] { return cycles }
        let cycles = try await CycleQueries.shown(on: db)
        storage[ShownCyclesKey.self] = cycles
        return cycles
    }

    /// The programme year a list shows: the one named in the URL (`?cycle=2021`, so a link keeps it), else the current.
    func chosenCycle() async throws -> Cycle? {
        if let year = try? query.get(Int.self, at: "cycle"), let chosen = try await shownCycles().first(where: { $0.year == year }) {
            return chosen
        }
        return try await currentCycle()
    }

    /// The current cycle (`CycleQueries.current`) on this request's day.
    func currentCycle() async throws -> Cycle? {
        CycleQueries.current(among: try await shownCycles(), today: today)
    }
}
